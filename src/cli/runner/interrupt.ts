import { SHOW_CURSOR } from './live-region.js';

export interface InterruptOptions {
  input: NodeJS.ReadStream;
  output: { write(chunk: string): unknown };
  /** The goodbye line, printed once the terminal is restored. */
  bye: () => string;
}

const EXIT_CODES: Record<string, number> = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 };

/**
 * Ctrl-C (and SIGTERM/SIGHUP) at any point of the runner: the terminal is given back (cooked
 * mode, cursor shown), writes already under way (progress, the status file) finish, the
 * `beforeExit` work runs (the time spent on the step), then the process exits 130.
 *
 * It exits rather than unwinding: at any moment the runner may be waiting on a watch, a
 * timer, a clack prompt or a cluster request, and none of those hold anything that must be
 * finished except the tracked writes (each of them atomic already: nothing is left
 * half-written).
 *
 * In raw mode Ctrl-C arrives as a key, not as a signal, so key readers call `trigger`
 * themselves; the SIGINT handler covers the cooked-mode moments (spinners, waits).
 */
export class Interrupt {
  private readonly pending = new Set<Promise<unknown>>();
  private triggered = false;
  private sigintOff = false;
  /** Runs once before exiting (never throws out). */
  beforeExit: () => Promise<void> = async () => {};

  private readonly onSigint = () => void this.trigger(EXIT_CODES.SIGINT);
  private readonly onTerm = (signal: NodeJS.Signals) => void this.trigger(EXIT_CODES[signal]);
  private readonly onExit = () => this.restoreTerminal();

  constructor(private readonly options: InterruptOptions) {}

  install() {
    process.on('SIGINT', this.onSigint);
    process.on('SIGTERM', this.onTerm);
    process.on('SIGHUP', this.onTerm);
    process.on('exit', this.onExit);
  }

  uninstall() {
    process.off('SIGINT', this.onSigint);
    process.off('SIGTERM', this.onTerm);
    process.off('SIGHUP', this.onTerm);
    process.off('exit', this.onExit);
  }

  get requested() {
    return this.triggered;
  }

  /** Lets `work` (a write) run to its end even when Ctrl-C comes meanwhile. */
  track<T>(work: Promise<T>): Promise<T> {
    this.pending.add(work);
    const forget = () => this.pending.delete(work);
    work.then(forget, forget);
    return work;
  }

  /**
   * While the learner's shell owns the terminal, Ctrl-C is the shell's (it ignores it as
   * any shell does); SIGTERM and SIGHUP still end the runner cleanly.
   */
  suspendCtrlC(): () => void {
    if (!this.sigintOff) process.off('SIGINT', this.onSigint);
    this.sigintOff = true;
    return () => {
      if (this.sigintOff && !this.triggered) process.on('SIGINT', this.onSigint);
      this.sigintOff = false;
    };
  }

  /** Restores the terminal, lets the writes finish, and exits; never resolves. */
  async trigger(code = 130): Promise<never> {
    if (this.triggered) return new Promise<never>(() => {});
    this.triggered = true;
    this.restoreTerminal();
    this.options.output.write(`\n${this.options.bye()}\n`);
    await this.settle();
    try {
      await this.beforeExit();
    } catch {
      // Leaving must not fail: the time spent is the only thing lost.
    }
    await this.settle();
    process.exit(code);
  }

  /** Until no write is under way, including any a finishing write started (a grade's record). */
  async settle() {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
  }

  restoreTerminal() {
    const input = this.options.input;
    if (input.isTTY && input.isRaw) input.setRawMode(false);
    this.options.output.write(SHOW_CURSOR);
  }
}
