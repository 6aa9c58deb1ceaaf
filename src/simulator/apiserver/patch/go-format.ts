import { goQuote } from '../../admission/go-text.js';
/**
 * Go's `fmt` rendering of JSON values decoded into `interface{}`. The patch libraries of a real
 * API server put such values into their error texts (`map: map[image:q] does not contain declared
 * merge key: name`), and clients show those texts verbatim, so they are rebuilt here exactly.
 *
 * Decoded JSON has these Go types: `map[string]interface {}`, `[]interface {}`, `string`, `bool`,
 * `<nil>`, and numbers as `int64` when integral (apimachinery decodes with "preserve ints"),
 * `float64` otherwise.
 */

export type GoJsonType =
  | 'map[string]interface {}'
  | '[]interface {}'
  | 'string'
  | 'bool'
  | 'int64'
  | 'float64'
  | 'nil';

export function goJsonType(value: unknown): GoJsonType {
  if (value === null || value === undefined) return 'nil';
  if (Array.isArray(value)) return '[]interface {}';
  switch (typeof value) {
    case 'string':
      return 'string';
    case 'boolean':
      return 'bool';
    case 'number':
      return isGoInt(value) ? 'int64' : 'float64';
    default:
      return 'map[string]interface {}';
  }
}

function isGoInt(n: number): boolean {
  return Number.isInteger(n) && Math.abs(n) < 2 ** 63;
}

/** `reflect.TypeOf(v)` printed with `%s`: a nil type renders as `%!s(<nil>)`. */
export function goTypeString(value: unknown): string {
  const t = goJsonType(value);
  return t === 'nil' ? '%!s(<nil>)' : t;
}

/** `fmt.Sprintf("%v", v)`. Map keys are sorted, as `fmt` does since Go 1.12. */
export function goValue(value: unknown): string {
  return render(value, 'v');
}

/** `fmt.Sprintf("%s", v)`: strings bare, every other scalar as `%!s(type=value)`. */
export function goString(value: unknown): string {
  return render(value, 's');
}

function render(value: unknown, verb: 'v' | 's'): string {
  if (Array.isArray(value)) return `[${value.map((v) => render(v, verb)).join(' ')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.keys(value)
      .sort(compareGoStrings)
      .map((k) => `${k}:${render((value as Record<string, unknown>)[k], verb)}`);
    return `map[${entries.join(' ')}]`;
  }
  const scalar = goScalar(value);
  if (verb === 's' && typeof value !== 'string') {
    return value === null || value === undefined
      ? '%!s(<nil>)'
      : `%!s(${goJsonType(value)}=${scalar})`;
  }
  return scalar;
}

function goScalar(value: unknown): string {
  if (value === null || value === undefined) return '<nil>';
  if (typeof value === 'number') return isGoInt(value) ? value.toFixed(0) : goFloat(value);
  return String(value);
}

/** Byte-wise order of UTF-8 strings, which is what Go's sort of string keys yields. */
export function compareGoStrings(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}

/**
 * `%v` of a float64 (`strconv` 'g' with the shortest precision): the shortest round-tripping
 * digits, in exponent form when the decimal exponent is below -4 or at least 6 (`1e+06`).
 */
function goFloat(n: number): string {
  if (Number.isNaN(n)) return 'NaN';
  if (!Number.isFinite(n)) return n > 0 ? '+Inf' : '-Inf';
  const [mantissa = '', expText = '0'] = n.toExponential().split('e');
  const exp = Number(expText);
  if (exp < -4 || exp >= 6) {
    const abs = Math.abs(exp);
    return `${mantissa}e${exp < 0 ? '-' : '+'}${abs < 10 ? `0${abs}` : abs}`;
  }
  return String(n);
}

export { goQuote };
