import type { CommandCatalogue, SignalName } from './contracts.js';
import { CpuAccount } from './scheduler.js';
import type { SimProcess } from './sim-process.js';

/**
 * The processes of one container, as its cgroup holds them: the main process, everything it
 * starts, `kubectl exec` sessions and exec probes. They share the image's command catalogue
 * and one CPU account, and die together when the container stops (`killAll`), whatever
 * their PID namespace.
 */
export class Cgroup {
  readonly cpu: CpuAccount;
  private readonly members = new Set<SimProcess>();

  constructor(
    readonly name: string,
    readonly catalogue: CommandCatalogue,
  ) {
    this.cpu = new CpuAccount(name);
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
