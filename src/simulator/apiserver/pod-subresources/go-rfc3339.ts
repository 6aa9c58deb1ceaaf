/**
 * `time.Parse(time.RFC3339, s)` as Go runs it for a `sinceTime` query parameter
 * (`metav1.Time.UnmarshalQueryParameter`), including Go's error texts, which the API server
 * returns verbatim in a 400: `parsing time "x" as "2006-01-02T15:04:05Z07:00": cannot parse "x" as "2006"`.
 */

const LAYOUT = '2006-01-02T15:04:05Z07:00';

type Element = { literal: string } | { std: '2006' | '01' | '02' | '15' | '04' | '05' | 'Z07:00' };

const ELEMENTS: Element[] = [
  { std: '2006' },
  { literal: '-' },
  { std: '01' },
  { literal: '-' },
  { std: '02' },
  { literal: 'T' },
  { std: '15' },
  { literal: ':' },
  { std: '04' },
  { literal: ':' },
  { std: '05' },
  { std: 'Z07:00' },
];

export class GoTimeParseError extends Error {}

/** Parses like Go or throws a `GoTimeParseError` carrying Go's message. */
export function parseGoRfc3339(input: string): Date {
  let value = input;
  const fields = { year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0, nanos: 0, offset: 0 };
  const fail = (elem: string, rest: string): never => {
    throw new GoTimeParseError(
      `parsing time ${quote(input)} as ${quote(LAYOUT)}: cannot parse ${quote(rest)} as ${quote(elem)}`,
    );
  };
  const outOfRange = (what: string): never => {
    throw new GoTimeParseError(`parsing time ${quote(input)}: ${what} out of range`);
  };
  for (const element of ELEMENTS) {
    if ('literal' in element) {
      if (!value.startsWith(element.literal)) fail(element.literal, value);
      value = value.slice(element.literal.length);
      continue;
    }
    const hold = value;
    switch (element.std) {
      case '2006': {
        const year = value.length >= 4 ? goAtoi(value.slice(0, 4)) : undefined;
        if (year === undefined) fail('2006', hold);
        fields.year = year as number;
        value = value.slice(4);
        break;
      }
      case '15': {
        const got = getnum(value, false) ?? fail('15', hold);
        [fields.hour, value] = got;
        if (fields.hour >= 24) outOfRange('hour');
        break;
      }
      case 'Z07:00': {
        if (value.startsWith('Z')) {
          value = value.slice(1);
          break;
        }
        if (value.length < 6 || value[3] !== ':') fail('Z07:00', hold);
        const hours = getnum(value.slice(1, 3), true);
        const minutes = getnum(value.slice(4, 6), true);
        const sign = value[0];
        if (!hours || !minutes || (sign !== '+' && sign !== '-')) fail('Z07:00', hold);
        const [hh] = hours as [number, string];
        const [mm] = minutes as [number, string];
        if (hh > 24) outOfRange('time zone offset hour');
        if (mm > 60) outOfRange('time zone offset minute');
        fields.offset = (sign === '-' ? -1 : 1) * (hh * 60 + mm);
        value = value.slice(6);
        break;
      }
      default: {
        const got = getnum(value, true) ?? fail(element.std, hold);
        const [n, rest] = got;
        value = rest;
        if (element.std === '01') {
          fields.month = n;
          if (n <= 0 || n > 12) outOfRange('month');
        } else if (element.std === '02') {
          fields.day = n;
        } else if (element.std === '04') {
          fields.minute = n;
          if (n >= 60) outOfRange('minute');
        } else {
          fields.second = n;
          if (n >= 60) outOfRange('second');
          // Go accepts a fractional second the layout does not spell out.
          const fraction = /^[.,](\d+)/.exec(value);
          if (fraction?.[1]) {
            fields.nanos = Number(fraction[1].slice(0, 9).padEnd(9, '0'));
            value = value.slice(fraction[0].length);
          }
        }
      }
    }
  }
  if (value.length > 0)
    throw new GoTimeParseError(`parsing time ${quote(input)}: extra text: ${quote(value)}`);
  if (fields.day < 1 || fields.day > daysIn(fields.month, fields.year)) outOfRange('day');
  const utc = Date.UTC(
    fields.year,
    fields.month - 1,
    fields.day,
    fields.hour,
    fields.minute,
    fields.second,
  );
  const date = new Date(utc - fields.offset * 60_000 + Math.floor(fields.nanos / 1e6));
  // Date.UTC maps years 0–99 to 1900–1999; Go does not.
  if (fields.year < 100) date.setUTCFullYear(date.getUTCFullYear() - 1900);
  return date;
}

/** Go's `getnum`: one or two leading digits (exactly two when `fixed`). */
function getnum(s: string, fixed: boolean): [number, string] | undefined {
  if (!isDigit(s, 0)) return undefined;
  if (!isDigit(s, 1)) return fixed ? undefined : [Number(s[0]), s.slice(1)];
  return [Number(s.slice(0, 2)), s.slice(2)];
}

/** Go's `atoi` of the time package: optional sign, then digits only. */
function goAtoi(s: string): number | undefined {
  const match = /^([+-]?)(\d+)$/.exec(s);
  if (!match) return undefined;
  return Number(match[2]) * (match[1] === '-' ? -1 : 1);
}

function isDigit(s: string, i: number) {
  const c = s.charCodeAt(i);
  return c >= 48 && c <= 57;
}

function daysIn(month: number, year: number) {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** The time package's `quote`: double quotes, with `"` and `\` escaped. */
function quote(s: string) {
  return `"${s.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}
