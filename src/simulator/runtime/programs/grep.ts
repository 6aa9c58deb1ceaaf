import type { ProcessContext } from '../process/contracts.js';
import { readInputs } from './inputs.js';
import { splitLines, text } from './io.js';
import { toolOptions } from './options.js';
import { posixToJs } from './regex.js';
import { BUSYBOX_BANNER, type Tool } from './tool.js';

/**
 * `grep [-ivncqlLhHEFwxo] [-e PATTERN] PATTERN [FILE]...`: exit 0 when a line matched, 1
 * when none did, 2 on trouble (even if something matched, unless -q matched first).
 */
export const grep: Tool = async (context, flavour) => {
  const name = context.argv[0]?.split('/').pop() ?? 'grep';
  const options = await toolOptions(context, flavour, 'grep', {
    flags: 'ivncqlLhHEFwxos',
    values: 'e',
    long: {
      'ignore-case': 'i',
      'invert-match': 'v',
      'line-number': 'n',
      count: 'c',
      quiet: 'q',
      silent: 'q',
      'files-with-matches': 'l',
      'extended-regexp': 'E',
      'fixed-strings': 'F',
      'word-regexp': 'w',
      'only-matching': 'o',
    },
  });
  if (!options) return 2;
  const flags = options.flags;
  const operands = [...options.operands];
  const pattern = options.values.get('e') ?? operands.shift();
  if (pattern === undefined) {
    await context.stderr.write(
      flavour === 'gnu'
        ? "Usage: grep [OPTION]... PATTERNS [FILE]...\nTry 'grep --help' for more information.\n"
        : BUSYBOX_BANNER,
    );
    return 2;
  }
  const matcher = compile(pattern, flags, name === 'egrep' ? true : flags.has('E'));
  const { inputs, failed } = await readInputs(context, flavour, 'grep', operands);
  const prefixNames = (operands.length > 1 || flags.has('H')) && !flags.has('h');
  let matched = false;
  for (const input of inputs) {
    const shownName = input.name === '-' ? '(standard input)' : input.name;
    let hits = 0;
    const out: string[] = [];
    splitLines(text(input.data)).forEach((line, index) => {
      const found = matcher(line);
      if (found.length > 0 === flags.has('v')) return;
      hits++;
      if (flags.has('c') || flags.has('l') || flags.has('L') || flags.has('q')) return;
      const prefix = `${prefixNames ? `${shownName}:` : ''}${flags.has('n') ? `${index + 1}:` : ''}`;
      if (flags.has('o') && !flags.has('v'))
        for (const part of found) out.push(`${prefix}${part}\n`);
      else out.push(`${prefix}${line}\n`);
    });
    if (hits > 0) matched = true;
    if (flags.has('q') && matched) return 0;
    if (flags.has('c')) out.push(`${prefixNames ? `${shownName}:` : ''}${hits}\n`);
    if (flags.has('l') && hits > 0) out.push(`${shownName}\n`);
    if (flags.has('L') && hits === 0) out.push(`${shownName}\n`);
    if (!flags.has('q')) await write(context, out);
  }
  if (failed && !(flags.has('s') && matched)) return 2;
  return matched ? 0 : 1;
};

async function write(context: ProcessContext, lines: string[]): Promise<void> {
  if (lines.length > 0) await context.stdout.write(lines.join(''));
  await context.yield();
}

/** A line → its matched parts (empty when it does not match). */
function compile(
  pattern: string,
  flags: Set<string>,
  extended: boolean,
): (line: string) => string[] {
  let source = flags.has('F')
    ? pattern.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')
    : posixToJs(pattern, extended);
  if (flags.has('w')) source = `(?<![A-Za-z0-9_])(?:${source})(?![A-Za-z0-9_])`;
  if (flags.has('x')) source = `^(?:${source})$`;
  const regex = new RegExp(source, flags.has('i') ? 'gi' : 'g');
  return (line) => {
    const parts: string[] = [];
    regex.lastIndex = 0;
    for (let match = regex.exec(line); match; match = regex.exec(line)) {
      parts.push(match[0]);
      if (match[0] === '') {
        regex.lastIndex++;
        if (!flags.has('o')) break;
      }
    }
    return flags.has('o') ? parts.filter((part) => part !== '') : parts.length > 0 ? parts : [];
  };
}
