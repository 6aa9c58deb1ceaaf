import type { FileSystem } from '../fs/file-system.js';
import type { IpcObjects, MountEntry, NetworkInterface, NetworkRoute } from './system-views.js';

/**
 * How simulated programs run. A container's main process, an `exec` session, a probe and every
 * command a shell script starts are all `Program`s: async functions given a `ProcessContext`.
 * The shell interpreter is one Program (`sh`); `sleep`, `cat`, `nginx`, `wget`… are others.
 * Nothing here touches the host: no real processes, files, sockets or timers.
 */

/** Signals a simulated process can receive, with their Linux numbers (exit code 128 + n). */
export const SIGNALS = {
  SIGHUP: 1,
  SIGINT: 2,
  SIGQUIT: 3,
  SIGKILL: 9,
  SIGUSR1: 10,
  SIGUSR2: 12,
  SIGPIPE: 13,
  SIGALRM: 14,
  SIGTERM: 15,
  SIGCHLD: 17,
  SIGCONT: 18,
  SIGSTOP: 19,
  SIGWINCH: 28,
} as const;

export type SignalName = keyof typeof SIGNALS;

/** Bytes arriving on stdin; `read` resolves null at end of input. */
export interface InputStream {
  read(signal?: AbortSignal): Promise<Uint8Array | null>;
  /** The terminal this stream reads from (a pty slave), for `stty`, `[ -t 0 ]` and prompts. */
  readonly terminal?: TerminalDevice;
}

/** termios local modes a program switches with `stty` (ECHO, ICANON, ISIG). */
export interface TerminalModes {
  echo: boolean;
  icanon: boolean;
  isig: boolean;
}

/**
 * A terminal device as the programs on it see it: its window size (TIOCGWINSZ), its modes
 * (tcgetattr/tcsetattr) and the line being typed. The line discipline itself lives in
 * `runtime/tty`; streams carry this handle so that `stty size` works on fd 0.
 */
export interface TerminalDevice {
  /** `/dev/pts/0`: what `tty` prints. */
  readonly name: string;
  /** Rows and columns; 0 0 until the client sent a size. */
  size(): { rows: number; cols: number };
  modes(): TerminalModes;
  setModes(change: Partial<TerminalModes>): void;
  /** What was typed on the current line and not read yet: a line editor's redraw shows it again. */
  pendingInput(): string;
}

/**
 * Bytes leaving on stdout/stderr. `write` resolves when the consumer took them (back-pressure:
 * a pipe whose reader is slow, a log that is full). Writing after the reader went away throws
 * `BrokenPipeError` (the process gets SIGPIPE semantics: exit 141 unless handled).
 */
export interface OutputStream {
  write(data: Uint8Array | string): Promise<void>;
  /** A terminal, for `isatty`, `[ -t 1 ]`, prompts and line editing. */
  readonly isTerminal: boolean;
  /** Which terminal, when it is one that programs can query (a pty slave). */
  readonly terminal?: TerminalDevice;
}

export class BrokenPipeError extends Error {
  constructor() {
    super('Broken pipe');
  }
}

/** Simulated time: `sleep`, `timeout`, `date` and `watch` follow it, never the host clock. */
export interface ProcessClock {
  now(): Date;
  /** Resolves after `ms` of simulated time, or rejects with the signal's reason when aborted. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/** Delivery of signals to this process. */
export interface SignalPort {
  /** Aborted when the process must stop at once (SIGKILL, or a fatal signal with no handler). */
  readonly killed: AbortSignal;
  /**
   * Installs a handler (the shell's `trap`); `undefined` restores the default action,
   * `'ignore'` ignores the signal. SIGKILL and SIGSTOP cannot be caught.
   */
  handle(signal: SignalName, handler: (() => void) | 'ignore' | undefined): void;
}

/** One entry of the process table (`ps`, `top`, `pstree`, `/proc`). */
export interface ProcessEntry {
  pid: number;
  ppid: number;
  user: string;
  /** What `ps` shows as COMMAND: argv joined, or a title set by the program (nginx). */
  command: string;
  /** Simulated-clock milliseconds when started. */
  startedMs: number;
  state: 'R' | 'S' | 'Z' | 'T';
  /**
   * The kernel's name of the process (`/proc/PID/comm`) when it is not the executable's file
   * name: systemd renames itself, so `/sbin/init` shows as `systemd` in `pstree`.
   */
  comm?: string;
  /** Thread ids besides the main thread's (a Go daemon's), which `pstree` shows as `{comm}`. */
  threads?: number[];
}

/** The PID namespace a process lives in: its own container's, the pod's, or the node's. */
export interface ProcessTable {
  list(): ProcessEntry[];
  /** Sends a signal to a pid of this namespace; false when there is no such process. */
  kill(pid: number, signal: SignalName): boolean;
}

/** What a program may do on the pod network (loopback and the pod IP are the same sandbox). */
export interface PodNetwork {
  /** Serves `port` for the lifetime of the process; throws `EADDRINUSE` text when taken. */
  listen(port: number, handler: (request: HttpRequest) => Promise<HttpResponse>): () => void;
  /** An HTTP request to `host:port` (`localhost`, the pod IP, the pod's hostname). */
  request(host: string, port: number, request: HttpRequest): Promise<HttpResponse>;
  readonly podIP: string;
  readonly hostname: string;
  /**
   * The namespace's interfaces (`ip addr`); without it programs show a pod's usual pair,
   * `lo` and `eth0@ifN` with `podIP`/24. A hostNetwork pod passes the node's.
   */
  interfaces?(): NetworkInterface[];
  /** The main routing table (`ip route`); without it, the pod's routes via the `.1` gateway. */
  routes?(): NetworkRoute[];
  /**
   * A TLS connection to `host:port` (an address): the handshake hands over the server's
   * certificates, which the client verifies before it sends anything. Fails as `request` does
   * when nothing answers, with `wrong version number` when the port speaks plain HTTP. Without
   * it, nothing on this network speaks TLS.
   */
  connectTls?(host: string, port: number): Promise<TlsConnection>;
  /**
   * A DNS query for `name` (fully qualified) to the nameserver at `server`: the IPv4 addresses,
   * none for NXDOMAIN. Without it, only `/etc/hosts` resolves names.
   */
  lookup?(server: string, name: string): Promise<string[]>;
}

/** An established TLS connection (`PodNetwork.connectTls`). */
export interface TlsConnection {
  /** PEM certificates the server presented, its own first. */
  readonly peerCertificates: readonly string[];
  /** A request over the connection; `signal` (the process was killed) closes it. */
  request(request: HttpRequest, signal?: AbortSignal): Promise<HttpResponse>;
}

export interface HttpRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: Uint8Array;
}

export interface HttpResponse {
  status: number;
  headers: Record<string, string>;
  body: Uint8Array;
}

export interface ProcessContext {
  /** argv[0] is the name as invoked (`sh`, `/bin/sleep`, `busybox`). */
  argv: string[];
  env: Record<string, string>;
  cwd: string;
  stdin: InputStream;
  stdout: OutputStream;
  stderr: OutputStream;
  fs: FileSystem;
  clock: ProcessClock;
  signals: SignalPort;
  pid: number;
  /** The parent's pid in this process's namespace (0 when the parent lives outside it). */
  ppid: number;
  processes: ProcessTable;
  network: PodNetwork;
  /** Starts another program as a child (what `fork`+`exec` is to a shell). */
  spawn(request: SpawnRequest): SpawnedProcess;
  /** Sets what `ps` shows for this process (`nginx: master process nginx -g daemon off;`). */
  setTitle(title: string): void;
  /** Cooperative scheduling: long loops await this so one busy process cannot starve others. */
  yield(): Promise<void>;
  /**
   * Where `name` resolves on `path` (a PATH value) in this image: what `command -v` prints.
   * Undefined when nothing runs under that name.
   */
  lookPath(name: string, path: string): string | undefined;
  /**
   * Replaces this process's program, as execve(2) does: same pid, stdio and ignored signals;
   * caught signals go back to their default action; `ps` shows the new argv. Resolves the new
   * program's exit status, which the caller returns as its own. Resolves 127 with `notFound`
   * semantics (nothing ran) when argv[0] does not resolve: check with `lookPath` first.
   */
  exec(request: ExecRequest): Promise<number>;
  /**
   * The mount table of the process's mount namespace (`mount`, `df`). Without it programs
   * derive a container's usual table from `fs`.
   */
  mounts?(): MountEntry[];
  /** The System V IPC objects of the process's IPC namespace (`ipcs`); without it, none. */
  ipc?(): IpcObjects;
  /**
   * The IPC namespace itself, for programs that create objects (`ipcmk`); without it they
   * fail as on a kernel without System V IPC.
   */
  ipcNamespace?: IpcNamespaceHandle;
  /** The process's anonymous memory, charged to its container's memory cgroup (`stress --vm`). */
  memory?: ProcessMemory;
}

/** A process's anonymous memory: what malloc hands out and the program touches. */
export interface ProcessMemory {
  /**
   * Touches `bytes` more. Past the container's memory limit the OOM killer ends the whole
   * container, and this throws the way every call of a killed process does.
   */
  allocate(bytes: number): void;
  /** Gives back `bytes` (free, munmap). */
  release(bytes: number): void;
}

/** The three kinds of System V IPC object. */
export type IpcKind = 'shm' | 'sem' | 'msg';

/**
 * An IPC namespace as `ipcmk` and `ipcrm` use it: shmget/semget/msgget with IPC_PRIVATE or a
 * key, the same without IPC_CREAT to find an object by key, and IPC_RMID.
 */
export interface IpcNamespaceHandle {
  createSharedMemory(options: { key: number; bytes: number; perms: number; owner: string }): number;
  createSemaphores(options: { key: number; count: number; perms: number; owner: string }): number;
  createMessageQueue(options: { key: number; perms: number; owner: string }): number;
  /** The id of the object of that kind with `key`; undefined when there is none (ENOENT). */
  idOfKey(kind: IpcKind, key: number): number | undefined;
  /** IPC_RMID; false when no object of that kind has this id (EINVAL). */
  remove(kind: IpcKind, id: number): boolean;
}

export interface ExecRequest {
  argv: string[];
  env: Record<string, string>;
  cwd: string;
  stdin: InputStream;
  stdout: OutputStream;
  stderr: OutputStream;
  /** Runs this program instead of resolving argv[0]. */
  program?: Program;
  /** The executable already found on PATH; argv[0] stays as typed. */
  executable?: string;
  /** The user to run as from now on (gosu, su-exec), in `SpawnRequest.user` form. */
  user?: string;
}

export interface SpawnRequest {
  argv: string[];
  env: Record<string, string>;
  cwd: string;
  stdin: InputStream;
  stdout: OutputStream;
  stderr: OutputStream;
  /**
   * Runs this program instead of resolving argv[0]: a shell's fork (subshells, pipeline
   * members, `&`, `$(…)`), which `ps` shows with the parent's command line.
   */
  program?: Program;
  /**
   * The executable a shell already found on its PATH (`/bin/sleep`); argv[0] stays as typed
   * (`sleep`), which is what the program and `ps` see. Default: argv[0] looked up on env.PATH.
   */
  executable?: string;
  /** Signals the child starts with ignored; ignored signals survive fork and exec on Linux. */
  ignoredSignals?: SignalName[];
  /**
   * The process group the child joins: its parent's by default, `'new'` to lead a new one
   * (job control). A terminal's Ctrl-C signals the foreground group.
   */
  processGroup?: 'new';
  /**
   * The user the child runs as (what `ps` shows in USER): a name, or a uid as digits when the
   * child dropped privileges by number (nginx's workers: `101`). Default: the parent's.
   */
  user?: string;
}

export interface SpawnedProcess {
  pid: number;
  /** True when argv[0] resolved to no program: nothing ran and `exit` is 127. */
  readonly notFound?: boolean;
  /** Exit status: 0–255, or 128 + signal number when killed by a signal. */
  exit: Promise<number>;
  kill(signal: SignalName): void;
  /**
   * Once `exit` has resolved: the signal that killed the process (WIFSIGNALED), undefined
   * when it exited by itself — `exit 143` and death by SIGTERM look alike otherwise.
   */
  termSignal?(): SignalName | undefined;
}

/** A program: resolves to its exit status. Throwing is a bug in the program, reported as 1. */
export type Program = (context: ProcessContext) => Promise<number>;

/**
 * Where a shell finds commands: the image's binaries by path (`/bin/sleep`, `/usr/bin/curl`).
 * `resolve` follows the image's PATH rules; undefined means "not found" (exit 127 with the
 * shell's own message).
 */
export interface CommandCatalogue {
  resolve(
    name: string,
    path: string,
    fs: FileSystem,
  ): { path: string; program: Program } | undefined;
}
