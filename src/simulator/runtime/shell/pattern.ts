/**
 * Shell pattern matching (`case`, `${x%pat}`, globbing). Patterns arrive with quoted
 * characters escaped by a backslash (`a\*` matches the two characters `a*`), which is how the
 * expander keeps `"$p"` literal while `$p` stays a pattern.
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
  cntrl: '\\x00-\\x1f\\x7f',
  print: '\\x20-\\x7e',
  graph: '\\x21-\\x7e',
};

const cache = new Map<string, RegExp>();

function escapeRegex(c: string): string {
  return /[\\^$.*+?()[\]{}|/-]/.test(c) ? `\\${c}` : c;
}

/** Whether the (escaped) pattern has an unescaped `*`, `?` or `[`. */
export function hasGlobChars(pattern: string): boolean {
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\') i++;
    else if (c === '*' || c === '?' || c === '[') return true;
  }
  return false;
}

/** Removes the escaping backslashes: the literal text a pattern without wildcards means. */
export function unescapePattern(pattern: string): string {
  return pattern.replace(/\\(.)/gs, '$1');
}

/** Escapes a literal string so it matches only itself. */
export function escapePattern(text: string): string {
  return text.replace(/[\\*?[\]]/g, '\\$&');
}

function translate(pattern: string, pathname: boolean): string {
  let out = '';
  const any = pathname ? '[^/]' : '[^]';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i] as string;
    if (c === '\\') {
      const next = pattern[i + 1];
      if (next !== undefined) {
        out += escapeRegex(next);
        i++;
      } else out += '\\\\';
    } else if (c === '*') out += `${any}*`;
    else if (c === '?') out += any;
    else if (c === '[') {
      const bracket = readBracket(pattern, i);
      if (bracket) {
        out += bracket.regex;
        i = bracket.end;
      } else out += '\\[';
    } else out += escapeRegex(c);
  }
  return out;
}

function readBracket(pattern: string, start: number): { regex: string; end: number } | undefined {
  let i = start + 1;
  let negate = false;
  if (pattern[i] === '!' || pattern[i] === '^') {
    negate = true;
    i++;
  }
  let body = '';
  let first = true;
  for (; i < pattern.length; i++) {
    const c = pattern[i] as string;
    if (c === ']' && !first) {
      return { regex: `[${negate ? '^' : ''}${body}]`, end: i };
    }
    first = false;
    if (c === '[' && pattern[i + 1] === ':') {
      const close = pattern.indexOf(':]', i + 2);
      if (close > 0) {
        const cls = CLASSES[pattern.slice(i + 2, close)];
        if (cls !== undefined) {
          body += cls;
          i = close + 1;
          continue;
        }
      }
    }
    if (c === '\\' && pattern[i + 1] !== undefined) {
      body += escapeRegex(pattern[i + 1] as string);
      i++;
      continue;
    }
    if (c === '-' && body !== '' && pattern[i + 1] !== ']') {
      body += '-';
      continue;
    }
    body += escapeRegex(c);
  }
  return undefined;
}

/** A RegExp matching the whole string against the pattern. */
export function patternRegex(pattern: string, options: { pathname?: boolean } = {}): RegExp {
  const key = `${options.pathname ? 'p' : 's'}${pattern}`;
  let regex = cache.get(key);
  if (!regex) {
    regex = new RegExp(`^${translate(pattern, options.pathname ?? false)}$`, 's');
    if (cache.size > 500) cache.clear();
    cache.set(key, regex);
  }
  return regex;
}

export function matchPattern(pattern: string, text: string): boolean {
  return patternRegex(pattern).test(text);
}

/** `${x%p}` `${x%%p}` `${x#p}` `${x##p}`: the value with the matched suffix/prefix removed. */
export function trimPattern(value: string, pattern: string, op: '%' | '%%' | '#' | '##'): string {
  const regex = patternRegex(pattern);
  const n = value.length;
  switch (op) {
    case '#':
      for (let i = 0; i <= n; i++) if (regex.test(value.slice(0, i))) return value.slice(i);
      return value;
    case '##':
      for (let i = n; i >= 0; i--) if (regex.test(value.slice(0, i))) return value.slice(i);
      return value;
    case '%':
      for (let i = n; i >= 0; i--) if (regex.test(value.slice(i))) return value.slice(0, i);
      return value;
    case '%%':
      for (let i = 0; i <= n; i++) if (regex.test(value.slice(i))) return value.slice(0, i);
      return value;
  }
}

/** busybox `${x/p/r}` and `${x//p/r}`: longest match, first or every occurrence. */
export function replacePattern(
  value: string,
  pattern: string,
  replacement: string,
  all: boolean,
): string {
  if (pattern === '') return value;
  if (pattern.startsWith('#')) {
    const regex = patternRegex(pattern.slice(1));
    for (let j = value.length; j >= 0; j--) {
      if (regex.test(value.slice(0, j))) return replacement + value.slice(j);
    }
    return value;
  }
  if (pattern.startsWith('%')) {
    const regex = patternRegex(pattern.slice(1));
    for (let i = 0; i <= value.length; i++) {
      if (regex.test(value.slice(i))) return value.slice(0, i) + replacement;
    }
    return value;
  }
  const regex = patternRegex(pattern);
  let out = '';
  let i = 0;
  while (i < value.length) {
    let matched = -1;
    for (let j = value.length; j > i; j--) {
      if (regex.test(value.slice(i, j))) {
        matched = j;
        break;
      }
    }
    if (matched > i) {
      out += replacement;
      i = matched;
      if (!all) return out + value.slice(i);
      continue;
    }
    out += value[i];
    i++;
  }
  return out;
}
