import { displayWidth } from './text-layout.js';

/**
 * Lays a shell command out over lines of `width` columns so that it still runs when copied:
 * lines end in ` \` (the shell's line continuation) and breaks fall only on spaces outside
 * quotes. A word wider than a line stays whole; the terminal wraps it, and copying keeps it intact.
 */
export function wrapCommand(command: string, width: number): string[] {
  const words = shellWords(command);
  const lines: string[] = [];
  let line = '';
  for (const word of words) {
    const candidate = line === '' ? word : `${line} ${word}`;
    // Two columns are kept for the ` \` a continued line needs.
    if (line === '' || displayWidth(candidate) + 2 <= width) {
      line = candidate;
      continue;
    }
    lines.push(`${line} \\`);
    line = `    ${word}`;
  }
  lines.push(line);
  return lines;
}

/** Splits at spaces that are outside single and double quotes, keeping the quotes. */
function shellWords(command: string) {
  const words: string[] = [];
  let word = '';
  let quote: string | undefined;
  for (const char of command) {
    if (quote !== undefined) {
      if (char === quote) quote = undefined;
      word += char;
    } else if (char === "'" || char === '"') {
      quote = char;
      word += char;
    } else if (char === ' ') {
      if (word !== '') words.push(word);
      word = '';
    } else word += char;
  }
  if (word !== '') words.push(word);
  return words;
}
