import { describe, expect, it } from 'vitest';
import { managerFromUserAgent } from './field-manager.js';

describe('managerFromUserAgent (prefixFromUserAgent)', () => {
  it('keeps the product name before the first slash', () => {
    expect(managerFromUserAgent('node-fetch/1.0 (+https://github.com/bitinn/node-fetch)')).toBe(
      'node-fetch',
    );
    expect(managerFromUserAgent('kubectl/v1.32.4 (linux/amd64) kubernetes/4cb5f07')).toBe(
      'kubectl',
    );
    expect(managerFromUserAgent('curl')).toBe('curl');
    expect(managerFromUserAgent('')).toBe('');
  });

  it('drops unprintable characters and stops at 128 bytes, whole characters only', () => {
    expect(managerFromUserAgent('a\tb\u0007c/1')).toBe('abc');
    expect(managerFromUserAgent('x'.repeat(200))).toHaveLength(128);
    // 127 ASCII bytes leave no room for a 2-byte character.
    expect(managerFromUserAgent(`${'x'.repeat(127)}é`)).toBe('x'.repeat(127));
  });
});
