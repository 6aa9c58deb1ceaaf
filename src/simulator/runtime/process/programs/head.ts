import type { Program } from '../contracts.js';
import { bytesToText } from '../streams.js';

/** `head [-n N | -N]` on stdin: stops reading after N lines, so its writer gets SIGPIPE. */
export const head: Program = async (context) => {
  let lines = 10;
  const args = context.argv.slice(1);
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (arg === '-n') lines = Number(args[++i]);
    else if (/^-n\d+$/.test(arg)) lines = Number(arg.slice(2));
    else if (/^-\d+$/.test(arg)) lines = Number(arg.slice(1));
  }
  if (!Number.isInteger(lines) || lines < 0) {
    await context.stderr.write(`head: invalid number of lines\n`);
    return 1;
  }
  let left = lines;
  while (left > 0) {
    const chunk = await context.stdin.read();
    if (chunk === null) break;
    const text = bytesToText(chunk);
    let end = 0;
    while (left > 0) {
      const nl = text.indexOf('\n', end);
      if (nl < 0) {
        end = text.length;
        break;
      }
      end = nl + 1;
      left--;
    }
    await context.stdout.write(text.slice(0, end));
  }
  return 0;
};
