import type { Command, ListNode } from './ast.js';
import { BreakSignal, ContinueSignal } from './control.js';
import type { Shell } from './interpreter.js';
import { matchPattern } from './pattern.js';

type Compound = Exclude<Command, { type: 'simple' } | { type: 'function' }>;

/** `( )`, `{ }`, `if`, `while`, `until`, `for`, `case`, each under its own redirections. */
export async function runCompound(
  shell: Shell,
  command: Compound,
  isLast: boolean,
): Promise<number> {
  shell.line = command.line;
  switch (command.type) {
    case 'subshell':
      return shell.redirector.withRedirects(command.redirects, async () => {
        const child = shell.fork((sub) => sub.runList(command.body, true));
        return child.exit;
      });
    case 'group':
      return shell.redirector.withRedirects(command.redirects, () =>
        shell.runList(command.body, isLast),
      );
    case 'if':
      return shell.redirector.withRedirects(command.redirects, async () => {
        for (const clause of command.clauses) {
          if ((await condition(shell, clause.condition)) === 0) {
            return shell.runList(clause.body, isLast);
          }
        }
        return command.elseBody ? shell.runList(command.elseBody, isLast) : 0;
      });
    case 'while':
    case 'until':
      return shell.redirector.withRedirects(command.redirects, () =>
        loop(
          shell,
          async () => {
            const status = await condition(shell, command.condition);
            return command.type === 'while' ? status === 0 : status !== 0;
          },
          command.body,
        ),
      );
    case 'for':
      return shell.redirector.withRedirects(command.redirects, async () => {
        const items = command.items
          ? await shell.guardExpansion(() => shell.expander.fields(command.items ?? []))
          : [...shell.state.positional];
        let index = 0;
        return loop(
          shell,
          async () => {
            const item = items[index++];
            if (item === undefined) return false;
            if (!shell.state.set(command.name, item)) {
              await shell.fatal(`${command.name}: is read only`);
            }
            return true;
          },
          command.body,
        );
      });
    case 'case':
      return shell.redirector.withRedirects(command.redirects, async () => {
        const subject = await shell.guardExpansion(() => shell.expander.string(command.subject));
        for (const item of command.items) {
          for (const word of item.patterns) {
            const pattern = await shell.guardExpansion(() => shell.expander.pattern(word));
            if (matchPattern(pattern, subject)) return shell.runList(item.body, isLast);
          }
        }
        return 0;
      });
  }
}

/** A condition list: `set -e` does not apply inside it. */
async function condition(shell: Shell, list: ListNode): Promise<number> {
  shell.errexitSuppressed++;
  try {
    return await shell.runList(list);
  } finally {
    shell.errexitSuppressed--;
  }
}

/** A loop: `next` decides whether to run the body again; `break N`/`continue N` unwind. */
async function loop(shell: Shell, next: () => Promise<boolean>, body: ListNode): Promise<number> {
  let status = 0;
  shell.loopDepth++;
  try {
    for (;;) {
      // A loop whose body never waits must still give the event loop back.
      await shell.checkpoint();
      if (!(await next())) break;
      try {
        status = await shell.runList(body);
      } catch (signal) {
        if (signal instanceof BreakSignal) {
          if (signal.levels > 1) {
            signal.levels--;
            throw signal;
          }
          break;
        }
        if (signal instanceof ContinueSignal) {
          if (signal.levels > 1) {
            signal.levels--;
            throw signal;
          }
          continue;
        }
        throw signal;
      }
    }
  } finally {
    shell.loopDepth--;
  }
  return status;
}
