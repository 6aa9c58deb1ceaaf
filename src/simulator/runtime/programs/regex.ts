/**
 * POSIX regular expressions (BRE and ERE, as grep and sed read them) translated to
 * JavaScript ones. Bracket classes (`[[:digit:]]`) become JS ranges; in a BRE the operators
 * are the escaped ones (`\(`, `\{`, `\+`, `\|` as GNU and busybox extend it) and the bare
 * characters are literal.
 */
const CLASSES: Record<string, string> = {
  alpha: 'a-zA-Z',
  digit: '0-9',
  alnum: 'a-zA-Z0-9',
  upper: 'A-Z',
  lower: 'a-z',
  space: ' \\t\\n\\r\\f\\v',
  blank: ' \\t',
  punct: '!-\\/:-@\\[-`{-~',
  xdigit: '0-9A-Fa-f',
  print: ' -~',
  graph: '!-~',
  cntrl: '\\x00-\\x1f\\x7f',
};

export function posixToJs(pattern: string, extended: boolean): string {
  let out = '';
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i] as string;
    if (ch === '[') {
      const [translated, next] = bracket(pattern, i);
      out += translated;
      i = next;
      continue;
    }
    if (ch === '\\' && i + 1 < pattern.length) {
      const next = pattern[++i] as string;
      if (!extended && '(){}|+?'.includes(next)) out += next;
      else if (/[1-9]/.test(next)) out += `\\${next}`;
      else if ('wWsSbB<>'.includes(next)) out += next === '<' || next === '>' ? '\\b' : `\\${next}`;
      else out += escapeJs(next);
      continue;
    }
    if (!extended && '(){}|+?'.includes(ch)) {
      out += `\\${ch}`;
      continue;
    }
    // A leading `*` (or one after `\(`) is literal in a BRE.
    if (ch === '*' && (out === '' || out.endsWith('(') || out.endsWith('^'))) {
      out += '\\*';
      continue;
    }
    out += ch === '/' ? '\\/' : ch;
  }
  return out;
}

function escapeJs(ch: string): string {
  return /[.*+?^${}()|[\]\\/]/.test(ch) ? `\\${ch}` : ch;
}

/** `[...]` starting at `start`: returns the JS class and the index of its `]`. */
function bracket(pattern: string, start: number): [string, number] {
  let i = start + 1;
  let out = '[';
  if (pattern[i] === '^') {
    out += '^';
    i++;
  }
  if (pattern[i] === ']') {
    out += '\\]';
    i++;
  }
  for (; i < pattern.length; i++) {
    const ch = pattern[i] as string;
    if (ch === ']') return [`${out}]`, i];
    if (ch === '[' && pattern[i + 1] === ':') {
      const end = pattern.indexOf(':]', i + 2);
      if (end > 0) {
        out += CLASSES[pattern.slice(i + 2, end)] ?? '';
        i = end + 1;
        continue;
      }
    }
    out += ch === '\\' ? '\\\\' : ch;
  }
  // No closing bracket: a literal `[`.
  return ['\\[', start];
}
