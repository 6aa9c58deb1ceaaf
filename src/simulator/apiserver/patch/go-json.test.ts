import { describe, expect, it } from 'vitest';
import { goQuote, goString, goValue } from './go-format.js';
import { GoJsonError, goJsonDecode, goJsonMarshal, goJsonSyntaxError } from './go-json.js';

const syntax = (text: string | Uint8Array) =>
  goJsonSyntaxError(typeof text === 'string' ? Buffer.from(text) : text);

describe('Go JSON syntax errors', () => {
  // The texts below were checked against kubectl 1.32's JSON decoder, which reports the same
  // scanner errors (behind a "json: offset N:" prefix).
  it.each([
    ['{"a":x}', "invalid character 'x' looking for beginning of value"],
    ['{"a" 1}', "invalid character '1' after object key"],
    ['{"a":1 "b"}', `invalid character '"' after object key:value pair`],
    ['[1 2]', "invalid character '2' after array element"],
    ['{"a":"\\q"}', "invalid character 'q' in string escape code"],
    ['{"a":-}', "invalid character '}' in numeric literal"],
    ['{"a":1.}', "invalid character '}' after decimal point in numeric literal"],
    ['{"a":1e}', "invalid character '}' in exponent of numeric literal"],
    ['{"a":tru}', "invalid character '}' in literal true (expecting 'e')"],
    ['{"a":"\\u12G4"}', "invalid character 'G' in \\u hexadecimal character escape"],
    ['{1:2}', "invalid character '1' looking for beginning of object key string"],
    ['{"a":1}}', "invalid character '}' after top-level value"],
    ["'x'", "invalid character '\\'' looking for beginning of value"],
    ['"a\nb"', "invalid character '\\n' in string literal"],
    ['', 'unexpected end of JSON input'],
    ['{"a":', 'unexpected end of JSON input'],
    ['-', "invalid character ' ' in numeric literal"],
    ['nul', "invalid character ' ' in literal null (expecting 'l')"],
  ])('%j → %s', (text, message) => {
    expect(syntax(text)).toBe(message);
  });

  it('quotes a non-ASCII byte as its Latin-1 rune', () => {
    expect(syntax(Buffer.from('é'))).toBe("invalid character 'Ã' looking for beginning of value");
    expect(syntax(Uint8Array.of(0xa0))).toBe(
      "invalid character '\\u00a0' looking for beginning of value",
    );
  });

  it('accepts valid documents, including deep ones up to Go’s limit', () => {
    expect(syntax(' {"a":[1,-2.5e+3,true,false,null,"\\u00e9"]} \n')).toBeUndefined();
    expect(syntax(`${'['.repeat(10000)}${']'.repeat(10000)}`)).toBeUndefined();
    expect(syntax('['.repeat(10001))).toBe("invalid character '[' exceeded max depth");
  });

  it('decodes or throws a GoJsonError', () => {
    expect(goJsonDecode(Buffer.from('{"a":[1]}'))).toEqual({ a: [1] });
    expect(() => goJsonDecode(Buffer.from('{'))).toThrow(
      new GoJsonError('unexpected end of JSON input'),
    );
  });
});

describe('Go formatting', () => {
  it('renders %v with sorted map keys', () => {
    expect(goValue({ name: 'a', image: { x: [1, 2.5, null, true] } })).toBe(
      'map[image:map[x:[1 2.5 <nil> true]] name:a]',
    );
    expect(goValue([1234567.5, 0.00001, 0.5])).toBe('[1.2345675e+06 1e-05 0.5]');
  });

  it('renders %s of non-strings as Go does', () => {
    expect(goString('merge')).toBe('merge');
    expect(goString(1.5)).toBe('%!s(float64=1.5)');
    expect(goString(2)).toBe('%!s(int64=2)');
    expect(goString(null)).toBe('%!s(<nil>)');
  });

  it('quotes like strconv.Quote', () => {
    expect(goQuote('a"b\\c\n\x01é\u00ad')).toBe('"a\\"b\\\\c\\n\\x01é\\u00ad"');
  });

  it('marshals with sorted keys and HTML escaping', () => {
    expect(goJsonMarshal({ b: '<&>', a: [1] })).toBe('{"a":[1],"b":"\\u003c\\u0026\\u003e"}');
  });
});
