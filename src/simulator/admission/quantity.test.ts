import { describe, expect, it } from 'vitest';
import {
  canonicalQuantity,
  compareQuantities,
  formatQuantity,
  parseQuantity,
  QUANTITY_FORMAT_ERROR,
  QUANTITY_SUFFIX_ERROR,
} from './quantity.js';

describe('quantities', () => {
  it('writes the canonical form Go writes back', () => {
    const cases: [string, string][] = [
      ['0.5', '500m'],
      ['1000m', '1'],
      ['100m', '100m'],
      ['1.5', '1500m'],
      ['2000', '2k'],
      ['1500', '1500'],
      ['64Mi', '64Mi'],
      ['1024Mi', '1Gi'],
      ['0.5Gi', '512Mi'],
      ['1.5Gi', '1536Mi'],
      ['512', '512'],
      ['1Ki', '1Ki'],
      ['0.5Ki', '512'],
      ['1G', '1G'],
      ['128M', '128M'],
      ['1e3', '1e3'],
      ['-1', '-1'],
      ['0', '0'],
      ['0.0000000001', '1n'],
      [' 250m ', '250m'],
    ];
    for (const [input, canonical] of cases) expect(canonicalQuantity(input), input).toBe(canonical);
  });

  it('refuses malformed values with the Go messages', () => {
    for (const bad of ['', '64 Mi', 'abc', '1Gb', '500MB', '1.2.3', '1kb']) {
      expect(() => parseQuantity(bad), bad).toThrow(QUANTITY_FORMAT_ERROR);
    }
    for (const bad of ['1mi', '1Ki5', '1e'])
      expect(() => parseQuantity(bad), bad).toThrow(QUANTITY_SUFFIX_ERROR);
  });

  it('compares values across formats', () => {
    expect(compareQuantities(parseQuantity('600m'), parseQuantity('0.5'))).toBe(1);
    expect(compareQuantities(parseQuantity('1Gi'), parseQuantity('1024Mi'))).toBe(0);
    expect(compareQuantities(parseQuantity('1G'), parseQuantity('1Gi'))).toBe(-1);
    expect(formatQuantity(parseQuantity('1'))).toBe('1');
  });
});
