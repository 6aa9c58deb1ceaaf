/**
 * Kubernetes resource quantities (`250m`, `0.25`, `64Mi`, `1e3`) as numbers of milli-units,
 * enough to compare what a manifest sets and to compute what a downwardAPI `resourceFieldRef`
 * shows. Undefined for text that is no quantity.
 */
const SUFFIX: Readonly<Record<string, number>> = {
  '': 1,
  m: 1e-3,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
};

export function milliUnits(quantity: string | number | undefined): number | undefined {
  if (quantity === undefined) return undefined;
  const text = String(quantity).trim();
  const match =
    /^([+-]?(?:\d+\.?\d*|\.\d+))(?:([eE][+-]?\d+)|(m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)?)$/.exec(text);
  if (!match) return undefined;
  const number = Number(match[1]);
  const scale = match[2] ? 10 ** Number(match[2].slice(1)) : (SUFFIX[match[3] ?? ''] ?? 1);
  // Whole milli-units, rounded up as Go's MilliValue does (toFixed drops float noise first).
  return Math.ceil(Number((number * scale * 1e3).toFixed(6)));
}

/**
 * What a `resourceFieldRef` shows for `amount` with `divisor` (default 1): the amount divided
 * by the divisor, rounded up (kubelet convertResourceCPUToString / ...MemoryToString).
 */
export function dividedUp(
  amount: string | number,
  divisor: string | number | undefined,
): number | undefined {
  const value = milliUnits(amount);
  const by = milliUnits(divisor ?? '1');
  if (value === undefined || by === undefined || by === 0) return undefined;
  return Math.ceil(value / by);
}
