import { expandEscapes } from './echo.js';
import { readInputs } from './inputs.js';
import { readAll, splitLines, text } from './io.js';
import { BUSYBOX_BANNER, type Tool } from './tool.js';

const CLASS_SETS: Record<string, string> = {
  lower: 'abcdefghijklmnopqrstuvwxyz',
  upper: 'ABCDEFGHIJKLMNOPQRSTUVWXYZ',
  digit: '0123456789',
  space: ' \t\n\r\f\v',
  blank: ' \t',
};
CLASS_SETS.alpha = `${CLASS_SETS.lower}${CLASS_SETS.upper}`;
CLASS_SETS.alnum = `${CLASS_SETS.alpha}${CLASS_SETS.digit}`;

/** A tr SET: escapes, `a-z` ranges and `[:class:]`s expanded to the characters. */
export function expandSet(set: string): string {
  let source = expandEscapes(set)[0];
  source = source.replace(/\[:(\w+):\]/g, (whole, name: string) => CLASS_SETS[name] ?? whole);
  let out = '';
  for (let i = 0; i < source.length; i++) {
    const ch = source[i] as string;
    if (source[i + 1] === '-' && i + 2 < source.length) {
      const end = (source[i + 2] as string).charCodeAt(0);
      for (let code = ch.charCodeAt(0); code <= end; code++) out += String.fromCharCode(code);
      i += 2;
    } else out += ch;
  }
  return out;
}

/** `tr [-ds] SET1 [SET2]`: stdin only, as POSIX says. */
export const tr: Tool = async (context, flavour) => {
  const args = context.argv.slice(1);
  const flags = new Set<string>();
  while (/^-[dsc]+$/.test(args[0] ?? ''))
    for (const letter of (args.shift() ?? '').slice(1)) flags.add(letter);
  const [first, second] = args;
  if (first === undefined || (second === undefined && !flags.has('d') && !flags.has('s'))) {
    await context.stderr.write(
      flavour === 'gnu'
        ? `tr: missing operand${first === undefined ? '' : ` after '${first}'`}\nTry 'tr --help' for more information.\n`
        : BUSYBOX_BANNER,
    );
    return 1;
  }
  const set1 = expandSet(first);
  const set2 = second === undefined ? '' : expandSet(second);
  const input = text(await readAll(context.stdin, context.signals.killed));
  let out = '';
  let previous = '';
  for (const ch of input) {
    let mapped: string | undefined = ch;
    const index = set1.indexOf(ch);
    if (flags.has('d') && index >= 0) continue;
    if (!flags.has('d') && index >= 0 && set2 !== '')
      mapped = set2[Math.min(index, set2.length - 1)] ?? ch;
    const squeezeSet = flags.has('d') || set2 === '' ? (flags.has('d') ? set2 : set1) : set2;
    if (flags.has('s') && mapped === previous && squeezeSet.includes(mapped)) continue;
    out += mapped;
    previous = mapped;
  }
  await context.stdout.write(out);
  return 0;
};

/** `cut -f LIST [-d DELIM] [-s]` or `cut -c LIST`, lists like `1,3`, `2-`, `-3`. */
export const cut: Tool = async (context, flavour) => {
  const args = context.argv.slice(1);
  let fields: string | undefined;
  let chars: string | undefined;
  let delimiter = '\t';
  let onlyDelimited = false;
  const files: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    const glued = () => (arg.length > 2 ? arg.slice(2) : (args[++i] ?? ''));
    if (arg.startsWith('-f')) fields = glued();
    else if (arg.startsWith('-c') || arg.startsWith('-b')) chars = glued();
    else if (arg.startsWith('-d')) delimiter = glued();
    else if (arg === '-s') onlyDelimited = true;
    else files.push(arg);
  }
  const list = fields ?? chars;
  if (list === undefined) {
    await context.stderr.write(
      flavour === 'gnu'
        ? "cut: you must specify a list of bytes, characters, or fields\nTry 'cut --help' for more information.\n"
        : 'cut: expected a list of bytes, characters, or fields\n',
    );
    return 1;
  }
  const wanted = parseList(list);
  const { inputs, failed } = await readInputs(context, flavour, 'cut', files);
  const out: string[] = [];
  for (const line of inputs.flatMap((input) => splitLines(text(input.data)))) {
    if (chars !== undefined) {
      out.push(`${[...line].filter((_, i) => wanted(i + 1)).join('')}\n`);
      continue;
    }
    if (!line.includes(delimiter)) {
      if (!onlyDelimited) out.push(`${line}\n`);
      continue;
    }
    out.push(
      `${line
        .split(delimiter)
        .filter((_, i) => wanted(i + 1))
        .join(delimiter)}\n`,
    );
  }
  await context.stdout.write(out.join(''));
  return failed ? 1 : 0;
};

function parseList(list: string): (n: number) => boolean {
  const ranges = list.split(',').map((part) => {
    const [from, to] = part.includes('-') ? part.split('-') : [part, part];
    return [
      from === '' ? 1 : Number(from),
      to === '' || to === undefined ? Number.POSITIVE_INFINITY : Number(to),
    ];
  });
  return (n) => ranges.some(([from = 1, to = 0]) => n >= from && n <= to);
}
