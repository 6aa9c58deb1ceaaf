import { SIGNALS } from '../../process/contracts.js';
import type { Shell } from '../interpreter.js';

/**
 * `read [-r] [-p PROMPT] [-t SECONDS] [NAME...]`: one line from fd 0, split on IFS into the
 * names (the last takes the rest). Status 1 at end of input, 128+n when a trapped signal
 * interrupts it, as `wait` does.
 */
export async function readBuiltin(shell: Shell, argv: string[]): Promise<number> {
  const args = argv.slice(1);
  let raw = false;
  let timeoutMs: number | undefined;
  while (args[0]?.startsWith('-') && args[0] !== '-') {
    const flag = args.shift() as string;
    if (flag === '--') break;
    if (flag === '-r') raw = true;
    else if (flag === '-p') await shell.write(2, args.shift() ?? '');
    else if (flag === '-t') timeoutMs = Number(args.shift() ?? '0') * 1000;
    else if (flag === '-s') continue;
    else if (flag.startsWith('-p')) await shell.write(2, flag.slice(2));
  }
  let names = args;
  if (names.length === 0) {
    if (shell.flavour.name === 'dash') {
      await shell.error('arg count', 'read');
      return 2;
    }
    names = ['REPLY'];
  }
  const input = shell.stdin();
  const controller = new AbortController();
  const onInterrupt = () => controller.abort();
  shell.interruption.addEventListener('abort', onInterrupt, { once: true });
  // A killed shell must not go on reading input meant for whoever reads next.
  shell.ctx.signals.killed.addEventListener('abort', onInterrupt, { once: true });
  const timer =
    timeoutMs === undefined
      ? undefined
      : shell.ctx.clock.sleep(timeoutMs, controller.signal).then(
          () => controller.abort(),
          () => {},
        );
  let text = '';
  let complete = true;
  try {
    for (;;) {
      const result = await input.readLine(controller.signal);
      if (result === null) {
        complete = false;
        break;
      }
      complete = result.complete;
      if (!raw && result.complete && result.line.endsWith('\\')) {
        text += result.line.slice(0, -1);
        continue;
      }
      text += result.line;
      break;
    }
  } catch (error) {
    if (!controller.signal.aborted) throw error;
    const signal = shell.takeInterruptingSignal();
    if (signal) return 128 + SIGNALS[signal];
    return 1;
  } finally {
    shell.interruption.removeEventListener('abort', onInterrupt);
    shell.ctx.signals.killed.removeEventListener('abort', onInterrupt);
    if (timer !== undefined) controller.abort();
  }
  if (!raw) text = text.replace(/\\(.)/g, '$1');
  assign(shell, names, text);
  return complete ? 0 : 1;
}

function assign(shell: Shell, names: string[], text: string): void {
  const ifs = shell.state.get('IFS') ?? ' \t\n';
  const white = [...ifs].filter((c) => ' \t\n'.includes(c)).join('');
  const isWhite = (c: string) => white.includes(c);
  const isIfs = (c: string) => ifs.includes(c);
  let rest = text;
  // Leading IFS white space is not part of any field.
  while (rest !== '' && isWhite(rest[0] as string)) rest = rest.slice(1);
  names.forEach((name, index) => {
    if (index === names.length - 1) {
      let end = rest.length;
      while (end > 0 && isWhite(rest[end - 1] as string)) end--;
      shell.state.set(name, rest.slice(0, end));
      return;
    }
    let i = 0;
    while (i < rest.length && !isIfs(rest[i] as string)) i++;
    shell.state.set(name, rest.slice(0, i));
    rest = rest.slice(i);
    // One delimiter: white space around at most one non-white IFS character.
    while (rest !== '' && isWhite(rest[0] as string)) rest = rest.slice(1);
    if (rest !== '' && isIfs(rest[0] as string) && !isWhite(rest[0] as string)) {
      rest = rest.slice(1);
      while (rest !== '' && isWhite(rest[0] as string)) rest = rest.slice(1);
    }
  });
}
