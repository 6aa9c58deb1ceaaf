import { ExitSignal, ShellFatalError } from './control.js';
import type { Shell } from './interpreter.js';
import { Parser } from './parser.js';
import { reportSyntaxError } from './session.js';
import { ShellSyntaxError } from './syntax-error.js';

/**
 * The interactive shell of `kubectl exec -it … -- sh`: prompts on stderr (PS1, then PS2
 * `> ` while a command is incomplete), reads a line at a time, runs each complete command.
 * Errors end the command, not the shell; Ctrl-C (SIGINT) abandons the line or the command
 * line running (a newline, then the prompt, `$?` 130); TERM and QUIT are ignored; end of
 * input (Ctrl-D) prints a newline and exits with the last status. busybox's line editor
 * redraws its prompt and the typed text when the window size changes (what makes
 * `kubectl attach -it` show a prompt); dash has no line editor and does not.
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
      const shown = pending === '' ? prompt(shell) : (state.get('PS2') ?? '> ');
      await shell.write(2, shown);
      let result: Awaited<ReturnType<typeof input.readLine>>;
      const stopRedrawing = redrawOnResize(shell, shown);
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
      } finally {
        stopRedrawing();
      }
      if (result === null) {
        if (pending === '') {
          // Both shells end the prompt's line before leaving (cmdloop's `out2c('\n')`).
          await shell.write(2, '\n');
          return state.lastStatus;
        }
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
      if (shell.cancelRequested) {
        // Ctrl-C killed the last command of the line (`sleep 100`): nothing was left to
        // abandon, but the shell still ends the line as its SIGINT handler does.
        shell.cancelRequested = false;
        interrupted = new AbortController();
        await shell.write(2, '\n');
      }
      if (result === null) return state.lastStatus;
    }
  });
}

/**
 * busybox's line editor catches SIGWINCH while it reads a line and redraws it: back to the
 * line's start, the prompt, the text typed so far, then clear to the end of the screen. Only
 * on a terminal and without a trap on WINCH. Returns the function that stops it.
 */
function redrawOnResize(shell: Shell, shown: string): () => void {
  const terminal = shell.stdin().terminal;
  if (shell.flavour.name !== 'ash' || !terminal || shell.state.traps.has('SIGWINCH')) {
    return () => {};
  }
  let reading = true;
  shell.ctx.signals.handle('SIGWINCH', () => {
    if (!reading) return;
    void shell.write(2, `\r${shown}${terminal.pendingInput()}\x1b[J`).catch(() => undefined);
  });
  return () => {
    reading = false;
    shell.ctx.signals.handle('SIGWINCH', undefined);
  };
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
