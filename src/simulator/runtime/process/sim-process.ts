import { performance } from 'node:perf_hooks';
import type { FileSystem } from '../fs/file-system.js';
import type { Cgroup } from './cgroup.js';
import type { ProcessEntry, SignalName } from './contracts.js';
import type { PidNamespace } from './pid-namespace.js';
import type { Scheduler } from './scheduler.js';
import { defaultAction, isCatchable, signalExitStatus } from './signals.js';
import type { MountEntry } from './system-views.js';

/** The reason a dead process's pending operations reject with; programs let it propagate. */
export class ProcessKilledError extends Error {
  constructor(readonly status: number) {
    super(`process terminated (status ${status})`);
  }
}

/** A process group: what `kill -- -PGID` and a terminal's Ctrl-C signal together. */
export class ProcessGroup {
  readonly members = new Set<SimProcess>();
  constructor(readonly leader: SimProcess) {}
}

type Disposition = (() => void) | 'ignore';

export interface ProcessBirth {
  namespace: PidNamespace;
  cgroup: Cgroup;
  scheduler: Scheduler;
  parent: SimProcess | undefined;
  title: string;
  user: string;
  startedMs: number;
  ignoredSignals: readonly SignalName[];
  /** Leads a new process group instead of joining the parent's. */
  newGroup: boolean;
}

/**
 * One simulated process: its pids, family, signal dispositions and exit. The program itself
 * runs elsewhere (`process-host.ts`); this object is what signals and `ps` act on. A process
 * killed by a signal is dead at once — `exit` resolves, its pending sleeps and reads reject
 * with `ProcessKilledError` — whether or not its program has noticed yet.
 */
export class SimProcess {
  readonly namespace: PidNamespace;
  readonly cgroup: Cgroup;
  /** Changes only by an exec that switches user (gosu). */
  user: string;
  readonly startedMs: number;
  readonly exit: Promise<number>;
  /** Pid in its own namespace and each ancestor. */
  readonly pids = new Map<PidNamespace, number>();
  readonly children = new Set<SimProcess>();
  parent: SimProcess | undefined;
  group: ProcessGroup;
  title: string;
  /** Anonymous memory the program touched, charged to the cgroup until it exits. */
  private anonymousBytes = 0;
  /** PR_SET_CHILD_SUBREAPER: orphans below it come to it rather than to init. */
  subreaper = false;
  /** `/proc/PID/comm` when the program renamed itself (systemd); else the executable's name. */
  comm: string | undefined = undefined;
  /**
   * What `/proc/PID/cmdline` and `/proc/PID/environ` hold: the argv and environment of the last
   * exec (a fork keeps its parent's); a program that sets its title (nginx) overwrites argv.
   */
  argv: readonly string[] = [];
  environ: Readonly<Record<string, string>> = {};
  /** The filesystem the process runs in and its mount table (`/proc/PID/root`, `…/mounts`). */
  fs: FileSystem | undefined = undefined;
  mounts: (() => MountEntry[]) | undefined = undefined;
  state: ProcessEntry['state'] = 'R';
  exitStatus: number | undefined;
  /** The signal that killed the process, if one did. */
  termSignal: SignalName | undefined;
  /** Real time when the current CPU slice began (see Scheduler). */
  sliceStart = performance.now();

  /** Thread ids besides the main thread's, in each namespace the process is visible in. */
  private readonly threadIds = new Map<PidNamespace, number[]>();
  private readonly scheduler: Scheduler;
  private readonly dispositions = new Map<SignalName, Disposition>();
  private readonly killController = new AbortController();
  private resolveExit: (status: number) => void = () => {};
  private stopped: { promise: Promise<void>; resume: () => void } | undefined;

  constructor(birth: ProcessBirth) {
    this.namespace = birth.namespace;
    this.cgroup = birth.cgroup;
    this.scheduler = birth.scheduler;
    this.parent = birth.parent;
    this.title = birth.title;
    this.user = birth.user;
    this.startedMs = birth.startedMs;
    this.exit = new Promise((resolve) => {
      this.resolveExit = resolve;
    });
    for (let ns: PidNamespace | undefined = birth.namespace; ns; ns = ns.parent) {
      this.pids.set(ns, ns.register(this));
    }
    for (const signal of birth.ignoredSignals) {
      if (isCatchable(signal)) this.dispositions.set(signal, 'ignore');
    }
    const parentGroup = birth.parent?.group;
    this.group = birth.newGroup || !parentGroup ? new ProcessGroup(this) : parentGroup;
    this.group.members.add(this);
    birth.parent?.children.add(this);
    birth.cgroup.add(this);
  }

  /** Pid in its own namespace. */
  get pid(): number {
    return this.pids.get(this.namespace) ?? 0;
  }

  /** Parent pid as seen from the process's own namespace (0 when the parent is outside). */
  get ppid(): number {
    return this.parent?.pids.get(this.namespace) ?? 0;
  }

  get killed(): AbortSignal {
    return this.killController.signal;
  }

  get exited(): boolean {
    return this.exitStatus !== undefined;
  }

  /** Ignored signals survive exec; this is what a child inherits too. */
  ignoredSignals(): SignalName[] {
    return [...this.dispositions].filter(([, d]) => d === 'ignore').map(([signal]) => signal);
  }

  entryIn(namespace: PidNamespace, pid: number): ProcessEntry {
    const parentPid = this.parent?.pids.get(namespace) ?? 0;
    const threads = this.threadIds.get(namespace);
    return {
      pid,
      ppid: parentPid,
      user: this.user,
      command: this.title,
      startedMs: this.startedMs,
      state: this.exited ? 'Z' : this.state,
      ...(this.comm !== undefined ? { comm: this.comm } : {}),
      ...(threads && threads.length > 0 ? { threads: [...threads] } : {}),
    };
  }

  /**
   * Touches `bytes` more anonymous memory (negative: frees), charged to the cgroup, whose OOM
   * killer may end this process on the spot.
   */
  allocate(bytes: number): void {
    if (this.exited) return;
    const change = Math.max(-this.anonymousBytes, bytes);
    this.anonymousBytes += change;
    this.cgroup.memory.charge(change);
  }

  /** Starts `count` more threads (a Go daemon's): each takes a tid in every namespace. */
  addThreads(count: number): void {
    for (const ns of this.pids.keys()) {
      const tids = this.threadIds.get(ns) ?? [];
      tids.push(...ns.reserve(count));
      this.threadIds.set(ns, tids);
    }
  }

  handle(signal: SignalName, handler: Disposition | undefined): void {
    if (!isCatchable(signal)) return;
    if (handler === undefined) this.dispositions.delete(signal);
    else this.dispositions.set(signal, handler);
  }

  /** execve(2): caught signals go back to their default action, ignored ones stay ignored. */
  resetHandlersForExec(): void {
    for (const [signal, disposition] of [...this.dispositions]) {
      if (disposition !== 'ignore') this.dispositions.delete(signal);
    }
  }

  /**
   * Delivers `signal`. `sender` is the namespace of the sending process, or undefined when
   * the runtime sends it (container stop), which counts as an ancestor namespace.
   */
  deliver(signal: SignalName, sender: PidNamespace | undefined): void {
    if (this.exited) return;
    const isInit = this.pid === 1;
    // pid_namespaces(7): init only gets signals it handles, except SIGKILL/SIGSTOP sent
    // from an ancestor namespace.
    const fromInside = sender !== undefined && sender === this.namespace;
    if (signal === 'SIGCONT') this.resume();
    const disposition = this.dispositions.get(signal);
    if (disposition === 'ignore') return;
    if (disposition) {
      queueMicrotask(disposition);
      return;
    }
    const action = defaultAction(signal);
    if (isInit && (fromInside || !(signal === 'SIGKILL' || signal === 'SIGSTOP'))) return;
    if (action === 'terminate' || action === 'core') this.finish(signalExitStatus(signal), signal);
    else if (action === 'stop') this.stop();
  }

  /** Cooperative scheduling point; throws `ProcessKilledError` once the process is dead. */
  async yield(): Promise<void> {
    this.throwIfDead();
    while (this.stopped) {
      await this.stopped.promise;
      this.throwIfDead();
    }
    const ran = performance.now() - this.sliceStart;
    if (ran >= this.scheduler.sliceMs) {
      await this.scheduler.suspend(this.cgroup.cpu, ran);
      this.sliceStart = performance.now();
      this.throwIfDead();
    }
  }

  /** The process just finished waiting on something: its next slice starts now. */
  awaken(): void {
    this.sliceStart = performance.now();
  }

  throwIfDead(): void {
    if (this.exitStatus !== undefined) throw new ProcessKilledError(this.exitStatus);
  }

  /** The process is gone: its exit status is `status` (0–255, or 128+n for a signal). */
  finish(status: number, signal?: SignalName): void {
    if (this.exited) return;
    this.exitStatus = status;
    this.termSignal = signal;
    this.state = 'Z';
    this.killController.abort(new ProcessKilledError(status));
    this.stopped?.resume();
    this.group.members.delete(this);
    this.cgroup.remove(this);
    // The kernel frees an exiting process's anonymous memory.
    this.cgroup.memory.charge(-this.anonymousBytes);
    this.anonymousBytes = 0;
    this.parent?.children.delete(this);
    this.parent?.deliver('SIGCHLD', this.parent.namespace);
    const reaper = this.reaper();
    for (const child of this.children) {
      child.parent = reaper && reaper !== child ? reaper : undefined;
      child.parent?.children.add(child);
    }
    this.children.clear();
    // Reaped at once: every parent here waits for its children.
    for (const [ns, pid] of this.pids) ns.unregister(pid);
    if (this.pid === 1) {
      for (const other of this.namespace.processes()) other.deliver('SIGKILL', undefined);
    }
    this.resolveExit(status);
  }

  /**
   * Who adopts this process's orphans (find_new_reaper): the nearest living ancestor marked
   * as a subreaper in the same namespace (containerd's shim, for a hostPID container), else
   * the init of this process's namespace — so a container's main process whose shim dies goes
   * to the node's init, never to itself.
   */
  private reaper(): SimProcess | undefined {
    const init = this.namespace.init;
    for (let up = this.parent; up && up !== init; up = up.parent) {
      if (!up.pids.has(this.namespace)) break;
      if (up.subreaper && !up.exited) return up;
    }
    return init && init !== this && !init.exited ? init : undefined;
  }

  private stop(): void {
    if (this.stopped) return;
    let resume = () => {};
    const promise = new Promise<void>((resolve) => {
      resume = resolve;
    });
    this.stopped = {
      promise,
      resume: () => {
        this.stopped = undefined;
        if (!this.exited) this.state = 'R';
        resume();
      },
    };
    this.state = 'T';
  }

  private resume(): void {
    this.stopped?.resume();
  }
}
