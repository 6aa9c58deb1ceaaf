import { ExitSignal, ShellFatalError } from './control.js';
import type { Shell } from './interpreter.js';
import { Parser } from './parser.js';
import { reportSyntaxError } from './session.js';
import { ShellSyntaxError } from './syntax-error.js';

/**
 * The interactive shell of `kubectl exec -it … -- sh`: prompts on stderr (PS1, then PS2
 * `> ` while a command is incomplete), reads a line at a time, runs each complete command.
 * Errors end the command, not the shell; Ctrl-C (SIGINT) abandons the line; TERM and QUIT
 * are ignored; end of input (Ctrl-D) exits with the last status.
 */
export async function runInteractive(shell: Shell): Promise<number> {
  const state = shell.state;
  state.options.interactive = true;
  let interrupted = new AbortController();
  shell.onInteractiveInterrupt = () => {
    shell.cancelRequested = true;
    interrupted.abort();
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGQUIT'] as const) {
    if (!state.traps.has(signal))
      shell.ctx.signals.handle(signal, shell.defaultDisposition(signal));
  }
  const input = shell.stdin();
  let linesRead = 0;
  let pending = '';
  let pendingStart = 0;
  return shell.runToCompletion(async () => {
    for (;;) {
      await shell.write(2, pending === '' ? prompt(shell) : (state.get('PS2') ?? '> '));
      let result: Awaited<ReturnType<typeof input.readLine>>;
      try {
        result = await input.readLine(interrupted.signal);
      } catch (error) {
        if (!interrupted.signal.aborted) throw error;
        interrupted = new AbortController();
        shell.cancelRequested = false;
        await shell.write(2, '\n');
        pending = '';
        state.lastStatus = 130;
        continue;
      }
      if (result === null) {
        if (pending === '') return state.lastStatus;
        // End of input inside an unfinished command: it is a syntax error now.
      } else {
        if (pending === '') pendingStart = linesRead;
        linesRead++;
        pending += `${result.line}\n`;
      }
      const parser = new Parser(pending, {
        ash: shell.flavour.name === 'ash',
        interactive: result !== null,
        lineOffset: pendingStart,
      });
      const lists = [];
      try {
        for (let list = parser.next(); list; list = parser.next()) lists.push(list);
      } catch (error) {
        if (!(error instanceof ShellSyntaxError)) throw error;
        if (error.incomplete && result !== null) continue;
        pending = '';
        await reportSyntaxError(shell, error);
        state.lastStatus = 2;
        if (result === null) return 2;
        continue;
      }
      pending = '';
      for (const list of lists) {
        try {
          await shell.runList(list);
        } catch (error) {
          if (error instanceof ShellFatalError) {
            state.lastStatus = error.status;
            shell.cancelRequested = false;
            interrupted = new AbortController();
            if (error.status === 130) await shell.write(2, '\n');
            break;
          }
          if (error instanceof ExitSignal) throw error;
          throw error;
        }
      }
      if (result === null) return state.lastStatus;
    }
  });
}

/** PS1, with busybox's `\w`, `\W`, `\u`, `\h`, `\$` escapes; dash prints PS1 as is. */
function prompt(shell: Shell): string {
  const ps1 = shell.state.get('PS1');
  const root = shell.isRoot();
  if (ps1 === undefined) return shell.flavour.prompt(displayCwd(shell), root);
  if (shell.flavour.name !== 'ash') return ps1;
  return ps1.replace(/\\([wWuh$\\])/g, (_, c: string) => {
    switch (c) {
      case 'w':
        return displayCwd(shell);
      case 'W':
        return displayCwd(shell).split('/').pop() || '/';
      case 'u':
        return root ? 'root' : (shell.state.get('USER') ?? '');
      case 'h':
        return shell.ctx.network.hostname;
      case '$':
        return root ? '#' : '$';
      default:
        return '\\';
    }
  });
}

function displayCwd(shell: Shell): string {
  const home = shell.state.get('HOME');
  const cwd = shell.state.cwd;
  if (home && home !== '/' && (cwd === home || cwd.startsWith(`${home}/`))) {
    return `~${cwd.slice(home.length)}`;
  }
  return cwd;
}
