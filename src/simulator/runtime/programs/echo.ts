import type { Tool } from './tool.js';

/**
 * `/bin/echo` (the binary, not the shell builtin): `-n`, `-e`, `-E` as leading options only.
 * Both busybox and coreutils interpret escapes only with `-e`; `\c` stops all output.
 */
export const echo: Tool = async (context) => {
  const args = context.argv.slice(1);
  let newline = true;
  let escapes = false;
  while (args.length > 0 && /^-[neE]+$/.test(args[0] ?? '')) {
    for (const letter of (args.shift() ?? '').slice(1)) {
      if (letter === 'n') newline = false;
      else if (letter === 'e') escapes = true;
      else escapes = false;
    }
  }
  let out = args.join(' ');
  if (escapes) {
    const [expanded, stop] = expandEscapes(out);
    out = expanded;
    if (stop) newline = false;
  }
  await context.stdout.write(newline ? `${out}\n` : out);
  return 0;
};

const SIMPLE: Record<string, string> = {
  a: '\x07',
  b: '\b',
  e: '\x1b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
  '\\': '\\',
};

/** echo -e / printf %b escapes; the flag says `\c` cut the output short. */
export function expandEscapes(input: string): [string, boolean] {
  let out = '';
  for (let i = 0; i < input.length; i++) {
    const ch = input[i];
    if (ch !== '\\' || i + 1 >= input.length) {
      out += ch;
      continue;
    }
    const next = input[i + 1] ?? '';
    if (next === 'c') return [out, true];
    if (next in SIMPLE) {
      out += SIMPLE[next];
      i++;
    } else if (next === '0') {
      const digits = /^[0-7]{0,3}/.exec(input.slice(i + 2))?.[0] ?? '';
      out += String.fromCharCode(Number.parseInt(digits || '0', 8));
      i += 1 + digits.length;
    } else if (next === 'x') {
      const digits = /^[0-9a-fA-F]{1,2}/.exec(input.slice(i + 2))?.[0];
      if (digits === undefined) out += '\\x';
      else out += String.fromCharCode(Number.parseInt(digits, 16));
      i += 1 + (digits?.length ?? 0);
    } else {
      out += ch;
    }
  }
  return [out, false];
}
