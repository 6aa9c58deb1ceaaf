import { FsError } from '../fs/file-system.js';
import { DEFAULT_PATH } from '../process/process-host.js';
import { emptyInput, nullOutput } from '../process/streams.js';
import { ExitSignal } from './control.js';
import type { Shell } from './interpreter.js';
import { resolvePath } from './paths.js';

/**
 * Runs a command found on PATH (or given by path) as a child process and waits for it. In a
 * subshell about to exit, the command replaces the subshell instead (exec), as both shells
 * do, so `ps` shows `sleep 5`, not a shell waiting for it.
 */
export async function runExternal(
  shell: Shell,
  argv: string[],
  assignments: [string, string][],
  isLast: boolean,
): Promise<number> {
  const name = argv[0] as string;
  const state = shell.state;
  const executable = shell.ctx.lookPath(name, state.get('PATH') ?? DEFAULT_PATH);
  const env = { ...state.environment(), ...Object.fromEntries(assignments) };
  if (executable === undefined) return runUnknown(shell, argv, env);
  const io = {
    argv,
    env,
    cwd: state.cwd,
    stdin: shell.fds.get(0)?.input ?? emptyInput,
    stdout: shell.fds.get(1)?.output ?? nullOutput,
    stderr: shell.fds.get(2)?.output ?? nullOutput,
    executable,
  };
  if (isLast && state.traps.size === 0 && !state.options.interactive) {
    throw new ExitSignal(await shell.ctx.exec(io));
  }
  const child = shell.ctx.spawn(io);
  const status = await child.exit;
  if (child.termSignal?.()) await shell.reportSignalDeath(status);
  return status;
}

/**
 * Not in the catalogue: a path to a directory or a non-executable file is "Permission
 * denied" (126); an executable file is a shell script (`#!` or not) run by this shell;
 * anything else is "not found" (127).
 */
async function runUnknown(shell: Shell, argv: string[], env: Record<string, string>) {
  const name = argv[0] as string;
  if (!name.includes('/')) {
    await shell.error(shell.flavour.notFound(name));
    return 127;
  }
  const path = resolvePath(shell.state.cwd, name);
  let script: string;
  try {
    const stat = shell.fs.stat(path);
    if (stat.type !== 'file' || (stat.mode & 0o111) === 0) {
      await shell.error(`${name}: Permission denied`);
      return 126;
    }
    script = new TextDecoder().decode(shell.fs.readFile(path));
  } catch (error) {
    if (!(error instanceof FsError)) throw error;
    await shell.error(shell.flavour.notFound(name));
    return 127;
  }
  const shebang = /^#!\s*(\S+)(?:[ \t]+(.*))?/.exec(script);
  if (shebang) {
    const interpreter = shebang[1] as string;
    const executable = shell.ctx.lookPath(interpreter, '');
    if (executable === undefined) {
      await shell.error(shell.flavour.notFound(name));
      return 127;
    }
    const child = shell.ctx.spawn({
      argv: [interpreter, ...(shebang[2] ? [shebang[2].trim()] : []), name, ...argv.slice(1)],
      env,
      cwd: shell.state.cwd,
      stdin: shell.fds.get(0)?.input ?? emptyInput,
      stdout: shell.fds.get(1)?.output ?? nullOutput,
      stderr: shell.fds.get(2)?.output ?? nullOutput,
      executable,
    });
    return child.exit;
  }
  // No `#!`: execve fails with ENOEXEC and the shell runs the file itself in a subshell.
  const child = shell.fork(async (sub) => {
    sub.state.arg0 = name;
    sub.state.positional = argv.slice(1);
    return sub.evalString(script);
  });
  return child.exit;
}
