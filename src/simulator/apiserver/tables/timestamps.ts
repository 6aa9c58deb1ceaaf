/**
 * Timestamps as the printers need them: `metav1.Time` (RFC 3339, seconds) and `metav1.MicroTime`
 * (RFC 3339 with microseconds, used by `eventTime`). `Date.parse` only promises to read three
 * fractional digits, so the format is parsed by hand.
 */
import { humanDuration } from './human-duration.js';

const RFC3339 =
  /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(?:([Zz])|([+-])(\d{2}):(\d{2}))$/;

const DAYS_PER_400_YEARS = 146_097;

/** Milliseconds since the epoch (fractional below 1 ms), or null for a missing or bad value. */
export function parseTimestamp(value: unknown): number | null {
  if (typeof value !== 'string') return null;
  const m = RFC3339.exec(value);
  if (!m) return null;
  const [, y, mo, d, h, mi, s, frac, , sign, oh, om] = m;
  // Date.UTC maps years 0–99 to 1900–1999; shift by one 400-year Gregorian cycle instead.
  const year = Number(y);
  const cycles = year < 100 ? 1 : 0;
  let ms =
    Date.UTC(year + 400 * cycles, Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s)) -
    cycles * DAYS_PER_400_YEARS * 86_400_000;
  if (frac) ms += Number(`0.${frac}`) * 1000;
  if (sign) {
    const offset = (Number(oh) * 60 + Number(om)) * 60_000;
    ms += sign === '+' ? -offset : offset;
  }
  return Number.isNaN(ms) ? null : ms;
}

/** printers.go `translateTimestampSince`: `<unknown>` for a zero (absent) time. */
export function since(value: unknown, now: number): string {
  const t = parseTimestamp(value);
  return t === null ? '<unknown>' : humanDuration(now - t);
}

/** Go `t.UTC().Format(time.RFC3339)`: whole seconds, `Z`. */
export function formatRfc3339(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

/** Go's zero `time.Time` as RFC 3339, printed for objects that have no creationTimestamp. */
export const ZERO_TIME_RFC3339 = '0001-01-01T00:00:00Z';
