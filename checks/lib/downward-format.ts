/**
 * The text of a downwardAPI `metadata.labels` or `metadata.annotations` file, as the kubelet
 * writes it (pkg/fieldpath FormatMap): one `key="value"` line per entry, sorted by key, the
 * value quoted as Go's %q does, and no newline after the last line.
 */
export function formatDownwardMap(map: Readonly<Record<string, string>> | undefined): string {
  return Object.keys(map ?? {})
    .sort()
    .map((key) => `${key}=${goQuote(map?.[key] ?? '')}`)
    .join('\n');
}

const ESCAPES: Readonly<Record<string, string>> = {
  '\x07': '\\a',
  '\b': '\\b',
  '\f': '\\f',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\v': '\\v',
  '\\': '\\\\',
  '"': '\\"',
};

/**
 * Go's strconv.Quote for the text labels and annotations hold: the escapes above, other
 * control characters as \x or \u, printable Unicode kept as it is.
 */
export function goQuote(value: string): string {
  let out = '"';
  for (const char of value) {
    const code = char.codePointAt(0) ?? 0;
    const escaped = ESCAPES[char];
    if (escaped) out += escaped;
    else if (code < 0x20 || code === 0x7f) out += `\\x${code.toString(16).padStart(2, '0')}`;
    else if (code >= 0x80 && code < 0xa0) out += `\\u${code.toString(16).padStart(4, '0')}`;
    else out += char;
  }
  return `${out}"`;
}
