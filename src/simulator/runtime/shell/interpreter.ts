import { BrokenPipeError, type ProcessContext, type SignalName } from '../process/contracts.js';
import { parseSignal, SIGNAL_DESCRIPTIONS } from '../process/signals.js';
import { BufferOutput, nullOutput, OutputLimitError, toBytes } from '../process/streams.js';
import { currentCredentials } from '../programs/credentials.js';
import type { AndOr, Command, ListNode, Pipeline, SimpleCommand } from './ast.js';
import { ASH_BUILTINS, BUILTINS, type Builtin, SPECIAL_BUILTINS } from './builtins/index.js';
import { runCompound } from './compound.js';
import {
  BreakSignal,
  ContinueSignal,
  ExitSignal,
  ReturnSignal,
  ShellFatalError,
} from './control.js';
import { expandDoubleBracket, isDoubleBracket, plainOperand } from './double-bracket.js';
import { Expander, type ExpansionHost } from './expand.js';
import { runExternal } from './external.js';
import type { Flavour } from './flavour.js';
import { BufferedInput, type Fd, type FdTable } from './io.js';
import { JobTable } from './jobs.js';
import { Parser } from './parser.js';
import { runPipeline } from './pipeline.js';
import { Redirector } from './redirections.js';
import type { ShellState } from './shell-state.js';
import { ShellSyntaxError } from './syntax-error.js';
import { traceLine } from './trace.js';

/** Command substitution output kept in memory at most (a runaway `$(yes)` stops here). */
export const SUBSTITUTION_LIMIT = 16 * 1024 * 1024;

export interface ShellInit {
  flavour: Flavour;
  context: ProcessContext;
  state: ShellState;
  fds: FdTable;
  /** Running `sh -c STRING` (ash numbers its lines from 0 there). */
  commandString: boolean;
  /** `$0` names a script (a file, or `sh -c STRING NAME`): ash prints line numbers. */
  scriptNamed: boolean;
  jobs?: JobTable;
}

/**
 * The interpreter: walks the syntax tree, streaming every byte as it is written. One `Shell`
 * per simulated process; a subshell (`( )`, a pipeline member, `&`, `$(…)`) is a forked
 * process running a new `Shell` over a copy of the state.
 */
export class Shell implements ExpansionHost {
  readonly flavour: Flavour;
  readonly ctx: ProcessContext;
  state: ShellState;
  fds: FdTable;
  readonly expander: Expander;
  readonly redirector: Redirector;
  readonly jobs: JobTable;
  readonly commandString: boolean;
  readonly scriptNamed: boolean;
  /** Line of the command running now (error messages, ash's LINENO). */
  line = 0;
  /** Inside `if`/`while` conditions, left of `&&`/`||`, after `!`: `set -e` does not apply. */
  errexitSuppressed = 0;
  loopDepth = 0;
  functionDepth = 0;
  /** Status of the last `$(…)` of the current simple command (`x=$(false)` sets `$?`). */
  substitutionStatus: number | undefined;
  /** Signals caught by a trap and not yet handled. */
  private readonly pendingSignals: SignalName[] = [];
  /** Aborted when a trapped signal arrives: `wait` and `read` return early then. */
  private interrupt = new AbortController();
  private runningTrap = false;
  /** Ctrl-C in an interactive shell: the running command line is abandoned. */
  cancelRequested = false;

  constructor(init: ShellInit) {
    this.flavour = init.flavour;
    this.ctx = init.context;
    this.state = init.state;
    this.fds = init.fds;
    this.commandString = init.commandString;
    this.scriptNamed = init.scriptNamed;
    this.jobs = init.jobs ?? new JobTable();
    this.expander = new Expander(this);
    this.redirector = new Redirector(this);
  }

  get fs() {
    return this.ctx.fs;
  }

  /** The signal that ends a blocking `wait` or `read` when a trapped signal arrives. */
  get interruption(): AbortSignal {
    return this.interrupt.signal;
  }

  // ---- output helpers ---------------------------------------------------------------

  /** Writes to a file descriptor; EPIPE raises SIGPIPE in this process, as the kernel would. */
  async write(fd: number, data: string | Uint8Array): Promise<void> {
    const output = this.fds.get(fd)?.output;
    if (!output) return;
    try {
      await output.write(toBytes(data));
    } catch (error) {
      if (error instanceof BrokenPipeError) this.ctx.processes.kill(this.ctx.pid, 'SIGPIPE');
      throw error;
    }
  }

  /** An error message with the flavour's prefix (`sh: 1: cd: `), on fd 2. */
  async error(message: string, command?: string): Promise<void> {
    const prefix = this.flavour.prefix({
      arg0: this.state.arg0,
      line: this.line,
      scriptNamed: this.scriptNamed,
      interactive: this.state.options.interactive,
      commandString: this.commandString,
      ...(command !== undefined ? { command } : {}),
    });
    await this.write(2, `${prefix}${message}\n`);
  }

  /** Reports an error and aborts: the shell exits 2 unless interactive (then the line ends). */
  async fatal(message: string, command?: string, status = 2): Promise<never> {
    await this.error(message, command);
    throw new ShellFatalError(status);
  }

  /** Expansion errors are synchronous; they queue their message and throw. */
  fail(message: string): never {
    throw new ExpansionFailure(message);
  }

  stdin(): BufferedInput {
    const input = this.fds.get(0)?.input;
    return input ? BufferedInput.of(input) : BufferedInput.of({ read: async () => null });
  }

  // ---- ExpansionHost ----------------------------------------------------------------

  special(name: string): string | undefined {
    switch (name) {
      case '$':
        return String(this.ctx.pid);
      case '!':
        return this.state.lastBackgroundPid === undefined
          ? undefined
          : String(this.state.lastBackgroundPid);
      case '-':
        return this.state.flags(this.commandString && this.flavour.name === 'ash');
      default:
        return undefined;
    }
  }

  async commandSubstitution(body: ListNode): Promise<string> {
    const output = new BufferOutput({ limit: SUBSTITUTION_LIMIT });
    const child = this.fork((shell) => shell.runList(body, true), { stdout: output });
    const status = await child.exit;
    this.substitutionStatus = status;
    return output.text();
  }

  home(user: string): string | undefined {
    if (user === 'root') return '/root';
    try {
      const passwd = new TextDecoder().decode(this.fs.readFile('/etc/passwd'));
      for (const line of passwd.split('\n')) {
        const fields = line.split(':');
        if (fields[0] === user && fields[5] !== undefined) return fields[5];
      }
    } catch {
      // No /etc/passwd: only root is known.
    }
    return undefined;
  }

  // ---- forking ---------------------------------------------------------------------

  /**
   * Runs `body` in a subshell: a child process with a copy of this shell's state and file
   * descriptors (`fds` overrides some). `ps` shows it with the parent's command line.
   */
  fork(
    body: (shell: Shell) => Promise<number>,
    overrides: { stdin?: Fd['input']; stdout?: Fd['output']; background?: boolean } = {},
  ) {
    const state = this.state.clone();
    const fds: FdTable = new Map(this.fds);
    if (overrides.stdin) fds.set(0, { input: BufferedInput.of(overrides.stdin) });
    if (overrides.stdout) fds.set(1, { output: overrides.stdout });
    const ignored: SignalName[] = [];
    if (overrides.background && !this.state.options.monitor) ignored.push('SIGINT', 'SIGQUIT');
    for (const [name, action] of state.traps) {
      const signal = parseSignal(name);
      if (action === '' && signal) ignored.push(signal);
    }
    return this.ctx.spawn({
      argv: this.ctx.argv,
      env: state.environment(),
      cwd: state.cwd,
      stdin: fds.get(0)?.input ?? { read: async () => null },
      stdout: fds.get(1)?.output ?? nullOutput,
      stderr: fds.get(2)?.output ?? nullOutput,
      ignoredSignals: ignored,
      program: async (context) => {
        // fds 1 and 2 go through the child's own wrappers (SIGPIPE, death); input and higher
        // fds are shared objects, as after fork(2).
        const childFds: FdTable = new Map(fds);
        childFds.set(1, { ...fds.get(1), output: context.stdout });
        childFds.set(2, { ...fds.get(2), output: context.stderr });
        const child = new Shell({
          flavour: this.flavour,
          context,
          state,
          fds: childFds,
          commandString: this.commandString,
          scriptNamed: this.scriptNamed,
        });
        child.line = this.line;
        return child.runToCompletion(() => body(child));
      },
    });
  }

  /**
   * Runs `body` as this shell's whole life: exit and fatal errors end it, the EXIT trap
   * runs last. Resolves the exit status.
   */
  async runToCompletion(body: () => Promise<number>): Promise<number> {
    let status: number;
    try {
      status = await body();
    } catch (error) {
      status = this.statusOf(error);
    }
    return this.exitWith(status);
  }

  /** Runs the EXIT trap (once) and resolves the final status. */
  async exitWith(status: number): Promise<number> {
    const action = this.state.traps.get('EXIT');
    if (action === undefined || action === '') return status;
    this.state.traps.delete('EXIT');
    this.state.lastStatus = status;
    try {
      await this.evalString(action);
    } catch (error) {
      return this.statusOf(error);
    }
    return status;
  }

  /** The exit status an unwinding control-flow object stands for; rethrows real errors. */
  statusOf(error: unknown): number {
    if (error instanceof ExitSignal || error instanceof ShellFatalError) return error.status;
    if (error instanceof ReturnSignal) return error.status;
    if (error instanceof BreakSignal || error instanceof ContinueSignal) return 0;
    if (error instanceof OutputLimitError) return 1;
    throw error;
  }

  // ---- traps -----------------------------------------------------------------------

  /** Installs the process-level handler for a trapped signal. */
  catchSignal(signal: SignalName): void {
    this.ctx.signals.handle(signal, () => {
      this.pendingSignals.push(signal);
      this.interrupt.abort();
    });
  }

  /** Runs the traps of signals that arrived; called between commands. */
  async runPendingTraps(): Promise<void> {
    if (this.runningTrap || this.pendingSignals.length === 0) return;
    this.runningTrap = true;
    try {
      while (this.pendingSignals.length > 0) {
        const signal = this.pendingSignals.shift() as SignalName;
        this.interrupt = new AbortController();
        const action = this.state.traps.get(signal);
        if (!action) continue;
        const saved = this.state.lastStatus;
        await this.evalString(action);
        this.state.lastStatus = saved;
      }
    } finally {
      this.runningTrap = false;
    }
  }

  /** Whether a trapped signal is waiting to be handled (`wait` returns 128+n then). */
  takeInterruptingSignal(): SignalName | undefined {
    return this.pendingSignals[0];
  }

  // ---- execution -------------------------------------------------------------------

  /** Parses and runs `text` in this shell (`eval`, traps, `.`). */
  async evalString(text: string): Promise<number> {
    const parser = new Parser(text, { ash: this.flavour.name === 'ash' });
    let status = 0;
    for (;;) {
      let list: ListNode | null;
      try {
        list = parser.next();
      } catch (error) {
        if (error instanceof ShellSyntaxError) {
          this.line = error.line;
          await this.fatal(this.flavour.syntaxError(error));
        }
        throw error;
      }
      if (!list) break;
      status = await this.runList(list);
    }
    this.state.lastStatus = status;
    return status;
  }

  async runList(list: ListNode, isLast = false): Promise<number> {
    let status = this.state.lastStatus;
    const items = list.items;
    for (let i = 0; i < items.length; i++) {
      const item = items[i] as ListNode['items'][number];
      const last = isLast && i === items.length - 1;
      if (item.background) status = this.runBackground(item.command);
      else status = await this.runAndOr(item.command, last);
      this.state.lastStatus = status;
      await this.runPendingTraps();
    }
    return status;
  }

  private runBackground(node: AndOr): number {
    const child = this.fork((shell) => shell.runAndOr(node, true), {
      background: true,
      // Without job control a background job reads /dev/null, not the terminal.
      ...(this.state.options.monitor ? {} : { stdin: { read: async () => null } }),
    });
    this.state.lastBackgroundPid = child.pid;
    this.jobs.add(child, this.state.options.interactive);
    return 0;
  }

  async runAndOr(node: AndOr, isLast = false): Promise<number> {
    const pipelines = [node.first, ...node.rest.map((r) => r.pipeline)];
    let status = 0;
    let ranLast = false;
    for (let i = 0; i < pipelines.length; i++) {
      if (i > 0) {
        const op = node.rest[i - 1]?.op;
        if ((op === '&&' && status !== 0) || (op === '||' && status === 0)) continue;
      }
      const last = i === pipelines.length - 1;
      const pipeline = pipelines[i] as Pipeline;
      if (!last) this.errexitSuppressed++;
      try {
        status = await this.runPipeline(pipeline, isLast && last);
      } finally {
        if (!last) this.errexitSuppressed--;
      }
      this.state.lastStatus = status;
      ranLast = last && !pipeline.bang;
    }
    if (status !== 0 && ranLast && this.state.options.errexit && this.errexitSuppressed === 0) {
      throw new ExitSignal(status);
    }
    return status;
  }

  async runPipeline(pipeline: Pipeline, isLast: boolean): Promise<number> {
    if (pipeline.bang) this.errexitSuppressed++;
    let status: number;
    try {
      status =
        pipeline.commands.length === 1
          ? await this.runCommand(pipeline.commands[0] as Command, isLast && !pipeline.bang)
          : await runPipeline(this, pipeline);
    } finally {
      if (pipeline.bang) this.errexitSuppressed--;
    }
    return pipeline.bang ? (status === 0 ? 1 : 0) : status;
  }

  async runCommand(command: Command, isLast: boolean): Promise<number> {
    if (command.type === 'simple') return this.runSimple(command, isLast);
    if (command.type === 'function') {
      this.state.functions.set(command.name, command);
      return 0;
    }
    return runCompound(this, command, isLast);
  }

  /** Expansion errors in a word: reported, then fatal for the (sub)shell. */
  async guardExpansion<T>(run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      if (error instanceof ExpansionFailure) await this.fatal(error.message);
      throw error;
    }
  }

  /** Between commands: gives the event loop a turn, and honours Ctrl-C when interactive. */
  async checkpoint(): Promise<void> {
    await this.ctx.yield();
    if (this.cancelRequested) throw new ShellFatalError(130);
  }

  /** Whether the shell runs as root (the prompt's `#`). */
  isRoot(): boolean {
    return currentCredentials(this.ctx).uid === 0;
  }

  async runSimple(command: SimpleCommand, isLast: boolean): Promise<number> {
    this.line = command.line;
    await this.checkpoint();
    this.substitutionStatus = undefined;
    const argv = await this.guardExpansion(() =>
      this.flavour.name === 'ash' && isDoubleBracket(command.words)
        ? expandDoubleBracket(this.expander, command.words)
        : this.expander.fields(command.words),
    );
    const assignments: [string, string][] = [];
    for (const assignment of command.assignments) {
      const value = await this.guardExpansion(() =>
        this.expander.string(assignment.value, { assignment: true }),
      );
      assignments.push([assignment.name, value]);
    }
    if (this.state.options.xtrace) {
      await this.write(2, traceLine(this, assignments, argv.map(plainOperand)));
    }
    const name = argv[0];
    if (name === undefined) {
      for (const [key, value] of assignments) {
        if (!this.state.set(key, value)) await this.fatal(`${key}: is read only`);
      }
      const status = await this.redirector.withRedirects(command.redirects, async () => 0);
      return this.substitutionStatus ?? status;
    }
    if (name === 'exec' && argv.length === 1) {
      // `exec >log 2>&1`: the redirections stay for the rest of the shell.
      return (await this.redirector.apply(command.redirects)) ? 0 : this.redirector.failStatus;
    }
    const special = SPECIAL_BUILTINS.get(name);
    if (special) {
      return this.redirector.withRedirects(command.redirects, async () => {
        for (const [key, value] of assignments) {
          if (!this.state.set(key, value)) await this.fatal(`${key}: is read only`);
        }
        return this.runBuiltin(special, argv);
      });
    }
    const fn = this.state.functions.get(name);
    if (fn) {
      return this.redirector.withRedirects(command.redirects, () =>
        this.withTemporaryVars(assignments, true, () => this.callFunction(fn.body, argv)),
      );
    }
    const builtin = this.builtin(name);
    if (builtin) {
      return this.redirector.withRedirects(command.redirects, () =>
        this.withTemporaryVars(assignments, false, () => this.runBuiltin(builtin, argv)),
      );
    }
    return this.redirector.withRedirects(command.redirects, () =>
      runExternal(this, argv, assignments, isLast),
    );
  }

  /** A regular builtin of this flavour (busybox has `[[`, `source`, `let`; dash has not). */
  builtin(name: string): Builtin | undefined {
    if (this.flavour.name === 'ash') return ASH_BUILTINS.get(name) ?? BUILTINS.get(name);
    return name === '[[' ? undefined : BUILTINS.get(name);
  }

  /** What a signal does when no trap is set: interactive shells ignore TERM and QUIT. */
  defaultDisposition(signal: SignalName): (() => void) | 'ignore' | undefined {
    if (!this.state.options.interactive) return undefined;
    if (signal === 'SIGTERM' || signal === 'SIGQUIT') return 'ignore';
    if (signal === 'SIGINT') return this.onInteractiveInterrupt;
    return undefined;
  }

  /** Set by the interactive loop: Ctrl-C abandons the line being run or typed. */
  onInteractiveInterrupt: (() => void) | undefined;

  async runBuiltin(builtin: Builtin, argv: string[]): Promise<number> {
    return builtin(this, argv);
  }

  /** Assignments before a builtin or function last for that command only. */
  private async withTemporaryVars(
    assignments: [string, string][],
    exported: boolean,
    run: () => Promise<number>,
  ): Promise<number> {
    if (assignments.length === 0) return run();
    const saved = new Map(assignments.map(([key]) => [key, this.state.vars.get(key)]));
    for (const [key, value] of assignments) {
      if (!this.state.set(key, value)) await this.fatal(`${key}: is read only`);
      const variable = this.state.vars.get(key);
      if (variable && exported) variable.exported = true;
    }
    try {
      return await run();
    } finally {
      for (const [key, variable] of saved) {
        if (variable) this.state.vars.set(key, variable);
        else this.state.vars.delete(key);
      }
    }
  }

  async callFunction(body: Command, argv: string[]): Promise<number> {
    const savedPositional = this.state.positional;
    this.state.positional = argv.slice(1);
    this.state.localFrames.push(new Map());
    this.functionDepth++;
    try {
      return await this.runCommand(body, false);
    } catch (error) {
      if (error instanceof ReturnSignal) return error.status;
      throw error;
    } finally {
      this.functionDepth--;
      this.state.popLocals();
      this.state.positional = savedPositional;
    }
  }

  /** What a shell prints when a foreground command died of a signal (`Killed`). */
  async reportSignalDeath(status: number): Promise<void> {
    if (status <= 128) return;
    const n = status - 128;
    if (n === 2 || n === 13) return;
    const text = SIGNAL_DESCRIPTIONS[n];
    if (text) await this.write(2, `${text}\n`);
  }
}

/** An expansion error (`${x?}`, `set -u`, bad arithmetic), raised synchronously. */
export class ExpansionFailure extends Error {}
