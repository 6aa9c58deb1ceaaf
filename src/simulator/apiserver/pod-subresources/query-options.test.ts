import { describe, expect, it } from 'vitest';
import { ApiError } from '../status.js';
import { parseGoRfc3339 } from './go-rfc3339.js';
import { parseLogOptions, parseStreamOptions, queryBool } from './query-options.js';

const q = (s: string) => new URLSearchParams(s);

function statusOf(fn: () => unknown) {
  try {
    fn();
  } catch (error) {
    if (error instanceof ApiError) return error.status;
    throw error;
  }
  throw new Error('expected an ApiError');
}

describe('boolean query parameters (Convert_Slice_string_To_bool)', () => {
  it.each([
    ['stdin=true', true],
    ['stdin=1', true],
    ['stdin=', true],
    ['stdin=yes', true],
    ['stdin=false', false],
    ['stdin=FALSE', false],
    ['stdin=0', false],
    ['', false],
  ])('%s → %s', (query, expected) => {
    expect(queryBool(q(query), 'stdin')).toBe(expected);
  });
});

describe('exec and attach options', () => {
  it('keeps repeated commands in order and reads client-node’s explicit false values', () => {
    expect(
      parseStreamOptions(
        q(
          'stdout=true&stderr=true&stdin=false&tty=false&command=sh&command=-c&command=echo%20hi&container=c1',
        ),
      ),
    ).toEqual({
      container: 'c1',
      command: ['sh', '-c', 'echo hi'],
      stdin: false,
      stdout: true,
      stderr: true,
      tty: false,
    });
  });
});

describe('log options', () => {
  it('parses what kubectl logs -f --tail=1 --timestamps sends', () => {
    expect(
      parseLogOptions(q('container=main&follow=true&tailLines=1&timestamps=true'), 'web'),
    ).toEqual({
      container: 'main',
      follow: true,
      previous: false,
      timestamps: true,
      tailLines: 1,
    });
  });

  it('rejects a number that does not parse with strconv’s text (400)', () => {
    expect(statusOf(() => parseLogOptions(q('tailLines=ten'), 'web'))).toMatchObject({
      code: 400,
      reason: 'BadRequest',
      message: 'strconv.ParseInt: parsing "ten": invalid syntax',
    });
    expect(
      statusOf(() => parseLogOptions(q('limitBytes=99999999999999999999'), 'web')).message,
    ).toBe('strconv.ParseInt: parsing "99999999999999999999": value out of range');
    expect(statusOf(() => parseLogOptions(q('sinceSeconds='), 'web')).message).toBe(
      'strconv.ParseInt: parsing "": invalid syntax',
    );
  });

  it('validates ranges as ValidatePodLogOptions (422 PodLogOptions)', () => {
    expect(statusOf(() => parseLogOptions(q('tailLines=-1&limitBytes=0'), 'web'))).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message:
        'PodLogOptions "web" is invalid: [tailLines: Invalid value: -1: must be greater than or equal to 0, limitBytes: Invalid value: 0: must be greater than 0]',
      reason: 'Invalid',
      details: {
        name: 'web',
        kind: 'PodLogOptions',
        causes: [
          {
            reason: 'FieldValueInvalid',
            message: 'Invalid value: -1: must be greater than or equal to 0',
            field: 'tailLines',
          },
          {
            reason: 'FieldValueInvalid',
            message: 'Invalid value: 0: must be greater than 0',
            field: 'limitBytes',
          },
        ],
      },
      code: 422,
    });
    expect(statusOf(() => parseLogOptions(q('sinceSeconds=0'), 'web')).message).toBe(
      'PodLogOptions "web" is invalid: sinceSeconds: Invalid value: 0: must be greater than 0',
    );
  });

  it('forbids sinceSeconds with sinceTime, on the root path (no cause field)', () => {
    const status = statusOf(() =>
      parseLogOptions(q('sinceSeconds=10&sinceTime=2024-01-02T03:04:05Z'), 'web'),
    );
    expect(status.message).toBe(
      'PodLogOptions "web" is invalid: : Forbidden: at most one of `sinceTime` or `sinceSeconds` may be specified',
    );
    expect(status.details?.causes).toEqual([
      {
        reason: 'FieldValueForbidden',
        message: 'Forbidden: at most one of `sinceTime` or `sinceSeconds` may be specified',
      },
    ]);
  });

  it('reads sinceTime as RFC 3339 and reports Go’s parse errors', () => {
    expect(
      parseLogOptions(q('sinceTime=2024-01-02T03:04:05%2B02:00'), 'web').sinceTime?.toISOString(),
    ).toBe('2024-01-02T01:04:05.000Z');
    expect(statusOf(() => parseLogOptions(q('sinceTime=yesterday'), 'web')).message).toBe(
      'parsing time "yesterday" as "2006-01-02T15:04:05Z07:00": cannot parse "yesterday" as "2006"',
    );
  });
});

describe('Go RFC 3339 parsing', () => {
  it('accepts fractional seconds and offsets', () => {
    expect(parseGoRfc3339('2024-02-29T23:59:59.123456789Z').toISOString()).toBe(
      '2024-02-29T23:59:59.123Z',
    );
    expect(parseGoRfc3339('2024-01-01T00:00:00-01:30').toISOString()).toBe(
      '2024-01-01T01:30:00.000Z',
    );
  });

  it.each([
    [
      '2024-01-02',
      'parsing time "2024-01-02" as "2006-01-02T15:04:05Z07:00": cannot parse "" as "T"',
    ],
    [
      '2024-1-02T00:00:00Z',
      'parsing time "2024-1-02T00:00:00Z" as "2006-01-02T15:04:05Z07:00": cannot parse "1-02T00:00:00Z" as "01"',
    ],
    ['2024-13-02T00:00:00Z', 'parsing time "2024-13-02T00:00:00Z": month out of range'],
    ['2023-02-29T00:00:00Z', 'parsing time "2023-02-29T00:00:00Z": day out of range'],
    [
      '2024-01-02T00:00:00',
      'parsing time "2024-01-02T00:00:00" as "2006-01-02T15:04:05Z07:00": cannot parse "" as "Z07:00"',
    ],
    ['2024-01-02T00:00:00Zjunk', 'parsing time "2024-01-02T00:00:00Zjunk": extra text: "junk"'],
  ])('%s', (input, message) => {
    expect(() => parseGoRfc3339(input)).toThrow(message);
  });
});
