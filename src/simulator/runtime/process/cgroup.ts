import type { CommandCatalogue, SignalName } from './contracts.js';
import { MemoryAccount } from './memory-account.js';
import { CpuAccount } from './scheduler.js';
import type { SimProcess } from './sim-process.js';

/** A container cgroup's memory settings. */
export interface CgroupMemory {
  limitBytes?: number;
  parent?: MemoryAccount;
}

/**
 * The processes of one container, as its cgroup holds them: the main process, everything it
 * starts, `kubectl exec` sessions and exec probes. They share the image's command catalogue
 * and one CPU account, and die together when the container stops (`killAll`), whatever
 * their PID namespace.
 */
export class Cgroup {
  readonly cpu: CpuAccount;
  /** The memory controller: what the container's processes use, and its limit. */
  readonly memory: MemoryAccount;
  private readonly members = new Set<SimProcess>();

  constructor(
    readonly name: string,
    readonly catalogue: CommandCatalogue,
    /** `resources.limits.memory` in bytes (none by default), and the pod's cgroup above. */
    memory: CgroupMemory = {},
  ) {
    this.cpu = new CpuAccount(name);
    // memory.oom.group: the OOM killer takes the whole container, not one process.
    this.memory = new MemoryAccount(
      memory.limitBytes,
      () => this.killAll('SIGKILL'),
      memory.parent,
    );
  }

  add(process: SimProcess): void {
    this.members.add(process);
  }

  remove(process: SimProcess): void {
    this.members.delete(process);
  }

  processes(): SimProcess[] {
    return [...this.members];
  }

  get size(): number {
    return this.members.size;
  }

  /** Signals every living process of the container from outside (the runtime stopping it). */
  killAll(signal: SignalName = 'SIGKILL'): void {
    for (const process of [...this.members]) process.deliver(signal, undefined);
  }
}
