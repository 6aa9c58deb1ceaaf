/**
 * The JSON values whose decoding runs custom Go code instead of `encoding/json`'s reflection:
 * base64 `[]byte`, `metav1.Time`, `intstr.IntOrString`. Each returns Go's error text, or
 * undefined when the value decodes.
 */

import { goQuote } from './go-text.js';

/** JSON kind names as `encoding/json` writes them in `cannot unmarshal <kind>`. */
export function jsonKind(value: unknown): string {
  if (Array.isArray(value)) return 'array';
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
      return 'string';
    case 'number':
      return 'number';
    case 'boolean':
      return 'bool';
    default:
      return 'object';
  }
}

const BASE64_ALPHABET = new Set(
  'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'.split(''),
);

/**
 * `base64.StdEncoding.Decode`'s verdict, quantum by quantum (padding required, CR/LF skipped):
 * `illegal base64 data at input byte N`.
 */
export function base64Error(text: string): string | undefined {
  const src = [...Buffer.from(text, 'utf8')].map((byte) => String.fromCharCode(byte));
  const corrupt = (offset: number) => `illegal base64 data at input byte ${offset}`;
  const isNewline = (c: string | undefined) => c === '\n' || c === '\r';
  let si = 0;
  while (si < src.length) {
    for (let j = 0; j < 4; j++) {
      if (si === src.length) {
        if (j === 0) return undefined;
        return corrupt(si - j);
      }
      const c = src[si++] as string;
      if (BASE64_ALPHABET.has(c)) continue;
      if (isNewline(c)) {
        j--;
        continue;
      }
      if (c !== '=') return corrupt(si - 1);
      if (j < 2) return corrupt(si - 1);
      if (j === 2) {
        while (si < src.length && isNewline(src[si])) si++;
        if (si === src.length) return corrupt(src.length);
        if (src[si] !== '=') return corrupt(si - 1);
        si++;
      }
      while (si < src.length && isNewline(src[si])) si++;
      return si < src.length ? corrupt(si) : undefined;
    }
  }
  return undefined;
}

const RFC3339 =
  /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d+)?(Z|[+-]([01]\d|2[0-3]):[0-5]\d)$/;

/**
 * `metav1.Time` / `metav1.MicroTime` `UnmarshalJSON`: a string parsed as RFC 3339.
 * A non-string fails inside its nested `json.Unmarshal` into a string.
 */
export function timeError(value: unknown, micro: boolean): string | undefined {
  if (value === null) return undefined;
  if (typeof value !== 'string') {
    return `json: cannot unmarshal ${jsonKind(value)} into Go value of type string`;
  }
  if (RFC3339.test(value)) return undefined;
  const layout = micro ? '2006-01-02T15:04:05.000000Z07:00' : '2006-01-02T15:04:05Z07:00';
  // Go names the first layout element that failed; the year is where malformed input usually fails.
  return `parsing time ${goQuote(value)} as ${goQuote(layout)}: cannot parse ${goQuote(value)} as "2006"`;
}

/**
 * `intstr.IntOrString.UnmarshalJSON`: a string, or anything else decoded into an `int32` by a
 * fresh `json.Unmarshal` (so no struct context in the message).
 */
export function intOrStringError(value: unknown): string | undefined {
  if (value === null || typeof value === 'string') return undefined;
  if (typeof value === 'number') {
    if (Number.isInteger(value) && value >= -(2 ** 31) && value < 2 ** 31) return undefined;
    return `json: cannot unmarshal number ${value} into Go value of type int32`;
  }
  return `json: cannot unmarshal ${jsonKind(value)} into Go value of type int32`;
}

/** Whether a JSON number fits Go's integer type (`ParseInt` of the literal, then overflow). */
export function fitsInt(value: number, bits: 32 | 64): boolean {
  if (!Number.isInteger(value)) return false;
  return bits === 32
    ? value >= -(2 ** 31) && value < 2 ** 31
    : value >= -(2 ** 63) && value < 2 ** 63;
}
