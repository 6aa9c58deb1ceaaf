import type { ListNode } from './ast.js';
import type { Shell } from './interpreter.js';
import { Parser } from './parser.js';
import { ShellSyntaxError } from './syntax-error.js';

/**
 * Runs a whole script in a shell, one complete command at a time, as sh reads its input:
 * a syntax error on line 5 is reported after lines 1–4 ran. busybox runs the very last
 * command of `sh -c` in place of the shell (exec), so `sh -c 'echo; sleep 9'` leaves
 * `sleep 9` as the process, not a shell waiting for it.
 */
export async function runScript(shell: Shell, source: string): Promise<number> {
  const parser = new Parser(source, { ash: shell.flavour.name === 'ash' });
  const parseNext = (): { list: ListNode | null; error?: ShellSyntaxError } => {
    try {
      return { list: parser.next() };
    } catch (error) {
      if (error instanceof ShellSyntaxError) return { list: null, error };
      throw error;
    }
  };
  return shell.runToCompletion(async () => {
    let current = parseNext();
    let status = 0;
    while (current.list) {
      const following = parseNext();
      const isLast =
        shell.flavour.execLastCommand &&
        shell.commandString &&
        following.list === null &&
        following.error === undefined;
      status = await shell.runList(current.list, isLast);
      current = following;
    }
    if (current.error) {
      await reportSyntaxError(shell, current.error);
      return 2;
    }
    return status;
  });
}

export async function reportSyntaxError(shell: Shell, error: ShellSyntaxError): Promise<void> {
  shell.line = error.line;
  await shell.error(shell.flavour.syntaxError(error));
}
