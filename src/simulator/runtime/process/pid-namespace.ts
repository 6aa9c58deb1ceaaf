import type { ProcessEntry, ProcessTable, SignalName } from './contracts.js';
import type { SimProcess } from './sim-process.js';

/**
 * A PID namespace: a container's own, the pod's shared one (pause is PID 1), or the node's.
 * Namespaces nest: a process has a pid in its own namespace and in every ancestor, so a
 * `hostPID` pod sees every container's processes under node pids. PID 1 is the namespace's
 * init: it ignores signals it has no handler for when they come from inside, and its death
 * takes every other process of the namespace with it (pid_namespaces(7)).
 */
export class PidNamespace {
  private nextPid = 1;
  private readonly byPid = new Map<number, SimProcess>();

  constructor(readonly parent?: PidNamespace) {}

  /** Called by the host when `process` is born here (and in every ancestor). */
  register(process: SimProcess): number {
    const pid = this.nextPid++;
    this.byPid.set(pid, process);
    return pid;
  }

  /**
   * Takes the next `count` pids without a process behind them: thread ids of a daemon, or the
   * pids a booting node used up before the processes this simulation shows.
   */
  reserve(count = 1): number[] {
    const pids: number[] = [];
    for (let i = 0; i < count; i++) pids.push(this.nextPid++);
    return pids;
  }

  unregister(pid: number): void {
    this.byPid.delete(pid);
  }

  get(pid: number): SimProcess | undefined {
    return this.byPid.get(pid);
  }

  /** The namespace's init, while it lives. */
  get init(): SimProcess | undefined {
    return this.byPid.get(1);
  }

  processes(): SimProcess[] {
    return [...this.byPid.values()];
  }

  /** Whether this namespace is `other` or one of its ancestors (sees its processes). */
  contains(other: PidNamespace): boolean {
    for (let ns: PidNamespace | undefined = other; ns; ns = ns.parent) {
      if (ns === this) return true;
    }
    return false;
  }

  /** What `ps` shows in this namespace, by pid. */
  list(): ProcessEntry[] {
    return [...this.byPid.entries()]
      .sort(([a], [b]) => a - b)
      .map(([pid, process]) => process.entryIn(this, pid));
  }

  /** `kill(2)` from a process of this namespace; a negative pid names a process group. */
  kill(pid: number, signal: SignalName): boolean {
    if (pid < 0) {
      const leader = this.byPid.get(-pid);
      const members = leader ? [...leader.group.members].filter((p) => p.pids.has(this)) : [];
      for (const member of members) member.deliver(signal, this);
      return members.length > 0;
    }
    const target = this.byPid.get(pid);
    if (!target || target.exited) return false;
    target.deliver(signal, this);
    return true;
  }

  /** The `ProcessTable` programs of this namespace see. */
  table(): ProcessTable {
    return {
      list: () => this.list(),
      kill: (pid, signal) => this.kill(pid, signal),
    };
  }
}
