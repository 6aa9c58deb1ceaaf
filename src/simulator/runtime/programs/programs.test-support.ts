import { ContainerFileSystem, type VolumeMount } from '../fs/container-file-system.js';
import { type ImageLayer, newContainerLayer } from '../fs/image-layer.js';
import type {
  HttpRequest,
  HttpResponse,
  InputStream,
  IpcNamespaceHandle,
  OutputStream,
  PodNetwork,
  ProcessContext,
  ProcessEntry,
  Program,
  SignalName,
  SpawnedProcess,
} from '../process/contracts.js';
import { SIGNALS } from '../process/contracts.js';
import type { IpcObjects, MountEntry } from '../process/system-views.js';
import { bytes, text } from './io.js';

/**
 * A small, real ProcessContext for testing programs on their own: in-memory stdio, a clock
 * that moves only when told, a process table, a loopback network and the real container
 * filesystem. Deliberately not the process host (another module): just enough to run one
 * program and its children and observe what they print.
 */

export class ManualClock {
  private nowMs: number;
  private timers: { at: number; resolve: () => void }[] = [];

  constructor(start = Date.UTC(2024, 4, 14, 10, 21, 33)) {
    this.nowMs = start;
  }

  now(): Date {
    return new Date(this.nowMs);
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve, reject) => {
      if (signal?.aborted) {
        reject(signal.reason);
        return;
      }
      if (ms === Number.POSITIVE_INFINITY) {
        signal?.addEventListener('abort', () => reject(signal.reason), { once: true });
        return;
      }
      const timer = { at: this.nowMs + ms, resolve };
      this.timers.push(timer);
      signal?.addEventListener(
        'abort',
        () => {
          this.timers = this.timers.filter((t) => t !== timer);
          reject(signal.reason);
        },
        { once: true },
      );
    });
  }

  /** Moves time on, firing due timers in order and letting their continuations run. */
  async advance(ms: number): Promise<void> {
    const until = this.nowMs + ms;
    for (;;) {
      await settle();
      const due = this.timers.filter((t) => t.at <= until).sort((a, b) => a.at - b.at)[0];
      if (!due) break;
      this.timers = this.timers.filter((t) => t !== due);
      this.nowMs = Math.max(this.nowMs, due.at);
      due.resolve();
    }
    this.nowMs = until;
    await settle();
  }

  get pending(): number {
    return this.timers.length;
  }
}

/** Lets queued promise continuations run (several macrotask turns). */
export async function settle(turns = 5): Promise<void> {
  for (let i = 0; i < turns; i++) await new Promise((resolve) => setImmediate(resolve));
}

export class Collector implements OutputStream {
  readonly chunks: Uint8Array[] = [];
  constructor(readonly isTerminal = false) {}
  async write(data: Uint8Array | string): Promise<void> {
    this.chunks.push(typeof data === 'string' ? bytes(data) : data);
  }
  get text(): string {
    return this.chunks.map(text).join('');
  }
}

/** Stdin fed by the test; `end()` makes `read` resolve null. */
export class Feed implements InputStream {
  private queue: (Uint8Array | null)[] = [];
  private waiting: ((chunk: Uint8Array | null) => void) | undefined;

  constructor(initial?: string) {
    if (initial !== undefined) {
      this.push(initial);
      this.end();
    }
  }

  push(data: string): void {
    this.offer(bytes(data));
  }

  end(): void {
    this.offer(null);
  }

  read(): Promise<Uint8Array | null> {
    const next = this.queue.shift();
    if (next !== undefined) {
      if (next === null) this.queue.unshift(null);
      return Promise.resolve(next);
    }
    return new Promise((resolve) => {
      this.waiting = resolve;
    });
  }

  private offer(chunk: Uint8Array | null): void {
    const waiting = this.waiting;
    if (waiting) {
      this.waiting = undefined;
      waiting(chunk);
      if (chunk === null) this.queue.push(null);
    } else {
      this.queue.push(chunk);
    }
  }
}

/** Loopback HTTP between the programs of one test "pod". */
export class LoopbackNetwork implements PodNetwork {
  readonly servers = new Map<number, (request: HttpRequest) => Promise<HttpResponse>>();
  constructor(
    readonly podIP = '10.244.1.5',
    readonly hostname = 'web',
  ) {}

  listen(port: number, handler: (request: HttpRequest) => Promise<HttpResponse>): () => void {
    if (this.servers.has(port)) throw new Error('EADDRINUSE: Address in use');
    this.servers.set(port, handler);
    return () => this.servers.delete(port);
  }

  async request(host: string, port: number, request: HttpRequest): Promise<HttpResponse> {
    if (![this.podIP, this.hostname, 'localhost', '127.0.0.1'].includes(host)) {
      throw new Error(`getaddrinfo ENOTFOUND ${host}`);
    }
    const handler = this.servers.get(port);
    if (!handler) throw new Error('connect ECONNREFUSED: Connection refused');
    return handler(request);
  }
}

interface Running {
  entry: ProcessEntry;
  handlers: Map<SignalName, (() => void) | 'ignore'>;
  killed: AbortController;
  exit: Promise<number>;
  signalled?: SignalName;
}

export interface WorldOptions {
  image: ImageLayer;
  mounts?: VolumeMount[];
  /** Programs `spawn`/`exec` can start by path. */
  programs?: Record<string, Program>;
  clock?: ManualClock;
  network?: LoopbackNetwork;
  /** A mount table and IPC objects given by the runtime (otherwise programs derive theirs). */
  mountTable?: () => MountEntry[];
  ipc?: () => IpcObjects;
  /** An IPC namespace programs can create objects in (`ipcmk`). */
  ipcNamespace?: IpcNamespaceHandle;
}

/** One container's worth of shared state: filesystem, clock, processes, network. */
export class World {
  readonly clock: ManualClock;
  readonly fs: ContainerFileSystem;
  readonly network: LoopbackNetwork;
  readonly programs: Record<string, Program>;
  private readonly views: {
    mounts?: () => MountEntry[];
    ipc?: () => IpcObjects;
    ipcNamespace?: IpcNamespaceHandle;
  };
  private readonly table = new Map<number, Running>();
  private nextPid = 1;

  constructor(options: WorldOptions) {
    this.clock = options.clock ?? new ManualClock();
    this.network = options.network ?? new LoopbackNetwork();
    this.programs = options.programs ?? {};
    this.views = {
      ...(options.mountTable ? { mounts: options.mountTable } : {}),
      ...(options.ipc ? { ipc: options.ipc } : {}),
      ...(options.ipcNamespace ? { ipcNamespace: options.ipcNamespace } : {}),
    };
    this.fs = ContainerFileSystem.create({
      image: options.image,
      upper: newContainerLayer(options.image, { clock: this.clock }),
      mounts: options.mounts ?? [],
    });
  }

  /** Starts a program; stdout/stderr go to collectors unless given. */
  start(
    program: Program,
    argv: string[],
    options: {
      stdin?: InputStream;
      stdout?: OutputStream;
      stderr?: OutputStream;
      env?: Record<string, string>;
      ppid?: number;
      cwd?: string;
      /** USER and STAT as `ps` shows them (default root, running). */
      user?: string;
      state?: ProcessEntry['state'];
      /** A renamed comm (systemd) and thread ids, as a node's daemons have. */
      comm?: string;
      threads?: number[];
    } = {},
  ): RunHandle {
    const stdout = options.stdout ?? new Collector();
    const stderr = options.stderr ?? new Collector();
    const pid = this.nextPid++;
    const running: Running = {
      entry: {
        pid,
        ppid: options.ppid ?? 0,
        user: options.user ?? 'root',
        command: argv.join(' '),
        startedMs: this.clock.now().getTime(),
        state: options.state ?? 'R',
        ...(options.comm !== undefined ? { comm: options.comm } : {}),
        ...(options.threads ? { threads: options.threads } : {}),
      },
      handlers: new Map(),
      killed: new AbortController(),
      exit: Promise.resolve(0),
    };
    this.table.set(pid, running);
    const context: ProcessContext = {
      argv,
      env: options.env ?? { PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' },
      cwd: options.cwd ?? '/',
      stdin: options.stdin ?? new Feed(''),
      stdout,
      stderr,
      fs: this.fs,
      clock: this.clock,
      signals: {
        killed: running.killed.signal,
        handle: (signal, handler) => {
          if (handler === undefined) running.handlers.delete(signal);
          else running.handlers.set(signal, handler);
        },
      },
      pid,
      ppid: options.ppid ?? 0,
      processes: {
        list: () => [...this.table.values()].map((r) => ({ ...r.entry })),
        kill: (target, signal) => this.kill(target, signal),
      },
      network: this.network,
      spawn: (request) => {
        const chosen =
          request.program ?? this.programs[request.executable ?? request.argv[0] ?? ''];
        if (!chosen) return notFound();
        const child = this.start(chosen, request.argv, { ...request, ppid: pid });
        return child.spawned;
      },
      setTitle: (title) => {
        running.entry.command = title;
      },
      yield: () => new Promise((resolve) => setImmediate(resolve)),
      lookPath: (name) => (name in this.programs ? name : undefined),
      exec: async (request) => {
        const chosen =
          request.program ?? this.programs[request.executable ?? request.argv[0] ?? ''];
        if (!chosen) return 127;
        running.entry.command = request.argv.join(' ');
        running.handlers.clear();
        return chosen({ ...context, ...request });
      },
      ...this.views,
    };
    running.exit = (async () => {
      try {
        return await program(context);
      } catch (error) {
        if (running.signalled) return 128 + SIGNALS[running.signalled];
        throw error;
      } finally {
        running.entry.state = 'Z';
        this.table.delete(pid);
      }
    })().then((status) => (running.signalled ? 128 + SIGNALS[running.signalled] : status));
    const spawned: SpawnedProcess = {
      pid,
      exit: running.exit,
      kill: (signal) => {
        this.kill(pid, signal);
      },
      termSignal: () => running.signalled,
    };
    return { pid, stdout, stderr, exit: running.exit, spawned };
  }

  /** Delivers a signal: a handler runs, an ignored one is dropped, otherwise death. */
  kill(pid: number, signal: SignalName): boolean {
    const running = this.table.get(pid);
    if (!running) return false;
    const handler = running.handlers.get(signal);
    if (signal !== 'SIGKILL' && handler !== undefined) {
      if (handler !== 'ignore') handler();
      return true;
    }
    if (signal === 'SIGCHLD' || signal === 'SIGWINCH' || signal === 'SIGCONT') return true;
    running.signalled = signal;
    running.killed.abort(new Error(`killed by ${signal}`));
    return true;
  }

  list(): ProcessEntry[] {
    return [...this.table.values()].map((r) => ({ ...r.entry }));
  }
}

export interface RunHandle {
  pid: number;
  stdout: OutputStream;
  stderr: OutputStream;
  exit: Promise<number>;
  spawned: SpawnedProcess;
}

function notFound(): SpawnedProcess {
  return { pid: 0, notFound: true, exit: Promise.resolve(127), kill: () => undefined };
}

/** Runs a program to completion and returns what it printed. */
export async function run(
  world: World,
  program: Program,
  argv: string[],
  options: { stdin?: string; env?: Record<string, string>; cwd?: string } = {},
): Promise<{ status: number; stdout: string; stderr: string }> {
  const stdout = new Collector();
  const stderr = new Collector();
  const handle = world.start(program, argv, {
    stdout,
    stderr,
    stdin: new Feed(options.stdin ?? ''),
    ...(options.env ? { env: options.env } : {}),
    ...(options.cwd ? { cwd: options.cwd } : {}),
  });
  const status = await handle.exit;
  return { status, stdout: stdout.text, stderr: stderr.text };
}
