/**
 * The objects in memory: one table per resource, each mapping the storage key (`ns/name`) to
 * the object's JSON text. Holding text rather than objects makes every read a fresh deep copy
 * (`JSON.parse`), every write a deep copy (`JSON.stringify`), and a snapshot a concatenation.
 */

export interface Entry {
  readonly namespace: string;
  readonly name: string;
  readonly rv: number;
  readonly json: string;
}

class Table {
  readonly entries = new Map<string, Entry>();
  // Sorted keys, rebuilt on the first list after a create or delete.
  private keys: string[] | undefined;

  set(key: string, entry: Entry): void {
    if (!this.entries.has(key)) this.keys = undefined;
    this.entries.set(key, entry);
  }

  delete(key: string): void {
    if (this.entries.delete(key)) this.keys = undefined;
  }

  sortedKeys(): readonly string[] {
    // Default sort = UTF-16 code-unit order = etcd's byte order for Kubernetes' ASCII names.
    this.keys ??= [...this.entries.keys()].sort();
    return this.keys;
  }
}

export class ObjectTables {
  private readonly tables = new Map<string, Table>();

  get(resource: string, key: string): Entry | undefined {
    return this.tables.get(resource)?.entries.get(key);
  }

  set(resource: string, key: string, entry: Entry): void {
    let table = this.tables.get(resource);
    if (table === undefined) {
      table = new Table();
      this.tables.set(resource, table);
    }
    table.set(key, entry);
  }

  delete(resource: string, key: string): void {
    this.tables.get(resource)?.delete(key);
  }

  /** The resource's entries in storage-key order. */
  *list(resource: string): Generator<Entry> {
    const table = this.tables.get(resource);
    if (table === undefined) return;
    for (const key of table.sortedKeys()) {
      const entry = table.entries.get(key);
      if (entry !== undefined) yield entry;
    }
  }

  /** Every object, resources in name order, for a deterministic snapshot. */
  *all(): Generator<{ resource: string; json: string }> {
    for (const resource of [...this.tables.keys()].sort()) {
      for (const entry of this.list(resource)) yield { resource, json: entry.json };
    }
  }

  get size(): number {
    let n = 0;
    for (const table of this.tables.values()) n += table.entries.size;
    return n;
  }
}
