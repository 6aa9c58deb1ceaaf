/**
 * Go's text formatting, as far as Kubernetes' messages need it: `strconv.Quote` (`%q`) and
 * `%v` of numbers. Messages are compared byte for byte with a real API server's, so quoting
 * follows Go, not JSON (`\x01`, not `\u0001`).
 */

const PRINTABLE = /^[\p{L}\p{M}\p{N}\p{P}\p{S} ]$/u;

const SIMPLE_ESCAPES: Readonly<Record<string, string>> = {
  '\u0007': '\\a',
  '\b': '\\b',
  '\f': '\\f',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\v': '\\v',
  '"': '\\"',
  '\\': '\\\\',
};

function hex(code: number, width: number): string {
  return code.toString(16).padStart(width, '0');
}

/** `strconv.Quote`: double-quoted, Go escapes, printable Unicode kept as is. */
export function goQuote(value: string): string {
  let out = '"';
  for (const char of value) {
    const escaped = SIMPLE_ESCAPES[char];
    if (escaped !== undefined) {
      out += escaped;
      continue;
    }
    if (PRINTABLE.test(char)) {
      out += char;
      continue;
    }
    const code = char.codePointAt(0) ?? 0;
    if (code < 0x80) out += `\\x${hex(code, 2)}`;
    else if (code < 0x10000) out += `\\u${hex(code, 4)}`;
    else out += `\\U${hex(code, 8)}`;
  }
  return `${out}"`;
}

/** `%v` of a Go number: integers plainly, floats in their shortest form (`1.5`, `1e+21`). */
export function goNumber(value: number): string {
  if (Number.isInteger(value) && Math.abs(value) < 1e21) return String(value);
  const text = String(value);
  // JavaScript writes `1e21`, Go `1e+21`.
  return text.replace(/e(\d)/, 'e+$1');
}
