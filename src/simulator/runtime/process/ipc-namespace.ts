import type { IpcNamespaceHandle } from './contracts.js';
import type {
  IpcObjects,
  MessageQueue,
  SemaphoreSet,
  SharedMemorySegment,
} from './system-views.js';

/**
 * A System V IPC namespace: a pod's own (every container of the pod shares the sandbox's), or
 * the node's, which every `hostIPC` pod on that node shares. Ids follow the kernel's
 * ipc_idr_alloc: the slot index plus a sequence number shifted by 15 bits that grows with each
 * object of the kind, so a fresh namespace hands out 0, then 32769, then 65538.
 */
export class IpcNamespace implements IpcNamespaceHandle {
  private readonly sharedMemory: SharedMemorySegment[] = [];
  private readonly semaphores: SemaphoreSet[] = [];
  private readonly messageQueues: MessageQueue[] = [];
  private readonly sequence = { shm: 0, sem: 0, msg: 0 };

  /** What `ipcs` lists. */
  objects(): IpcObjects {
    return {
      sharedMemory: this.sharedMemory.map((s) => ({ ...s })),
      semaphores: this.semaphores.map((s) => ({ ...s })),
      messageQueues: this.messageQueues.map((q) => ({ ...q })),
    };
  }

  createSharedMemory(options: { key: number; bytes: number; perms: number; owner: string }) {
    const id = this.nextId('shm', this.sharedMemory.length);
    this.sharedMemory.push({
      key: options.key,
      id,
      owner: options.owner,
      perms: options.perms,
      bytes: options.bytes,
      attached: 0,
    });
    return id;
  }

  createSemaphores(options: { key: number; count: number; perms: number; owner: string }) {
    const id = this.nextId('sem', this.semaphores.length);
    this.semaphores.push({
      key: options.key,
      id,
      owner: options.owner,
      perms: options.perms,
      semaphores: options.count,
    });
    return id;
  }

  createMessageQueue(options: { key: number; perms: number; owner: string }) {
    const id = this.nextId('msg', this.messageQueues.length);
    this.messageQueues.push({
      key: options.key,
      id,
      owner: options.owner,
      perms: options.perms,
      usedBytes: 0,
      messages: 0,
    });
    return id;
  }

  private nextId(kind: 'shm' | 'sem' | 'msg', index: number): number {
    const seq = this.sequence[kind]++;
    return index + seq * 32768;
  }
}
