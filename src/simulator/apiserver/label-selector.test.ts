import { describe, expect, it } from 'vitest';
import { matchesLabels, parseLabelSelector } from './label-selector.js';
import { ApiError } from './status.js';

/** The 400's message for a selector the parser refuses. */
function refusal(text: string) {
  try {
    parseLabelSelector(text);
  } catch (error) {
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status.code).toBe(400);
    return (error as ApiError).status.message;
  }
  throw new Error(`expected ${JSON.stringify(text)} to be refused`);
}

const select = (text: string, ...sets: Record<string, string>[]) =>
  sets.map((labels) => matchesLabels(parseLabelSelector(text), labels));

describe('parseLabelSelector (a port of labels.Parse)', () => {
  it('parses every operator, sorting requirements by key', () => {
    expect(parseLabelSelector('z=1,a==2,m!=3, b in (y,x), c notin (w),d,!e, f>5, g<6')).toEqual([
      { key: 'a', op: '==', values: ['2'] },
      { key: 'b', op: 'in', values: ['x', 'y'] },
      { key: 'c', op: 'notin', values: ['w'] },
      { key: 'd', op: 'exists', values: [] },
      { key: 'e', op: '!', values: [] },
      { key: 'f', op: 'gt', values: ['5'] },
      { key: 'g', op: 'lt', values: ['6'] },
      { key: 'm', op: '!=', values: ['3'] },
      { key: 'z', op: '=', values: ['1'] },
    ]);
  });

  it('reads empty values and keywords used as values', () => {
    expect(parseLabelSelector('x in (foo,,baz),y=,z in (in)')).toEqual([
      { key: 'x', op: 'in', values: ['', 'baz', 'foo'] },
      { key: 'y', op: '=', values: [''] },
      { key: 'z', op: 'in', values: ['in'] },
    ]);
    expect(parseLabelSelector('x in ()')).toEqual([{ key: 'x', op: 'in', values: [''] }]);
    expect(parseLabelSelector('')).toEqual([]);
  });

  it('matches as labels.Selector.Matches does', () => {
    const a = { app: 'web', n: '7' };
    const b = { app: 'db' };
    const none = {};
    expect(select('app=web', a, b, none)).toEqual([true, false, false]);
    expect(select('app!=web', a, b, none)).toEqual([false, true, true]);
    expect(select('app notin (db)', a, b, none)).toEqual([true, false, true]);
    expect(select('n', a, b, none)).toEqual([true, false, false]);
    expect(select('!n', a, b, none)).toEqual([false, true, true]);
    expect(select('n>6', a, b, none)).toEqual([true, false, false]);
    expect(select('n<7', a, b, none)).toEqual([false, false, false]);
    expect(select('app>1', a)).toEqual([false]);
  });

  it('refuses bad syntax with the parser’s messages', () => {
    expect(refusal('a b')).toBe(
      "unable to parse requirement: found 'b', expected: in, notin, =, ==, !=, gt, lt",
    );
    expect(refusal('x in (a')).toBe("unable to parse requirement: found '', expected: ',' or ')'");
    expect(refusal('x in a')).toBe("unable to parse requirement: found 'a' expected: '('");
    expect(refusal('a=b,')).toBe("found '', expected: identifier after ','");
    expect(refusal('a=b c')).toBe("found 'c', expected: ',' or 'end of string'");
    expect(refusal('=a')).toBe("found '=', expected: !, identifier, or 'end of string'");
    expect(refusal('!=a')).toBe("found '!=', expected: !, identifier, or 'end of string'");
    expect(refusal('a=(b)')).toBe("unable to parse requirement: found '(', expected: identifier");
  });

  it('validates keys and values as NewRequirement does', () => {
    expect(refusal('-a=b')).toMatch(
      /^unable to parse requirement: <nil>: Invalid value: "-a": name part must consist of/,
    );
    expect(refusal('a=b_')).toMatch(
      /^unable to parse requirement: values\[0\]\[a\]: Invalid value: "b_": a valid label must be an empty string/,
    );
    expect(refusal('a>b')).toBe(
      `unable to parse requirement: values[0]: Invalid value: "b": for 'Gt', 'Lt' operators, the value must be an integer`,
    );
    expect(refusal('a in (-x,-y)')).toMatch(
      /^unable to parse requirement: \[values\[0\]\[a\]: Invalid value: "-x": .+, values\[1\]\[a\]: Invalid value: "-y": .+\]$/,
    );
  });
});
