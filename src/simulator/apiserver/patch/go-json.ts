/**
 * Request-body JSON the way Go's `encoding/json` sees it: the same syntax errors with the same
 * texts (`invalid character 'x' looking for beginning of value`, `unexpected end of JSON input`),
 * the type errors a typed decode reports, and `json.Marshal`'s output for size accounting. The API
 * server returns these texts in 400 responses, so they are reproduced from Go's scanner.
 */

import { compareGoStrings, goQuote } from './go-format.js';
import { isJsonMap } from './json-value.js';

/** A body Go's JSON decoder refuses; `message` is Go's error text. */
export class GoJsonError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'GoJsonError';
  }
}

/** `json.Unmarshal(body, &v)` into `interface{}`: the decoded value, or Go's syntax error. */
export function goJsonDecode(body: Uint8Array): unknown {
  const syntaxError = goJsonSyntaxError(body);
  if (syntaxError !== undefined) throw new GoJsonError(syntaxError);
  return JSON.parse(Buffer.from(body).toString('utf8'));
}

/** The word Go's `UnmarshalTypeError` uses for a JSON value. */
export function goJsonKind(
  value: unknown,
): 'array' | 'object' | 'string' | 'number' | 'bool' | 'null' {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (isJsonMap(value)) return 'object';
  if (typeof value === 'string') return 'string';
  if (typeof value === 'number') return 'number';
  return 'bool';
}

/** The message of a typed decode that met the wrong kind of value. */
export function goTypeMismatch(value: unknown, goType: string): string {
  return `json: cannot unmarshal ${goJsonKind(value)} into Go value of type ${goType}`;
}

/**
 * `json.Marshal` of a decoded value: map keys sorted, `<`, `>`, `&`, U+2028 and U+2029 escaped
 * (Go's HTML-safe default).
 */
export function goJsonMarshal(value: unknown): string {
  return JSON.stringify(sortKeys(value)).replace(
    /[<>&\u2028\u2029]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (!isJsonMap(value)) return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort(compareGoStrings)) {
    Object.defineProperty(out, key, { value: sortKeys(value[key]), enumerable: true });
  }
  return out;
}

// --- Go's scanner (encoding/json/scanner.go), reduced to what produces error texts -------

const MAX_NESTING_DEPTH = 10000;

type Frame = 'object-key' | 'object-value' | 'array-value';
type Step = (c: number) => void;

/** Go's syntax error for `data`, or `undefined` when it is one valid JSON value. */
export function goJsonSyntaxError(data: Uint8Array): string | undefined {
  const stack: Frame[] = [];
  let error: string | undefined;
  let endTop = false;
  let step: Step;

  const fail = (c: number, context: string): void => {
    error = `invalid character ${quoteChar(c)} ${context}`;
  };
  const isSpace = (c: number) => c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
  const isDigit = (c: number) => c >= 0x30 && c <= 0x39;
  const isHex = (c: number) => isDigit(c) || (c >= 0x61 && c <= 0x66) || (c >= 0x41 && c <= 0x46);

  const push = (c: number, frame: Frame, next: Step): void => {
    stack.push(frame);
    if (stack.length > MAX_NESTING_DEPTH) fail(c, 'exceeded max depth');
    else step = next;
  };
  const pop = (): void => {
    stack.pop();
    if (stack.length === 0) {
      step = endTopState;
      endTop = true;
    } else step = endValue;
  };
  const literal = (expected: string, context: string): Step => {
    const states: Step[] = [];
    for (const [i, ch] of [...expected].entries()) {
      states.push((c) => {
        if (c === ch.charCodeAt(0)) step = states[i + 1] ?? endValue;
        else fail(c, `in literal ${context} (expecting ${quoteChar(ch.charCodeAt(0))})`);
      });
    }
    return states[0] ?? endValue;
  };

  const beginValue: Step = (c) => {
    if (isSpace(c)) return;
    if (c === 0x7b) push(c, 'object-key', beginStringOrEmpty);
    else if (c === 0x5b) push(c, 'array-value', beginValueOrEmpty);
    else if (c === 0x22) step = inString;
    else if (c === 0x2d) step = neg;
    else if (c === 0x30) step = zero;
    else if (c >= 0x31 && c <= 0x39) step = nonZero;
    else if (c === 0x74) step = literal('rue', 'true');
    else if (c === 0x66) step = literal('alse', 'false');
    else if (c === 0x6e) step = literal('ull', 'null');
    else fail(c, 'looking for beginning of value');
  };
  const beginValueOrEmpty: Step = (c) => {
    if (isSpace(c)) return;
    if (c === 0x5d) endValue(c);
    else beginValue(c);
  };
  const beginStringOrEmpty: Step = (c) => {
    if (isSpace(c)) return;
    if (c === 0x7d) {
      stack[stack.length - 1] = 'object-value';
      endValue(c);
    } else beginString(c);
  };
  const beginString: Step = (c) => {
    if (isSpace(c)) return;
    if (c === 0x22) step = inString;
    else fail(c, 'looking for beginning of object key string');
  };
  const endValue: Step = (c) => {
    const top = stack[stack.length - 1];
    if (top === undefined) {
      step = endTopState;
      endTop = true;
      endTopState(c);
      return;
    }
    if (isSpace(c)) {
      step = endValue;
      return;
    }
    if (top === 'object-key') {
      if (c === 0x3a) {
        stack[stack.length - 1] = 'object-value';
        step = beginValue;
      } else fail(c, 'after object key');
    } else if (top === 'object-value') {
      if (c === 0x2c) {
        stack[stack.length - 1] = 'object-key';
        step = beginString;
      } else if (c === 0x7d) pop();
      else fail(c, 'after object key:value pair');
    } else if (c === 0x2c) step = beginValue;
    else if (c === 0x5d) pop();
    else fail(c, 'after array element');
  };
  const endTopState: Step = (c) => {
    if (!isSpace(c)) fail(c, 'after top-level value');
  };
  const inString: Step = (c) => {
    if (c === 0x22) step = endValue;
    else if (c === 0x5c) step = inStringEsc;
    else if (c < 0x20) fail(c, 'in string literal');
  };
  const inStringEsc: Step = (c) => {
    if ('bfnrt\\/"'.includes(String.fromCharCode(c))) step = inString;
    else if (c === 0x75) step = hexDigits(4);
    else fail(c, 'in string escape code');
  };
  const hexDigits =
    (remaining: number): Step =>
    (c) => {
      if (!isHex(c)) fail(c, 'in \\u hexadecimal character escape');
      else step = remaining > 1 ? hexDigits(remaining - 1) : inString;
    };
  const neg: Step = (c) => {
    if (c === 0x30) step = zero;
    else if (c >= 0x31 && c <= 0x39) step = nonZero;
    else fail(c, 'in numeric literal');
  };
  const nonZero: Step = (c) => {
    if (isDigit(c)) step = nonZero;
    else zero(c);
  };
  const zero: Step = (c) => {
    if (c === 0x2e) step = dot;
    else if (c === 0x65 || c === 0x45) step = exponent;
    else endValue(c);
  };
  const dot: Step = (c) => {
    if (isDigit(c)) step = dotDigits;
    else fail(c, 'after decimal point in numeric literal');
  };
  const dotDigits: Step = (c) => {
    if (isDigit(c)) return;
    if (c === 0x65 || c === 0x45) step = exponent;
    else endValue(c);
  };
  const exponent: Step = (c) => {
    if (c === 0x2b || c === 0x2d) step = exponentSign;
    else exponentSign(c);
  };
  const exponentSign: Step = (c) => {
    if (isDigit(c)) step = exponentDigits;
    else fail(c, 'in exponent of numeric literal');
  };
  const exponentDigits: Step = (c) => {
    if (!isDigit(c)) endValue(c);
  };

  step = beginValue;
  for (const c of data) {
    step(c);
    if (error !== undefined) return error;
  }
  if (endTop) return undefined;
  step(0x20); // Go's eof(): feed a space so a pending number or literal ends or fails.
  if (error !== undefined) return error;
  return endTop ? undefined : 'unexpected end of JSON input';
}

/** Go's `quoteChar`: the offending byte, read as a Latin-1 rune and quoted like `strconv.Quote`. */
function quoteChar(c: number): string {
  if (c === 0x27) return `'\\''`;
  if (c === 0x22) return `'"'`;
  return `'${goQuote(String.fromCharCode(c)).slice(1, -1)}'`;
}
