import { describe, expect, it } from 'vitest';
import { dividedUp, milliUnits } from './quantity.js';

describe('milliUnits', () => {
  it('reads decimal, binary and exponent forms', () => {
    expect(milliUnits('250m')).toBe(250);
    expect(milliUnits('0.25')).toBe(250);
    expect(milliUnits(2)).toBe(2000);
    expect(milliUnits('64Mi')).toBe(64 * 2 ** 20 * 1000);
    expect(milliUnits('1e3')).toBe(1_000_000);
    expect(milliUnits('1k')).toBe(1_000_000);
  });

  it('is undefined for text that is no quantity', () => {
    expect(milliUnits('64MB')).toBeUndefined();
    expect(milliUnits('')).toBeUndefined();
    expect(milliUnits(undefined)).toBeUndefined();
  });
});

describe('dividedUp (resourceFieldRef: ceil(amount / divisor))', () => {
  it('gives the pod-facts examples', () => {
    expect(dividedUp('250m', '1m')).toBe(250);
    expect(dividedUp('250m', undefined)).toBe(1);
    expect(dividedUp('64Mi', '1Mi')).toBe(64);
    expect(dividedUp('64Mi', undefined)).toBe(67108864);
  });
});
