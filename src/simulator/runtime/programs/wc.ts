import { readInputs } from './inputs.js';
import { toolOptions } from './options.js';
import type { Tool } from './tool.js';

/**
 * `wc [-lwcm] [FILE]...`. A single count of a single input is printed bare (`echo hi | wc -l`
 * → `1`); otherwise coreutils pads to the width of the largest possible number (7 for a pipe)
 * and busybox to 9.
 */
export const wc: Tool = async (context, flavour) => {
  const options = await toolOptions(context, flavour, 'wc', {
    flags: 'lwcmL',
    long: { lines: 'l', words: 'w', bytes: 'c', chars: 'm' },
  });
  if (!options) return 1;
  let wanted = ['l', 'w', 'm', 'c'].filter((flag) => options.flags.has(flag));
  if (wanted.length === 0) wanted = ['l', 'w', 'c'];
  const { inputs, failed } = await readInputs(context, flavour, 'wc', options.operands);
  const rows = inputs.map((input) => ({ name: input.name, counts: count(input.data, wanted) }));
  if (rows.length > 1) {
    const totals = wanted.map((_, i) => rows.reduce((sum, row) => sum + (row.counts[i] ?? 0), 0));
    rows.push({ name: 'total', counts: totals });
  }
  const fromFiles = options.operands.length > 0 && !options.operands.includes('-');
  let width: number;
  if (wanted.length === 1 && rows.length === 1) width = 0;
  else if (flavour === 'busybox') width = 9;
  else if (fromFiles) {
    const bytes = inputs.reduce((sum, input) => sum + input.data.length, 0);
    width = String(bytes).length;
  } else width = 7;
  const lines = rows.map((row) => {
    const numbers = row.counts.map((n) => String(n).padStart(width)).join(' ');
    const name = row.name === '-' && options.operands.length === 0 ? '' : ` ${row.name}`;
    return `${numbers}${options.operands.length === 0 ? '' : name}\n`;
  });
  await context.stdout.write(lines.join(''));
  return failed ? 1 : 0;
};

function count(data: Uint8Array, wanted: string[]): number[] {
  let lines = 0;
  let words = 0;
  let inWord = false;
  for (const byte of data) {
    if (byte === 10) lines++;
    const space = byte === 32 || (byte >= 9 && byte <= 13);
    if (!space && !inWord) words++;
    inWord = !space;
  }
  const chars = new TextDecoder().decode(data).length;
  const table: Record<string, number> = { l: lines, w: words, m: chars, c: data.length };
  return wanted.map((flag) => table[flag] ?? 0);
}
