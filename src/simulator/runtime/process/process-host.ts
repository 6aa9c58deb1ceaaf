import type { FileSystem } from '../fs/file-system.js';
import { Cgroup, type CgroupMemory } from './cgroup.js';
import type {
  CommandCatalogue,
  ExecRequest,
  InputStream,
  IpcNamespaceHandle,
  OutputStream,
  PodNetwork,
  ProcessContext,
  Program,
  SignalName,
  SpawnedProcess,
  SpawnRequest,
} from './contracts.js';
import { PidNamespace } from './pid-namespace.js';
import { processClock, processInput, processOutput, signalPort } from './process-context.js';
import { Scheduler, type SchedulerOptions } from './scheduler.js';
import type { SimulatedClock } from './sim-clock.js';
import { ProcessKilledError, SimProcess } from './sim-process.js';
import { toBytes } from './streams.js';
import type { IpcObjects, MountEntry } from './system-views.js';
import { unreachableNetwork } from './unreachable-network.js';

/** containerd's PATH for images that set none. */
export const DEFAULT_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

export interface ProcessHostOptions {
  clock: SimulatedClock;
  scheduler?: SchedulerOptions;
}

/** Everything a top-level process (a container's main process, an exec session) starts with. */
export interface StartRequest {
  argv: string[];
  env: Record<string, string>;
  cwd: string;
  stdin: InputStream;
  stdout: OutputStream;
  stderr: OutputStream;
  fs: FileSystem;
  namespace: PidNamespace;
  cgroup: Cgroup;
  network?: PodNetwork;
  /** The container's mount table (`mount`, `df`); programs derive one from `fs` without it. */
  mounts?: () => MountEntry[];
  /** The IPC namespace's objects (`ipcs`); none without it. */
  ipc?: () => IpcObjects;
  /** The IPC namespace (`ipcmk` creates in it); its objects are the `ipc` view unless one is given. */
  ipcNamespace?: IpcNamespaceHandle & { objects(): IpcObjects };
  /** What `ps` shows in USER (default root). */
  user?: string;
  /**
   * The process this one hangs off in the namespaces above its own (containerd's shim for a
   * container's processes): its parent on the node, while its own namespace sees ppid 0.
   */
  parent?: SimProcess;
  program?: Program;
  executable?: string;
  ignoredSignals?: SignalName[];
}

export interface StartedProcess extends SpawnedProcess {
  readonly process: SimProcess;
}

/** What a process shares with its parent: children see the same world. */
interface Surroundings {
  fs: FileSystem;
  network: PodNetwork;
  mounts?: () => MountEntry[];
  ipc?: () => IpcObjects;
  ipcNamespace?: IpcNamespaceHandle;
}

/**
 * Runs simulated processes: creates them in their PID namespace and cgroup, resolves argv[0]
 * through the container's command catalogue, hands each program its `ProcessContext`, and
 * turns a program's return (or its death by signal) into an exit status. `kill` from here
 * is the runtime's (an ancestor namespace): it can SIGKILL a PID 1 that ignores SIGTERM.
 */
export class ProcessHost {
  readonly clock: SimulatedClock;
  readonly scheduler: Scheduler;

  constructor(options: ProcessHostOptions) {
    this.clock = options.clock;
    this.scheduler = new Scheduler(options.scheduler);
  }

  createNamespace(parent?: PidNamespace): PidNamespace {
    return new PidNamespace(parent);
  }

  createCgroup(name: string, catalogue: CommandCatalogue, memory?: CgroupMemory): Cgroup {
    return new Cgroup(name, catalogue, memory);
  }

  start(request: StartRequest): StartedProcess {
    const process = new SimProcess({
      namespace: request.namespace,
      cgroup: request.cgroup,
      scheduler: this.scheduler,
      parent: request.parent?.exited ? undefined : request.parent,
      title: request.argv.join(' '),
      user: request.user ?? 'root',
      startedMs: this.clock.now().getTime(),
      ignoredSignals: request.ignoredSignals ?? [],
      newGroup: true,
    });
    process.argv = request.argv;
    process.environ = request.env;
    process.fs = request.fs;
    process.mounts = request.mounts;
    const ipcNamespace = request.ipcNamespace;
    const ipc = request.ipc ?? (ipcNamespace ? () => ipcNamespace.objects() : undefined);
    const surroundings: Surroundings = {
      fs: request.fs,
      network: request.network ?? unreachableNetwork,
      ...(request.mounts ? { mounts: request.mounts } : {}),
      ...(ipc ? { ipc } : {}),
      ...(ipcNamespace ? { ipcNamespace } : {}),
    };
    const notFound = this.run(process, surroundings, request);
    return {
      process,
      pid: process.pid,
      exit: process.exit,
      kill: (signal) => process.deliver(signal, undefined),
      termSignal: () => process.termSignal,
      ...(notFound ? { notFound: true } : {}),
    };
  }

  /** Resolves argv[0] (or `executable`) the way the container's image would. */
  resolve(
    cgroup: Cgroup,
    fs: FileSystem,
    request: { argv: string[]; env: Record<string, string>; executable?: string },
  ): Program | undefined {
    if (request.executable !== undefined) {
      return cgroup.catalogue.resolve(request.executable, '', fs)?.program;
    }
    const name = request.argv[0];
    if (name === undefined || name === '') return undefined;
    return cgroup.catalogue.resolve(name, request.env.PATH ?? DEFAULT_PATH, fs)?.program;
  }

  private spawnChild(
    parent: SimProcess,
    surroundings: Surroundings,
    request: SpawnRequest,
  ): SpawnedProcess {
    parent.throwIfDead();
    const ignored = new Set<SignalName>([
      ...parent.ignoredSignals(),
      ...(request.ignoredSignals ?? []),
    ]);
    const child = new SimProcess({
      namespace: parent.namespace,
      cgroup: parent.cgroup,
      scheduler: this.scheduler,
      parent,
      title: request.program ? parent.title : request.argv.join(' '),
      user: request.user ?? parent.user,
      startedMs: this.clock.now().getTime(),
      ignoredSignals: [...ignored],
      newGroup: request.processGroup === 'new',
    });
    // A fork (a program given directly) is a copy of its parent until it execs.
    child.argv = request.program ? parent.argv : request.argv;
    child.environ = request.program ? parent.environ : request.env;
    child.fs = parent.fs;
    child.mounts = parent.mounts;
    const notFound = this.run(child, surroundings, request);
    const pid = child.pids.get(parent.namespace) ?? child.pid;
    return {
      pid,
      exit: child.exit.then((status) => {
        parent.awaken();
        return status;
      }),
      kill: (signal) => child.deliver(signal, parent.namespace),
      termSignal: () => child.termSignal,
      ...(notFound ? { notFound: true } : {}),
    };
  }

  /** Starts `process` on its program; true when there was no program to run (exit 127). */
  private run(
    process: SimProcess,
    surroundings: Surroundings,
    request: SpawnRequest | StartRequest,
  ): boolean {
    const program = request.program ?? this.resolve(process.cgroup, surroundings.fs, request);
    if (!program) {
      process.finish(127);
      return true;
    }
    const context = this.context(process, surroundings, request);
    void Promise.resolve()
      .then(() => program(context))
      .then(
        (status) => process.finish(exitStatus(status)),
        (error: unknown) => {
          if (process.exited) return;
          if (error instanceof ProcessKilledError) {
            process.finish(error.status, process.termSignal);
            return;
          }
          // A program that throws has a bug; say so where a person will look.
          const name = request.argv[0] ?? '?';
          const message = error instanceof Error ? error.message : String(error);
          void request.stderr
            .write(toBytes(`${name}: internal error: ${message}\n`))
            .catch(() => {});
          process.finish(1);
        },
      );
    return false;
  }

  private context(
    process: SimProcess,
    surroundings: Surroundings,
    io: Omit<ExecRequest, 'program'>,
  ): ProcessContext {
    return {
      argv: io.argv,
      env: io.env,
      cwd: io.cwd,
      stdin: processInput(process, io.stdin),
      stdout: processOutput(process, io.stdout),
      stderr: processOutput(process, io.stderr),
      // The process's own view, where the filesystem has one (`/proc/self` names it).
      fs: surroundings.fs.viewFor?.(process) ?? surroundings.fs,
      clock: processClock(process, this.clock),
      signals: signalPort(process),
      pid: process.pid,
      ppid: process.ppid,
      processes: process.namespace.table(),
      network: surroundings.network,
      spawn: (request) => this.spawnChild(process, surroundings, request),
      setTitle: (title) => {
        process.title = title;
        // setproctitle writes over argv: /proc/PID/cmdline shows the title too.
        process.argv = [title];
      },
      yield: () => process.yield(),
      lookPath: (name, path) => process.cgroup.catalogue.resolve(name, path, surroundings.fs)?.path,
      exec: async (request) => {
        process.throwIfDead();
        const program = request.program ?? this.resolve(process.cgroup, surroundings.fs, request);
        if (!program) return 127;
        process.resetHandlersForExec();
        if (request.user !== undefined) process.user = request.user;
        process.title = request.argv.join(' ');
        process.argv = request.argv;
        process.environ = request.env;
        return exitStatus(await program(this.context(process, surroundings, request)));
      },
      ...(surroundings.mounts ? { mounts: surroundings.mounts } : {}),
      ...(surroundings.ipc ? { ipc: surroundings.ipc } : {}),
      ...(surroundings.ipcNamespace ? { ipcNamespace: surroundings.ipcNamespace } : {}),
      memory: {
        allocate: (bytes) => {
          process.throwIfDead();
          process.allocate(bytes);
          process.throwIfDead();
        },
        release: (bytes) => process.allocate(-bytes),
      },
    };
  }
}

/** exit(3) keeps the low 8 bits; anything that is not an integer is a program bug: 1. */
function exitStatus(status: number): number {
  if (!Number.isInteger(status)) return 1;
  return ((status % 256) + 256) % 256;
}
