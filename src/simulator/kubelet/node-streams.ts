/**
 * The kubelets' side of `pods/log`, `pods/exec` and `pods/attach` (node-streams.ts in the API
 * server): logs come from the container instances' log buffers, chosen the way
 * validateContainerLogStatus chooses them; exec starts a process in the running container
 * (its cgroup, PID namespace, filesystem and environment); attach follows the main process's
 * output.
 */
import type { Readable, Writable } from 'node:stream';
import {
  type ContainerTarget,
  KubeletError,
  type LogOptions,
  type NodeStreams,
  type SessionIO,
  type StreamOptions,
  type StreamSession,
} from '../apiserver/pod-subresources/node-streams.js';
import type { InputStream, OutputStream } from '../runtime/process/contracts.js';
import type { ProcessHost } from '../runtime/process/process-host.js';
import { emptyInput } from '../runtime/process/streams.js';
import { PseudoTerminal } from '../runtime/tty/pseudo-terminal.js';
import { type ContainerInstance, containerID } from './container-runtime.js';
import type { Kubelet } from './kubelet.js';

function abortion(signal: AbortSignal): Promise<never> {
  return new Promise<never>((_resolve, reject) => {
    if (signal.aborted) reject(signal.reason);
    signal.addEventListener('abort', () => reject(signal.reason), { once: true });
  });
}

/** A client's stdin as a process's input: chunks as they arrive, null at its end. */
export function readableInput(readable: Readable | null): InputStream {
  if (!readable) return emptyInput;
  const iterator = readable[Symbol.asyncIterator]();
  let ended = false;
  return {
    async read(signal) {
      if (ended) return null;
      const next = iterator.next();
      const result = await (signal ? Promise.race([next, abortion(signal)]) : next);
      if (result.done) {
        ended = true;
        return null;
      }
      const chunk = result.value as Buffer | string;
      return typeof chunk === 'string' ? new TextEncoder().encode(chunk) : new Uint8Array(chunk);
    },
  };
}

/** A client's stdout/stderr as a process's output; writes resolve once the socket took them. */
export function writableOutput(writable: Writable | null, isTerminal: boolean): OutputStream {
  return {
    isTerminal,
    write: (data) =>
      new Promise<void>((resolve) => {
        if (!writable || writable.destroyed) {
          resolve();
          return;
        }
        writable.write(data, () => resolve());
      }),
  };
}

/**
 * Copies an attach session's stdin into the container's; with `stdinOnce` the end of the
 * client's input closes the container's stdin (the shell of `kubectl run -i` then exits).
 */
async function feedStdin(
  instance: Pick<ContainerInstance, 'stdin' | 'stdinOnce'>,
  io: SessionIO,
): Promise<void> {
  const writer = instance.stdin;
  if (!writer || !io.stdin) return;
  try {
    for await (const chunk of io.stdin) {
      await writer.write(typeof chunk === 'string' ? chunk : new Uint8Array(chunk as Buffer));
    }
    if (instance.stdinOnce) writer.close();
  } catch {
    // The container went away: its stdin is closed, nothing more to feed.
  }
}

/** The resize channel's sizes, as TIOCSWINSZ on the terminal (SIGWINCH when they change). */
async function followResizes(terminal: PseudoTerminal, io: SessionIO): Promise<void> {
  if (!io.resize) return;
  try {
    for await (const size of io.resize as AsyncIterable<{ width: number; height: number }>) {
      terminal.resize({ rows: size.height, cols: size.width });
    }
  } catch {
    // The session is over; so are its sizes.
  }
}

function isDirectory(fs: ContainerInstance['fs'], path: string): boolean {
  try {
    return fs.stat(path).type === 'directory';
  } catch {
    return false;
  }
}

export class KubeletStreams implements NodeStreams {
  constructor(
    private readonly kubelet: (nodeName: string) => Kubelet | undefined,
    private readonly host: ProcessHost,
  ) {}

  async logs(target: ContainerTarget, options: LogOptions, signal: AbortSignal): Promise<Readable> {
    const instance = this.logInstance(target, options.previous);
    return instance.log.read(options, signal);
  }

  async exec(
    target: ContainerTarget,
    command: readonly string[],
    options: StreamOptions,
  ): Promise<StreamSession> {
    const instance = this.running(target);
    if (!instance)
      throw new KubeletError(`container not found (${JSON.stringify(target.container)})`, 500);
    return {
      run: async (io: SessionIO) => {
        const argv = [...command];
        const fs = instance.fs;
        // runc enters the container's working directory before it execs, and fails without it.
        if (!isDirectory(fs, instance.cwd)) {
          throw new Error(
            `failed to exec in container: failed to start exec "${containerID()}": OCI runtime exec failed: exec failed: unable to start container process: chdir to cwd (${JSON.stringify(instance.cwd)}) set in config.json failed: no such file or directory: unknown`,
          );
        }
        const program = this.host.resolve(instance.cgroup, fs, { argv, env: instance.env });
        if (!program) {
          throw new Error(
            `failed to exec in container: failed to start exec "${containerID()}": OCI runtime exec failed: exec failed: unable to start container process: exec: "${argv[0] ?? ''}": executable file not found in $PATH: unknown`,
          );
        }
        if (options.tty) return this.execOnTerminal(instance, argv, program, io);
        const stdout = writableOutput(io.stdout, options.tty);
        const started = this.host.start({
          argv,
          env: instance.env,
          cwd: instance.cwd,
          stdin: readableInput(io.stdin),
          stdout,
          stderr: options.tty ? stdout : writableOutput(io.stderr, false),
          fs,
          namespace: instance.namespace,
          cgroup: instance.cgroup,
          network: instance.network,
          ...instance.surroundings,
          program,
        });
        const onAbort = () => started.kill('SIGKILL');
        io.signal.addEventListener('abort', onAbort, { once: true });
        try {
          return { exitCode: await started.exit };
        } finally {
          io.signal.removeEventListener('abort', onAbort);
        }
      },
    };
  }

  /**
   * `exec -it`: the command runs on a new terminal (containerd adds TERM=xterm) whose master
   * side is the client: keystrokes through the line discipline, sizes as SIGWINCH, and a
   * client that goes away hangs it up (SIGHUP).
   */
  private async execOnTerminal(
    instance: ContainerInstance,
    argv: string[],
    program: NonNullable<ReturnType<ProcessHost['resolve']>>,
    io: SessionIO,
  ): Promise<{ exitCode: number }> {
    const client = writableOutput(io.stdout, true);
    const terminal = new PseudoTerminal({ write: (data) => client.write(data) });
    const started = this.host.start({
      argv,
      env: { ...instance.env, TERM: 'xterm' },
      cwd: instance.cwd,
      stdin: terminal.input,
      stdout: terminal.output,
      stderr: terminal.output,
      fs: instance.fs,
      namespace: instance.namespace,
      cgroup: instance.cgroup,
      network: instance.network,
      ...instance.surroundings,
      program,
    });
    terminal.setSession(started.process);
    void feedStdin({ stdin: terminal.keyboard(), stdinOnce: true }, io);
    void followResizes(terminal, io);
    const onAbort = () => terminal.hangup();
    io.signal.addEventListener('abort', onAbort, { once: true });
    try {
      const exitCode = await started.exit;
      await terminal.flush();
      return { exitCode };
    } finally {
      io.signal.removeEventListener('abort', onAbort);
    }
  }

  async attach(target: ContainerTarget, _options: StreamOptions): Promise<StreamSession> {
    const instance = this.running(target);
    if (!instance) {
      throw new KubeletError(
        `container ${target.container} not found in pod ${target.podName}_${target.namespace}`,
        500,
      );
    }
    const terminal = instance.terminal;
    if (terminal) {
      return {
        // On a tty container the client joins the terminal: its output live (not the log's
        // lines: a prompt has no newline), its keys if the container has stdin, its sizes.
        run: async (io: SessionIO) => {
          const output = writableOutput(io.stdout, true);
          const untap = terminal.tap((data) => void output.write(data));
          void feedStdin(instance, io);
          void followResizes(terminal, io);
          try {
            await Promise.race([instance.process.exit, abortion(io.signal).catch(() => 0)]);
            await terminal.flush();
          } finally {
            untap();
          }
          return { exitCode: 0 };
        },
      };
    }
    return {
      run: async (io: SessionIO) => {
        const output = writableOutput(io.stdout, instance.tty);
        const stream = instance.log.read(
          { follow: true, previous: false, timestamps: false, tailLines: 0 },
          io.signal,
        );
        // Not awaited: the session ends with the container's output, whatever the client's input.
        void feedStdin(instance, io);
        for await (const chunk of stream) await output.write(chunk as Buffer);
        return { exitCode: 0 };
      },
    };
  }

  private worker(target: ContainerTarget) {
    const worker = this.kubelet(target.nodeName)?.worker(target.podUID);
    if (!worker) throw new KubeletError(`pod "${target.podName}" does not exist`, 404);
    return worker;
  }

  private running(target: ContainerTarget): ContainerInstance | undefined {
    const worker = this.kubelet(target.nodeName)?.worker(target.podUID);
    const record = worker?.record(target.container);
    if (!worker || record?.state.kind !== 'running') return undefined;
    return worker.instances(target.container).instance;
  }

  /** validateContainerLogStatus over the kubelet's own record of the container. */
  private logInstance(target: ContainerTarget, previous: boolean): ContainerInstance {
    const { container, podName } = target;
    const worker = this.worker(target);
    const record = worker.record(container);
    const fail = (message: string): never => {
      throw new KubeletError(message, 400);
    };
    if (!record) return fail(`container ${container} is not valid for pod ${podName}`);
    const { instance, previous: before } = worker.instances(container);
    const byID = (id: string | undefined) =>
      [instance, before].find((candidate) => candidate && candidate.id === id);
    const state = record.state;
    if (previous) {
      const found = byID(record.lastState?.containerID);
      return (
        found ?? fail(`previous terminated container "${container}" in pod "${podName}" not found`)
      );
    }
    if (state.kind === 'running' || state.kind === 'terminated') {
      return (
        byID(state.kind === 'terminated' ? state.containerID : record.containerID) ??
        fail(`container "${container}" in pod "${podName}" is terminated`)
      );
    }
    if (record.lastState) {
      return (
        byID(record.lastState.containerID) ??
        fail(`container "${container}" in pod "${podName}" is terminated`)
      );
    }
    const reason = state.reason;
    if (reason === 'ErrImagePull')
      fail(
        `container "${container}" in pod "${podName}" is waiting to start: image can't be pulled`,
      );
    if (reason === 'ImagePullBackOff')
      fail(
        `container "${container}" in pod "${podName}" is waiting to start: trying and failing to pull image`,
      );
    return fail(`container "${container}" in pod "${podName}" is waiting to start: ${reason}`);
  }
}
