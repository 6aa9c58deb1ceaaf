import { readInputs } from './inputs.js';
import { splitLines, text } from './io.js';
import { toolOptions } from './options.js';
import type { Tool } from './tool.js';

/** `sort [-rnuf] [-t SEP] [-k N[,M]] [FILE]...` in the C locale (containers set no LANG). */
export const sort: Tool = async (context, flavour) => {
  const options = await toolOptions(context, flavour, 'sort', {
    flags: 'rnufbs',
    values: 'tko',
    long: { reverse: 'r', 'numeric-sort': 'n', unique: 'u', 'ignore-case': 'f' },
  });
  if (!options) return 2;
  const { inputs, failed } = await readInputs(context, flavour, 'sort', options.operands);
  if (failed) return 2;
  const flags = options.flags;
  const separator = options.values.get('t');
  const keySpec = options.values.get('k');
  const [startField = 1, endField] = (keySpec ?? '1')
    .split(',')
    .map((part) => Number.parseInt(part, 10));
  const keyOf = (line: string): string => {
    if (keySpec === undefined) return line;
    const fields = separator === undefined ? line.split(/(?=\s+\S)/) : line.split(separator);
    const picked = fields.slice(startField - 1, endField ?? fields.length);
    return picked.join(separator ?? '').replace(/^\s+/, '');
  };
  const compare = (a: string, b: string): number => {
    let ka = keyOf(a);
    let kb = keyOf(b);
    if (flags.has('f')) {
      ka = ka.toUpperCase();
      kb = kb.toUpperCase();
    }
    let result = 0;
    if (flags.has('n')) result = leadingNumber(ka) - leadingNumber(kb);
    if (result === 0 && !(flags.has('u') && flags.has('n'))) result = byteCompare(ka, kb);
    // Last resort (coreutils): the whole line, so equal keys still sort deterministically.
    if (result === 0 && !flags.has('u') && !flags.has('s')) result = byteCompare(a, b);
    return flags.has('r') ? -result : result;
  };
  const lines = inputs.flatMap((input) => splitLines(text(input.data))).sort(compare);
  const kept = flags.has('u')
    ? lines.filter((line, i) => i === 0 || compare(lines[i - 1] as string, line) !== 0)
    : lines;
  await context.stdout.write(kept.map((line) => `${line}\n`).join(''));
  return 0;
};

function leadingNumber(text: string): number {
  const match = /^\s*-?\d*\.?\d+/.exec(text);
  return match ? Number(match[0]) : 0;
}

function byteCompare(a: string, b: string): number {
  if (a === b) return 0;
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}

/** `uniq [-cdu] [INPUT [OUTPUT]]`: adjacent duplicates only, as the real one. */
export const uniq: Tool = async (context, flavour) => {
  const options = await toolOptions(context, flavour, 'uniq', {
    flags: 'cdui',
    long: { count: 'c' },
  });
  if (!options) return 1;
  const { inputs, failed } = await readInputs(
    context,
    flavour,
    'uniq',
    options.operands.slice(0, 1),
  );
  if (failed) return 1;
  const lines = inputs.flatMap((input) => splitLines(text(input.data)));
  const groups: { line: string; count: number }[] = [];
  for (const line of lines) {
    const last = groups[groups.length - 1];
    const same =
      last &&
      (options.flags.has('i')
        ? last.line.toLowerCase() === line.toLowerCase()
        : last.line === line);
    if (last && same) last.count++;
    else groups.push({ line, count: 1 });
  }
  const out = groups
    .filter((group) =>
      options.flags.has('d') ? group.count > 1 : options.flags.has('u') ? group.count === 1 : true,
    )
    .map((group) =>
      options.flags.has('c')
        ? `${String(group.count).padStart(7)} ${group.line}\n`
        : `${group.line}\n`,
    );
  await context.stdout.write(out.join(''));
  return 0;
};
