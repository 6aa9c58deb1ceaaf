import type { IpcKind, IpcNamespaceHandle } from './contracts.js';
import type {
  IpcObjects,
  MessageQueue,
  SemaphoreSet,
  SharedMemorySegment,
} from './system-views.js';

/** The kernel's IPCMNI_SHIFT: an id is its slot plus the sequence number shifted this far. */
const SEQ_SHIFT = 15;
/** ipc_min_cycle (RADIX_TREE_MAP_SIZE): slots are handed out cyclically below at least this. */
const MIN_CYCLE = 64;
/** ipc_mni: at most this many objects of a kind. */
const MAX_OBJECTS = 32768;

/**
 * The id allocator of one kind of object, as Linux 6.1's ipc_idr_alloc does it: slots are taken
 * cyclically (idr_alloc_cyclic) below max(in_use × 3/2, 64), and the sequence number only grows
 * when the slot wraps around to one at or below the last one — so a fresh namespace hands out
 * 0, 1, 2…, and a removed object's id is not given again soon.
 */
class IdTable<T extends { id: number }> {
  private readonly slots = new Map<number, T>();
  private next = 0;
  private lastSlot = -1;
  private seq = 0;

  add(make: (id: number) => T): number {
    const limit = Math.min(Math.max(Math.floor((this.slots.size * 3) / 2), MIN_CYCLE), MAX_OBJECTS);
    const slot = this.freeSlot(limit);
    if (slot <= this.lastSlot) {
      // ipcid_seq_max(): INT_MAX >> IPCMNI_SHIFT.
      this.seq = this.seq + 1 >= 0x7fffffff >> SEQ_SHIFT ? 0 : this.seq + 1;
    }
    this.lastSlot = slot;
    this.next = slot + 1;
    const id = (this.seq << SEQ_SHIFT) + slot;
    this.slots.set(slot, make(id));
    return id;
  }

  /** The object an id names: its slot must hold an object of that very sequence number. */
  get(id: number): T | undefined {
    if (!Number.isInteger(id) || id < 0) return undefined;
    const found = this.slots.get(id % (1 << SEQ_SHIFT));
    return found?.id === id ? found : undefined;
  }

  remove(id: number): boolean {
    const found = this.get(id);
    if (!found) return false;
    this.slots.delete(id % (1 << SEQ_SHIFT));
    return true;
  }

  /** In slot order, as /proc/sysvipc and `ipcs` list them. */
  list(): T[] {
    return [...this.slots.entries()].sort(([a], [b]) => a - b).map(([, object]) => object);
  }

  private freeSlot(limit: number): number {
    for (let slot = this.next; slot < limit; slot++) if (!this.slots.has(slot)) return slot;
    for (let slot = 0; slot < Math.min(this.next, limit); slot++) {
      if (!this.slots.has(slot)) return slot;
    }
    throw new Error('ENOSPC: no IPC identifiers left');
  }
}

/**
 * A System V IPC namespace: a pod's own (every container of the pod shares the sandbox's), or
 * the node's, which every `hostIPC` pod on that node shares. Ids follow the kernel's allocator
 * (`IdTable`); removal is IPC_RMID (no process attaches a segment here, so it goes at once).
 */
export class IpcNamespace implements IpcNamespaceHandle {
  private readonly sharedMemory = new IdTable<SharedMemorySegment>();
  private readonly semaphores = new IdTable<SemaphoreSet>();
  private readonly messageQueues = new IdTable<MessageQueue>();

  /** What `ipcs` lists. */
  objects(): IpcObjects {
    return {
      sharedMemory: this.sharedMemory.list().map((s) => ({ ...s })),
      semaphores: this.semaphores.list().map((s) => ({ ...s })),
      messageQueues: this.messageQueues.list().map((q) => ({ ...q })),
    };
  }

  createSharedMemory(options: { key: number; bytes: number; perms: number; owner: string }) {
    return this.sharedMemory.add((id) => ({
      key: options.key,
      id,
      owner: options.owner,
      perms: options.perms,
      bytes: options.bytes,
      attached: 0,
    }));
  }

  createSemaphores(options: { key: number; count: number; perms: number; owner: string }) {
    return this.semaphores.add((id) => ({
      key: options.key,
      id,
      owner: options.owner,
      perms: options.perms,
      semaphores: options.count,
    }));
  }

  createMessageQueue(options: { key: number; perms: number; owner: string }) {
    return this.messageQueues.add((id) => ({
      key: options.key,
      id,
      owner: options.owner,
      perms: options.perms,
      usedBytes: 0,
      messages: 0,
    }));
  }

  idOfKey(kind: IpcKind, key: number): number | undefined {
    // IPC_PRIVATE (0) never names an object: each such get makes a new one. key_t is an int.
    if ((key | 0) === 0) return undefined;
    return this.table(kind)
      .list()
      .find((object) => (object.key | 0) === (key | 0))?.id;
  }

  remove(kind: IpcKind, id: number): boolean {
    return this.table(kind).remove(id);
  }

  private table(kind: IpcKind): IdTable<{ id: number; key: number }> {
    if (kind === 'shm') return this.sharedMemory;
    return kind === 'sem' ? this.semaphores : this.messageQueues;
  }
}
