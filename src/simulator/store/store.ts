import type { KubeObject } from '../kube-object.js';
import {
  AlreadyExistsError,
  ConflictError,
  InvalidResourceVersionError,
  NotFoundError,
  StoreUnavailableError,
  TooLargeResourceVersionError,
} from './errors.js';
import { GroupCommit } from './group-commit.js';
import { deleteLine, type JournalWriter, putLine } from './journal.js';
import type { StoreLock } from './lock.js';
import { type Entry, ObjectTables } from './object-tables.js';
import { serializeSnapshot } from './snapshot.js';
import { openStateDir } from './state-dir.js';
import { SNAPSHOT_FILE, writeFileAtomic } from './state-files.js';
import { keyOf, type StoreKey, storageKey } from './store-key.js';
import {
  DEFAULT_COMPACT_BYTES,
  DEFAULT_HISTORY,
  type ListOptions,
  type ListResult,
  type StoreOptions,
  type StoreStats,
  validateOptions,
  type WriteOptions,
} from './store-options.js';
import { type ChangeType, WatchHistory } from './watch-history.js';
import { type StoreWatch, WatchHub, type WatchOptions } from './watch-hub.js';

/**
 * The simulated cluster's object store: what etcd plus the watch cache are to a real API server.
 *
 * - One global resourceVersion counter (etcd's revision); every write takes the next value and
 *   the store stamps it into `metadata.resourceVersion`. All other metadata is the caller's.
 *   An update that changes nothing is not a write (as in etcd3's store): same resourceVersion.
 * - Writes apply to memory synchronously, inside the call, so a `get` followed by an `update`
 *   in the same tick is atomic; the returned promise resolves once the write is on disk
 *   (group-commit.ts). Reads see applied writes at once.
 * - Watchers see a change only once it is durable, in resourceVersion order (watch-hub.ts).
 * - On disk: see state-files.ts for the directory layout, snapshot.ts and journal.ts for the
 *   two formats. `Store.memory()` keeps nothing on disk, for tests of other parts.
 */

interface Disk {
  readonly dir: string;
  readonly journal: JournalWriter;
  readonly lock: StoreLock;
}

export class Store {
  /** Notes from loading (e.g. a torn journal tail that was dropped), for the CLI to show. */
  readonly warnings: readonly string[];
  private rv: number;
  private readonly history: WatchHistory;
  private readonly hub: WatchHub;
  private readonly committer: GroupCommit;
  private compactAt: number;
  private compactions = 0;
  private closing: Promise<void> | undefined;

  private constructor(
    private readonly tables: ObjectTables,
    rv: number,
    private readonly disk: Disk | undefined,
    options: StoreOptions,
    warnings: string[],
  ) {
    this.rv = rv;
    this.warnings = warnings;
    this.history = new WatchHistory(options.historySize ?? DEFAULT_HISTORY, rv);
    this.hub = new WatchHub(this.history, rv);
    this.compactAt = options.compactJournalBytes ?? DEFAULT_COMPACT_BYTES;
    this.committer = new GroupCommit({
      sink: disk?.journal,
      durableRV: rv,
      onDurable: (durable) => this.hub.deliverUpTo(durable),
      ...(disk === undefined ? {} : { maintenance: () => this.maybeCompact() }),
    });
  }

  /** A store that keeps nothing on disk. */
  static memory(options: StoreOptions = {}): Store {
    validateOptions(options);
    return new Store(new ObjectTables(), 0, undefined, options, []);
  }

  /**
   * Opens (creating if needed) the state directory `dir`, or a memory store when `dir` is
   * undefined. Throws `StateError` (damaged or foreign files) or `StoreLockedError` (another
   * live process has it open), both with a message for the learner.
   */
  static async open(dir: string | undefined, options: StoreOptions = {}): Promise<Store> {
    if (dir === undefined) return Store.memory(options);
    validateOptions(options);
    const state = await openStateDir(dir);
    const disk: Disk = { dir, journal: state.journal, lock: state.lock };
    return new Store(state.tables, state.resourceVersion, disk, options, state.warnings);
  }

  /** The current (latest applied) resourceVersion, as a decimal string. */
  get resourceVersion(): string {
    return String(this.rv);
  }

  get stats(): StoreStats {
    const { commits, records } = this.committer.stats;
    return {
      resourceVersion: this.resourceVersion,
      objects: this.tables.size,
      watchers: this.hub.size,
      commits,
      records,
      compactions: this.compactions,
    };
  }

  get(resource: string, namespace: string, name: string): KubeObject | undefined {
    const entry = this.tables.get(resource, storageKey(namespace, name));
    return entry === undefined ? undefined : (JSON.parse(entry.json) as KubeObject);
  }

  /** Objects of one resource (optionally one namespace, optionally filtered) in key order. */
  list(resource: string, options: ListOptions = {}): ListResult {
    const { namespace, predicate } = options;
    const items: KubeObject[] = [];
    for (const entry of this.tables.list(resource)) {
      if (namespace !== undefined && entry.namespace !== namespace) continue;
      const object = JSON.parse(entry.json) as KubeObject;
      if (predicate === undefined || predicate(object)) items.push(object);
    }
    return { items, resourceVersion: this.resourceVersion };
  }

  /**
   * The stored JSON text of one resource's objects (optionally one namespace), in key order:
   * for answering a plain list without parsing and re-serialising every object.
   */
  listJson(resource: string, namespace?: string): { items: string[]; resourceVersion: string } {
    const items: string[] = [];
    for (const entry of this.tables.list(resource)) {
      if (namespace === undefined || entry.namespace === namespace) items.push(entry.json);
    }
    return { items, resourceVersion: this.resourceVersion };
  }

  async create(resource: string, object: KubeObject): Promise<KubeObject> {
    this.assertWritable();
    const key = keyOf(resource, object);
    if (this.tables.get(resource, storageKey(key.namespace, key.name)) !== undefined) {
      throw new AlreadyExistsError(key);
    }
    return this.put('ADDED', key, object, undefined);
  }

  async update(
    resource: string,
    object: KubeObject,
    options: WriteOptions = {},
  ): Promise<KubeObject> {
    this.assertWritable();
    const key = keyOf(resource, object);
    const current = this.current(key, options.expectedResourceVersion);
    if (stamp(object, current.rv) === current.json) {
      // Nothing changed: like etcd3's GuaranteedUpdate, no write, no new resourceVersion, no
      // event. The answer still waits until the stored state is durable.
      await this.committer.whenDurable(current.rv).catch((error: unknown) => {
        throw unavailable(error);
      });
      return JSON.parse(current.json) as KubeObject;
    }
    return this.put('MODIFIED', key, object, current);
  }

  /** Removes the object; resolves to its last state stamped with the deletion's resourceVersion. */
  async delete(
    resource: string,
    namespace: string,
    name: string,
    options: WriteOptions = {},
  ): Promise<KubeObject> {
    this.assertWritable();
    const key: StoreKey = { resource, namespace, name };
    const current = this.current(key, options.expectedResourceVersion);
    const rv = this.rv + 1;
    const json = stamp(JSON.parse(current.json) as KubeObject, rv);
    this.tables.delete(resource, storageKey(namespace, name));
    await this.commit('DELETED', key, rv, json, current, deleteLine(rv, resource, namespace, name));
    return JSON.parse(json) as KubeObject;
  }

  /**
   * Streams changes of one resource; see `WatchOptions` for replay and filtering. Throws
   * `TooLargeResourceVersionError` for a resourceVersion the store has not reached; one older
   * than the history arrives as an `EXPIRED` event instead.
   */
  watch(resource: string, options: WatchOptions): StoreWatch {
    this.assertWritable();
    const requested = options.fromResourceVersion;
    if (requested === undefined)
      return this.hub.add(resource, this.rv, this.resourceVersion, options);
    if (!/^\d+$/.test(requested) || !Number.isSafeInteger(Number(requested))) {
      throw new InvalidResourceVersionError(requested);
    }
    const from = Number(requested);
    if (from > this.rv) throw new TooLargeResourceVersionError(requested, this.resourceVersion);
    return this.hub.add(resource, from, requested, options);
  }

  /**
   * Waits for every pending write, stops the watchers (without an event), writes a final
   * snapshot and releases the lock. Later writes and watches fail with `StoreUnavailableError`.
   */
  close(): Promise<void> {
    this.closing ??= this.shutdown();
    return this.closing;
  }

  private async shutdown(): Promise<void> {
    await this.committer.idle();
    this.hub.stopAll();
    if (this.disk === undefined) return;
    try {
      if (this.committer.failure === undefined && this.disk.journal.size > 0) await this.compact();
    } finally {
      await this.disk.journal.close();
      await this.disk.lock.release();
    }
  }

  private assertWritable(): void {
    if (this.closing !== undefined) throw new StoreUnavailableError('the object store is closed');
    const failure = this.committer.failure;
    if (failure !== undefined) throw unavailable(failure.error);
  }

  private current(key: StoreKey, expected: string | undefined): Entry {
    const entry = this.tables.get(key.resource, storageKey(key.namespace, key.name));
    if (entry === undefined) throw new NotFoundError(key);
    if (expected !== undefined && expected !== '' && expected !== String(entry.rv)) {
      throw new ConflictError(key, expected, String(entry.rv));
    }
    return entry;
  }

  private async put(
    type: ChangeType,
    key: StoreKey,
    object: KubeObject,
    previous: Entry | undefined,
  ): Promise<KubeObject> {
    const rv = this.rv + 1;
    const json = stamp(object, rv);
    const entry: Entry = { namespace: key.namespace, name: key.name, rv, json };
    this.tables.set(key.resource, storageKey(key.namespace, key.name), entry);
    await this.commit(type, key, rv, json, previous, putLine(rv, key.resource, json));
    return JSON.parse(json) as KubeObject;
  }

  /** Takes the resourceVersion, records the change for watchers, waits until it is durable. */
  private async commit(
    type: ChangeType,
    key: StoreKey,
    rv: number,
    json: string,
    previous: Entry | undefined,
    line: string,
  ): Promise<void> {
    this.rv = rv;
    this.history.push({
      rv,
      type,
      resource: key.resource,
      namespace: key.namespace,
      json,
      prevJson: previous?.json,
    });
    try {
      await this.committer.submit(rv, this.disk === undefined ? '' : line);
    } catch (error) {
      throw unavailable(error);
    }
  }

  private async maybeCompact(): Promise<void> {
    if (this.disk === undefined || this.disk.journal.size < this.compactAt) return;
    try {
      await this.compact();
    } catch (error) {
      // The journal still holds everything, so this only costs disk space; try again later.
      this.compactAt *= 2;
      throw error;
    }
  }

  /**
   * Snapshot at the current resourceVersion, then empty the journal. Writes queued meanwhile
   * are in the snapshot already; their journal lines, appended after the truncate, carry
   * resourceVersions the loader skips.
   */
  private async compact(): Promise<void> {
    if (this.disk === undefined) return;
    const text = serializeSnapshot(this.rv, this.tables.all());
    await writeFileAtomic(this.disk.dir, SNAPSHOT_FILE, text);
    await this.disk.journal.truncate();
    this.compactions++;
  }
}

/** The stored text of `object` with `metadata.resourceVersion` set: a deep copy by construction. */
function stamp(object: KubeObject, rv: number): string {
  return JSON.stringify({
    ...object,
    metadata: { ...object.metadata, resourceVersion: String(rv) },
  });
}

function unavailable(error: unknown): StoreUnavailableError {
  if (error instanceof StoreUnavailableError) return error;
  const why = error instanceof Error ? error.message : String(error);
  return new StoreUnavailableError(
    `the object store stopped after a disk error (${why}); restart the simulator`,
    { cause: error },
  );
}
