import type { Word } from './ast.js';
import type { Expander } from './expand.js';
import { matchPattern, unescapePattern } from './pattern.js';

/**
 * busybox ash's `[[ … ]]` (and bash's): the words are expanded without field splitting or
 * pathname expansion, and the right-hand side of `=`, `==` and `!=` is a pattern — unquoted
 * `*`, `?` and `[…]` match, quoted parts are literal (`[[ $x == "h*" ]]` wants a star).
 *
 * The test builtin receives strings, so the pattern operand travels marked: a NUL (which no
 * argument of a real process can hold) before the pattern in its escaped form.
 */
const MARK = '\u0000';
const COMPARISONS = new Set(['=', '==', '!=']);

const literalText = (word: Word | undefined): string | undefined => {
  const part = word?.parts.length === 1 ? word.parts[0] : undefined;
  return part?.type === 'literal' ? part.text : undefined;
};

/** Whether the simple command is `[[ … ]]` by its first word, as typed (unquoted). */
export function isDoubleBracket(words: readonly Word[]): boolean {
  return literalText(words[0]) === '[[';
}

/** The command's arguments, the operand after a comparison marked as a pattern. */
export async function expandDoubleBracket(
  expander: Expander,
  words: readonly Word[],
): Promise<string[]> {
  const out: string[] = [];
  for (const [index, word] of words.entries()) {
    const previous = index > 1 ? literalText(words[index - 1]) : undefined;
    const last = index === words.length - 1;
    if (previous !== undefined && COMPARISONS.has(previous) && !last) {
      out.push(MARK + (await expander.pattern(word)));
    } else {
      out.push(await expander.string(word));
    }
  }
  return out;
}

/** An argument with its pattern mark taken off (the literal text it means). */
export function plainOperand(arg: string): string {
  return arg.startsWith(MARK) ? unescapePattern(arg.slice(MARK.length)) : arg;
}

/** `a == b` / `a != b` under `[[`: b matches as a pattern when marked, else as a string. */
export function operandMatches(a: string, b: string): boolean {
  return b.startsWith(MARK) ? matchPattern(b.slice(MARK.length), plainOperand(a)) : a === b;
}
