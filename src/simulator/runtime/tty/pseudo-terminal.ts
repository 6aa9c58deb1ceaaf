import type {
  InputStream,
  OutputStream,
  SignalName,
  TerminalDevice,
  TerminalModes,
} from '../process/contracts.js';
import type { PipeWriter } from '../process/pipe.js';
import type { ProcessGroup, SimProcess } from '../process/sim-process.js';
import { toBytes } from '../process/streams.js';
import { type Effect, LineDiscipline } from './line-discipline.js';

/** A window size as TIOCSWINSZ takes it. */
export interface WindowSize {
  rows: number;
  cols: number;
}

export interface PseudoTerminalOptions {
  /**
   * Where the master side's output goes: the client of an exec session, or a tty container's
   * log. Awaited, so a slow reader holds the writers back as a full pty buffer does.
   */
  write: (data: Uint8Array) => void | Promise<void>;
  name?: string;
}

/**
 * A pseudo-terminal pair. The slave side (`input`, `output`) is what the processes on the
 * terminal hold as fds 0, 1 and 2; the master side is the client of `kubectl exec -it` or
 * `kubectl attach -it` (keystrokes in through `type`, sizes through `resize`, output out
 * through `write` and the taps). Between them: the line discipline (echo, line editing,
 * ^C → SIGINT and ^\ → SIGQUIT for the foreground process group, ^D → end of file), output
 * processing (ONLCR: `\n` leaves as `\r\n`), the window size with SIGWINCH, and hangup.
 */
export class PseudoTerminal implements TerminalDevice {
  readonly name: string;
  /** Read side of the slave: a read returns one line in canonical mode, null for ^D or hangup. */
  readonly input: InputStream;
  /** Write side of the slave (stdout and stderr alike). */
  readonly output: OutputStream;
  private readonly discipline = new LineDiscipline();
  private readonly sink: PseudoTerminalOptions['write'];
  private readonly taps = new Set<(data: Uint8Array) => void>();
  private readonly readers = new Set<() => void>();
  private window: WindowSize = { rows: 0, cols: 0 };
  private tail: Promise<void> = Promise.resolve();
  private leader: SimProcess | undefined;
  private foreground: ProcessGroup | undefined;
  private hungUp = false;
  private inputEnded = false;

  constructor(options: PseudoTerminalOptions) {
    this.name = options.name ?? '/dev/pts/0';
    this.sink = options.write;
    this.input = { terminal: this, read: (signal) => this.read(signal) };
    this.output = {
      isTerminal: true,
      terminal: this,
      write: (data) => this.writeOutput(data),
    };
  }

  // ---- the processes' side --------------------------------------------------------

  /**
   * The process that owns the terminal (the session leader: the exec'd command, a tty
   * container's main process); its process group is the foreground one that ^C signals.
   */
  setSession(leader: SimProcess): void {
    this.leader = leader;
    this.foreground = leader.group;
  }

  size(): WindowSize {
    return { ...this.window };
  }

  modes(): TerminalModes {
    return { ...this.discipline.modes };
  }

  setModes(change: Partial<TerminalModes>): void {
    this.discipline.setModes(change);
    this.wakeReaders();
  }

  pendingInput(): string {
    return this.discipline.pending();
  }

  // ---- the client's side ----------------------------------------------------------

  /** Keystrokes from the client, raw (`ls\r`, `\x03` for Ctrl-C, `\x04` for Ctrl-D). */
  type(data: Uint8Array | string): void {
    if (this.hungUp) return;
    const effects: Effect[] = this.discipline.receive(toBytes(data));
    for (const effect of effects) {
      if ('echo' in effect) void this.enqueue(onlcr(effect.echo));
      else this.signalForeground(effect.signal);
    }
    this.wakeReaders();
  }

  /** A new window size (the resize channel); SIGWINCH only when it changed, as Linux does. */
  resize(size: WindowSize): void {
    if (size.rows === this.window.rows && size.cols === this.window.cols) return;
    this.window = { rows: size.rows, cols: size.cols };
    this.signalForeground('SIGWINCH');
  }

  /**
   * The client's input is closed for good (`stdinOnce`): once what was typed is read, reads
   * return end of file.
   */
  endInput(): void {
    this.inputEnded = true;
    this.wakeReaders();
  }

  /**
   * The master side closed (the client went away): SIGHUP to the session leader and the
   * foreground group, reads see end of file, output goes nowhere.
   */
  hangup(): void {
    if (this.hungUp) return;
    this.hungUp = true;
    const targets = new Set<SimProcess>(this.foreground?.members ?? []);
    if (this.leader) targets.add(this.leader);
    for (const process of targets) process.deliver('SIGHUP', undefined);
    this.wakeReaders();
  }

  /**
   * The client's keyboard as a pipe's write end: what an attach session of a `stdin: true`
   * container feeds. Closing it ends the input (`stdinOnce`).
   */
  keyboard(): PipeWriter {
    const writer: PipeWriter = {
      isTerminal: true,
      write: async (data) => this.type(data),
      close: () => this.endInput(),
      dup: () => writer,
    };
    return writer;
  }

  /** Also sends everything the terminal outputs from now on to `listener` (an attach session). */
  tap(listener: (data: Uint8Array) => void): () => void {
    this.taps.add(listener);
    return () => this.taps.delete(listener);
  }

  /** Resolves once everything output so far has been handed to the sink. */
  flush(): Promise<void> {
    return this.tail;
  }

  // ---- internals ------------------------------------------------------------------

  private async read(signal?: AbortSignal): Promise<Uint8Array | null> {
    for (;;) {
      if (this.hungUp) return null;
      const record = this.discipline.take();
      if (record !== undefined) return record === 'eof' ? null : record;
      if (this.inputEnded) return null;
      await this.nextInput(signal);
    }
  }

  /** Waits until something was typed (or the modes changed); rejects when `signal` aborts. */
  private nextInput(signal?: AbortSignal): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      if (signal?.aborted) {
        reject(signal.reason);
        return;
      }
      const onAbort = () => {
        this.readers.delete(wake);
        reject(signal?.reason);
      };
      const wake = () => {
        this.readers.delete(wake);
        signal?.removeEventListener('abort', onAbort);
        resolve();
      };
      this.readers.add(wake);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  private wakeReaders(): void {
    for (const wake of [...this.readers]) wake();
  }

  private writeOutput(data: Uint8Array | string): Promise<void> {
    // A hung-up terminal swallows output (write(2) fails with EIO; nobody would see it).
    if (this.hungUp) return Promise.resolve();
    return this.enqueue(onlcr(toBytes(data)));
  }

  /** Output leaves in the order it was made: program output and echoes share one queue. */
  private enqueue(data: Uint8Array): Promise<void> {
    const job = this.tail.then(async () => {
      for (const tap of this.taps) tap(data);
      await this.sink(data);
    });
    this.tail = job.catch(() => undefined);
    return this.tail;
  }

  private signalForeground(signal: SignalName): void {
    for (const member of [...(this.foreground?.members ?? [])]) member.deliver(signal, undefined);
  }
}

/** OPOST + ONLCR: every `\n` goes out as `\r\n`. */
function onlcr(data: Uint8Array): Uint8Array {
  let count = 0;
  for (const byte of data) if (byte === 0x0a) count++;
  if (count === 0) return data;
  const out = new Uint8Array(data.length + count);
  let i = 0;
  for (const byte of data) {
    if (byte === 0x0a) out[i++] = 0x0d;
    out[i++] = byte;
  }
  return out;
}
