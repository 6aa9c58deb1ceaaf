/**
 * Terminal text measuring and wrapping. The runner redraws its live part in place, which only
 * works when it knows how many rows each line takes; Chinese characters take two columns, so
 * `string.length` would be wrong half the time.
 */

// biome-ignore lint/suspicious/noControlCharactersInRegex: matching ANSI escapes is the point
const ANSI = /\x1b\[[0-9;?]*[A-Za-z]|\x1b\][^\x07]*\x07/g;

export function stripAnsi(text: string) {
  return text.replace(ANSI, '');
}

/** East Asian wide and fullwidth ranges (the common ones), plus emoji. */
const WIDE: [number, number][] = [
  [0x1100, 0x115f],
  [0x2e80, 0x303e],
  [0x3041, 0x33ff],
  [0x3400, 0x4dbf],
  [0x4e00, 0x9fff],
  [0xa000, 0xa4cf],
  [0xac00, 0xd7a3],
  [0xf900, 0xfaff],
  [0xfe30, 0xfe4f],
  [0xff00, 0xff60],
  [0xffe0, 0xffe6],
  [0x1f300, 0x1f64f],
  [0x1f900, 0x1f9ff],
  [0x20000, 0x3fffd],
];

function charWidth(code: number) {
  if (code < 0x20 || (code >= 0x7f && code < 0xa0)) return 0;
  // Combining marks and zero-width joiners/spaces add no column.
  if ((code >= 0x300 && code <= 0x36f) || (code >= 0x200b && code <= 0x200f)) return 0;
  for (const [from, to] of WIDE) if (code >= from && code <= to) return 2;
  return 1;
}

/** Columns the text takes on a terminal (ANSI escapes take none). */
export function displayWidth(text: string) {
  let width = 0;
  for (const char of stripAnsi(text)) width += charWidth(char.codePointAt(0) ?? 0);
  return width;
}

/** Rows a line takes once the terminal wraps it at `columns`. */
export function rowsOf(line: string, columns: number) {
  const width = displayWidth(line);
  return width === 0 ? 1 : Math.ceil(width / Math.max(1, columns));
}

/**
 * Wraps plain text (no ANSI) to `width` columns: at spaces for words, anywhere between wide
 * characters (as Chinese text wraps), and hard inside a word longer than a line. Each `\n`
 * starts a new line.
 */
export function wrapText(text: string, width: number): string[] {
  const limit = Math.max(8, width);
  const out: string[] = [];
  for (const paragraph of text.split('\n')) {
    let line: string[] = [];
    let lineWidth = 0;
    const add = (token: string) => {
      line.push(token);
      lineWidth += displayWidth(token);
    };
    for (const token of tokens(paragraph)) {
      if (lineWidth + displayWidth(token) <= limit) {
        add(token);
        continue;
      }
      // Chinese punctuation never starts a line: the word or character before it moves down too.
      const carry = NO_LINE_START.has(token) && line.length > 1 ? line.pop() : undefined;
      const done = line.join('').trimEnd();
      if (done !== '') out.push(done);
      line = [];
      lineWidth = 0;
      if (carry !== undefined) add(carry);
      if (token.trim() === '') continue;
      // A word wider than a whole line is cut where it must be.
      let rest = token;
      while (lineWidth === 0 && displayWidth(rest) > limit) {
        const [head, tail] = cut(rest, limit);
        out.push(head);
        rest = tail;
      }
      add(rest);
    }
    out.push(line.join('').trimEnd());
  }
  return out;
}

const NO_LINE_START = new Set([...'，。、；：？！）」』》〉,.;:?!)']);

/** Words with their following spaces, and every wide character on its own. */
function tokens(text: string): string[] {
  const out: string[] = [];
  let word = '';
  for (const char of text) {
    const wide = charWidth(char.codePointAt(0) ?? 0) === 2;
    if (wide) {
      if (word) out.push(word);
      out.push(char);
      word = '';
    } else if (char === ' ') {
      out.push(`${word} `);
      word = '';
    } else {
      word += char;
    }
  }
  if (word) out.push(word);
  return out;
}

function cut(text: string, limit: number): [string, string] {
  let width = 0;
  let index = 0;
  for (const char of text) {
    const w = charWidth(char.codePointAt(0) ?? 0);
    if (width + w > limit) break;
    width += w;
    index += char.length;
  }
  return [text.slice(0, index), text.slice(index)];
}

/** Pads to a display width (for aligned columns with Chinese titles). */
export function padEnd(text: string, width: number) {
  return text + ' '.repeat(Math.max(0, width - displayWidth(text)));
}
