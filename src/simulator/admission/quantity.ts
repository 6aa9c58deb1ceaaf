/**
 * `resource.Quantity` (`k8s.io/apimachinery/pkg/api/resource`): parsing with Go's error messages,
 * comparison, and the canonical form the API server writes back (`0.5` → `500m`, `1024Mi` → `1Gi`).
 * Values are kept exactly, as a count of nano-units, rounded up like Go rounds to nano precision.
 */

export type QuantityFormat = 'DecimalSI' | 'BinarySI' | 'DecimalExponent';

export interface Quantity {
  /** value × 10^9, exact. */
  readonly nanos: bigint;
  readonly format: QuantityFormat;
}

const SPLIT_RE = '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$';

/** Go's error texts: `ParseQuantity` returns them as they are, so decoding reports them verbatim. */
export const QUANTITY_FORMAT_ERROR = `quantities must match the regular expression '${SPLIT_RE}'`;
export const QUANTITY_SUFFIX_ERROR = "unable to parse quantity's suffix";

export class QuantityError extends Error {}

const DECIMAL_SUFFIXES: Readonly<Record<string, number>> = {
  n: -9,
  u: -6,
  m: -3,
  '': 0,
  k: 3,
  M: 6,
  G: 9,
  T: 12,
  P: 15,
  E: 18,
};
const BINARY_SUFFIXES: Readonly<Record<string, number>> = {
  Ki: 10,
  Mi: 20,
  Gi: 30,
  Ti: 40,
  Pi: 50,
  Ei: 60,
};
const SUFFIX_CHARS = 'eEinumkKMGTP';

const isDigit = (c: string | undefined) => c !== undefined && c >= '0' && c <= '9';
const NANO = 1_000_000_000n;

interface Parts {
  positive: boolean;
  num: string;
  denom: string;
  suffix: string;
}

/** `parseQuantityString`: the hand-written scanner, whose only failure is the format error. */
function scan(str: string): Parts {
  let positive = true;
  let pos = 0;
  const end = str.length;
  if (str[0] === '-' || str[0] === '+') {
    positive = str[0] === '+';
    pos++;
  }
  while (pos < end && str[pos] === '0') pos++;
  if (pos >= end) return { positive, num: '0', denom: '', suffix: '' };
  let i = pos;
  while (i < end && isDigit(str[i])) i++;
  const num = str.slice(pos, i) || '0';
  if (i >= end) return { positive, num, denom: '', suffix: '' };
  pos = i;
  let denom = '';
  if (str[pos] === '.') {
    pos++;
    i = pos;
    while (i < end && isDigit(str[i])) i++;
    denom = str.slice(pos, i);
    if (i >= end) return { positive, num, denom, suffix: '' };
    pos = i;
  }
  const suffixStart = pos;
  i = pos;
  while (i < end && SUFFIX_CHARS.includes(str[i] ?? ' ')) i++;
  if (i >= end) return { positive, num, denom, suffix: str.slice(suffixStart) };
  pos = i;
  if (str[pos] === '-' || str[pos] === '+') pos++;
  i = pos;
  while (i < end && isDigit(str[i])) i++;
  if (i >= end) return { positive, num, denom, suffix: str.slice(suffixStart) };
  throw new QuantityError(QUANTITY_FORMAT_ERROR);
}

function interpretSuffix(suffix: string): {
  base: 2 | 10;
  exponent: number;
  format: QuantityFormat;
} {
  const decimal = DECIMAL_SUFFIXES[suffix];
  if (decimal !== undefined) return { base: 10, exponent: decimal, format: 'DecimalSI' };
  const binary = BINARY_SUFFIXES[suffix];
  if (binary !== undefined) return { base: 2, exponent: binary, format: 'BinarySI' };
  if (suffix.length > 1 && (suffix[0] === 'e' || suffix[0] === 'E')) {
    const exponent = /^[+-]?\d+$/.test(suffix.slice(1)) ? Number(suffix.slice(1)) : Number.NaN;
    // Bounded so a hostile `1e999999999` cannot make a giant number; Go would not fit it either.
    if (Number.isInteger(exponent) && Math.abs(exponent) <= 1000) {
      return { base: 10, exponent, format: 'DecimalExponent' };
    }
  }
  throw new QuantityError(QUANTITY_SUFFIX_ERROR);
}

/** Divides rounding away from zero, as `inf.RoundUp` does on the absolute value. */
function divideUp(value: bigint, divisor: bigint): bigint {
  const quotient = value / divisor;
  return quotient * divisor === value ? quotient : quotient + 1n;
}

/** `resource.ParseQuantity`; throws `QuantityError` with Go's message. */
export function parseQuantity(input: string): Quantity {
  if (input.length === 0) throw new QuantityError(QUANTITY_FORMAT_ERROR);
  if (input === '0') return { nanos: 0n, format: 'DecimalSI' };
  const { positive, num, denom, suffix } = scan(input);
  const { base, exponent, format: parsedFormat } = interpretSuffix(suffix);
  let format = parsedFormat;
  let mantissa = BigInt(num + denom);
  // The value is mantissa × 10^scale (× 2^exponent for binary suffixes); express it in nanos.
  let scale = -denom.length + (base === 10 ? exponent : 0) + 9;
  if (base === 2) mantissa <<= BigInt(exponent);
  let nanos: bigint;
  if (scale >= 0) nanos = mantissa * 10n ** BigInt(scale);
  else {
    scale = -scale;
    nanos = divideUp(mantissa, 10n ** BigInt(scale));
  }
  if (format === 'BinarySI' && nanos > 0n && nanos < NANO) format = 'DecimalSI';
  return { nanos: positive ? nanos : -nanos, format };
}

export function compareQuantities(a: Quantity, b: Quantity): number {
  return a.nanos === b.nanos ? 0 : a.nanos < b.nanos ? -1 : 1;
}

function removeFactors(value: bigint, factor: bigint): [bigint, number] {
  let amount = value;
  let times = 0;
  while (amount !== 0n && amount % factor === 0n) {
    amount /= factor;
    times++;
  }
  return [amount, times];
}

function decimalSuffix(exponent: number, format: QuantityFormat): string {
  if (exponent === 0) return '';
  if (format === 'DecimalExponent') return `e${exponent}`;
  const entry = Object.entries(DECIMAL_SUFFIXES).find(([, e]) => e === exponent);
  return entry ? entry[0] : '';
}

/** `Quantity.String()`: the canonical form, `CanonicalizeBytes`. */
export function formatQuantity(quantity: Quantity): string {
  const { nanos } = quantity;
  if (nanos === 0n) return '0';
  let format = quantity.format;
  if (format === 'BinarySI') {
    const small = nanos > -1024n * NANO && nanos < 1024n * NANO;
    if (small || nanos % NANO !== 0n) format = 'DecimalSI';
  }
  if (format === 'BinarySI') {
    const [amount, times] = removeFactors(nanos / NANO, 1024n);
    const suffix = Object.entries(BINARY_SUFFIXES).find(([, e]) => e === times * 10);
    return `${amount}${suffix ? suffix[0] : ''}`;
  }
  let [amount, exponent] = removeFactors(nanos, 10n);
  exponent -= 9;
  const rest = exponent % 3;
  if (rest === 1 || rest === -2) {
    amount *= 10n;
    exponent -= 1;
  } else if (rest === 2 || rest === -1) {
    amount *= 100n;
    exponent -= 2;
  }
  return `${amount}${decimalSuffix(exponent, format)}`;
}

/** The canonical text of a quantity given as a JSON string or number, or undefined if it does not parse. */
export function canonicalQuantity(value: unknown): string | undefined {
  if (typeof value !== 'string' && typeof value !== 'number') return undefined;
  try {
    return formatQuantity(parseQuantity(String(value).trim()));
  } catch {
    return undefined;
  }
}
