import { DEFAULT_PATH } from '../../process/process-host.js';
import { emptyInput, nullOutput } from '../../process/streams.js';
import { BreakSignal, ContinueSignal, ExitSignal, ReturnSignal } from '../control.js';
import type { Shell } from '../interpreter.js';
import { resolvePath } from '../paths.js';

/** `:`, `true`, `false`, `break`, `continue`, `return`, `exit`, `eval`, `.`, `exec`. */

export const colon = async () => 0;
export const falseBuiltin = async () => 1;

/** A non-negative integer operand, or a fatal "Illegal number" as both shells report it. */
export async function numberArg(shell: Shell, command: string, text: string): Promise<number> {
  if (!/^\d+$/.test(text)) {
    return shell.fatal(shell.flavour.messages.illegalNumber(text), command);
  }
  return Number(text);
}

export async function breakBuiltin(shell: Shell, argv: string[]): Promise<number> {
  const levels = argv[1] === undefined ? 1 : await numberArg(shell, argv[0] as string, argv[1]);
  if (levels === 0) return shell.fatal(shell.flavour.messages.illegalNumber('0'), argv[0]);
  if (shell.loopDepth === 0) return 0;
  const n = Math.min(levels, shell.loopDepth);
  throw argv[0] === 'break' ? new BreakSignal(n) : new ContinueSignal(n);
}

export async function returnBuiltin(shell: Shell, argv: string[]): Promise<number> {
  const status =
    argv[1] === undefined ? shell.state.lastStatus : await numberArg(shell, 'return', argv[1]);
  // Outside a function (and a `.` script) return ends the shell, as exit does.
  if (shell.functionDepth === 0) throw new ExitSignal(status & 255);
  throw new ReturnSignal(status & 255);
}

export async function exitBuiltin(shell: Shell, argv: string[]): Promise<number> {
  const status =
    argv[1] === undefined ? shell.state.lastStatus : await numberArg(shell, 'exit', argv[1]);
  throw new ExitSignal(status & 255);
}

export async function evalBuiltin(shell: Shell, argv: string[]): Promise<number> {
  const text = argv.slice(1).join(' ');
  if (text.trim() === '') return 0;
  return shell.evalString(text);
}

export async function dotBuiltin(shell: Shell, argv: string[]): Promise<number> {
  const name = argv[1];
  if (name === undefined) return 0;
  let path: string | undefined;
  if (name.includes('/')) path = resolvePath(shell.state.cwd, name);
  else {
    for (const dir of (shell.state.get('PATH') ?? DEFAULT_PATH).split(':')) {
      const candidate = resolvePath(shell.state.cwd, `${dir || '.'}/${name}`);
      if (shell.fs.exists(candidate)) {
        path = candidate;
        break;
      }
    }
  }
  let script: string | undefined;
  try {
    if (path !== undefined) script = new TextDecoder().decode(shell.fs.readFile(path));
  } catch {
    script = undefined;
  }
  if (script === undefined) {
    return shell.fatal(shell.flavour.messages.sourceNotFound(name), argv[0]);
  }
  const saved = shell.state.positional;
  if (argv.length > 2) shell.state.positional = argv.slice(2);
  shell.functionDepth++;
  try {
    return await shell.evalString(script);
  } catch (error) {
    if (error instanceof ReturnSignal) return error.status;
    throw error;
  } finally {
    shell.functionDepth--;
    if (argv.length > 2) shell.state.positional = saved;
  }
}

export async function execBuiltin(shell: Shell, argv: string[]): Promise<number> {
  const name = argv[1];
  if (name === undefined) return 0;
  const executable = shell.ctx.lookPath(name, shell.state.get('PATH') ?? DEFAULT_PATH);
  if (executable === undefined) {
    await shell.error(shell.flavour.notFound(name), 'exec');
    throw new ExitSignal(127);
  }
  const status = await shell.ctx.exec({
    argv: argv.slice(1),
    env: shell.state.environment(),
    cwd: shell.state.cwd,
    stdin: shell.fds.get(0)?.input ?? emptyInput,
    stdout: shell.fds.get(1)?.output ?? nullOutput,
    stderr: shell.fds.get(2)?.output ?? nullOutput,
    executable,
  });
  // The shell is gone: no EXIT trap runs after exec.
  shell.state.traps.clear();
  throw new ExitSignal(status);
}
