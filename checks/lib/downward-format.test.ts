import { describe, expect, it } from 'vitest';
import { formatDownwardMap, goQuote } from './downward-format.js';

describe('formatDownwardMap (pkg/fieldpath FormatMap)', () => {
  it('writes sorted key="value" lines without a final newline', () => {
    expect(
      formatDownwardMap({ zone: 'asia-taipei', cluster: 'my-k8s', 'traefik.enable': 'true' }),
    ).toBe('cluster="my-k8s"\ntraefik.enable="true"\nzone="asia-taipei"');
  });

  it('is empty for no labels', () => {
    expect(formatDownwardMap(undefined)).toBe('');
    expect(formatDownwardMap({})).toBe('');
  });
});

describe('goQuote (strconv.Quote)', () => {
  it('escapes quotes, backslashes and control characters as Go does', () => {
    expect(goQuote('{"a":1}\n')).toBe('"{\\"a\\":1}\\n"');
    expect(goQuote('tab\there\\')).toBe('"tab\\there\\\\"');
    expect(goQuote('\x01\x7f')).toBe('"\\x01\\x7f"');
  });

  it('keeps printable Unicode', () => {
    expect(goQuote('台北')).toBe('"台北"');
  });
});
