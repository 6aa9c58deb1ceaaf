import { describe, expect, it } from 'vitest';
import { humanDuration } from './human-duration.js';
import { formatRfc3339, parseTimestamp, since } from './timestamps.js';

const s = (n: number) => n * 1000;
const m = (n: number) => n * 60_000;
const h = (n: number) => n * 3_600_000;
const d = (n: number) => h(24 * n);
const y = (n: number) => d(365 * n);

describe('humanDuration (apimachinery HumanDuration)', () => {
  it.each([
    // A clock up to 2 s behind still reads 0s; beyond that the time is invalid.
    [-s(3), '<invalid>'],
    [-s(2), '<invalid>'],
    [-1999, '0s'],
    [-s(1), '0s'],
    [-1, '0s'],
    [0, '0s'],
    [999, '0s'],
    [s(1), '1s'],
    [s(119), '119s'],
    [s(119) + 999, '119s'],
    [s(120), '2m'],
    [s(125), '2m5s'],
    [m(5), '5m'],
    [m(9) + s(59), '9m59s'],
    [m(10), '10m'],
    [m(10) + s(59), '10m'],
    [m(47), '47m'],
    [m(179) + s(59), '179m'],
    [m(180), '3h'],
    [h(3) + m(5), '3h5m'],
    [h(7) + m(30), '7h30m'],
    [h(7) + m(59) + s(59), '7h59m'],
    [h(8), '8h'],
    [h(23), '23h'],
    [h(47) + m(59), '47h'],
    [h(48), '2d'],
    [h(50), '2d2h'],
    [d(2) + h(21), '2d21h'],
    [h(191), '7d23h'],
    [h(192), '8d'],
    [d(45), '45d'],
    [h(17519), '729d'],
    [h(17520), '2y'],
    [y(2) + d(1), '2y1d'],
    [y(8) - h(1), '7y364d'],
    [y(8), '8y'],
    [y(100) + d(3), '100y'],
  ])('%d ms → %s', (ms, text) => {
    expect(humanDuration(ms)).toBe(text);
  });
});

describe('timestamps', () => {
  it('parses RFC 3339 with and without fractions and offsets', () => {
    expect(parseTimestamp('2026-11-23T12:00:00Z')).toBe(Date.UTC(2026, 10, 23, 12));
    expect(parseTimestamp('2024-01-01T00:00:00.123456Z')).toBeCloseTo(
      Date.UTC(2024, 0, 1) + 123.456,
      6,
    );
    expect(parseTimestamp('2026-11-23T13:30:00+01:30')).toBe(Date.UTC(2026, 10, 23, 12));
    expect(parseTimestamp('0001-01-01T00:00:00Z')).toBe(Date.parse('0001-01-01T00:00:00.000Z'));
    expect(parseTimestamp(null)).toBeNull();
    expect(parseTimestamp('yesterday')).toBeNull();
  });

  it('since() is <unknown> for a zero time', () => {
    const now = Date.UTC(2026, 10, 23, 12);
    expect(since(undefined, now)).toBe('<unknown>');
    expect(since('2026-11-23T11:55:00Z', now)).toBe('5m');
  });

  it('formats RFC 3339 in whole seconds', () => {
    expect(formatRfc3339(Date.UTC(2026, 10, 23, 12, 1, 55, 900))).toBe('2026-11-23T12:01:55Z');
  });
});
