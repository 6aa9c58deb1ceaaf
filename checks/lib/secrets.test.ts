import type { V1Secret } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { base64Inside, secretKeys, secretText } from './secrets.js';

const pass: V1Secret = { data: { 'password.txt': 'YzFvdWRjMHchCg==', a: 'eA==' } };

describe('secretText and secretKeys', () => {
  it('decodes data as a mounted file receives it, newline included', () => {
    expect(secretText(pass, 'password.txt')).toBe('c1oudc0w!\n');
    expect(secretText(pass, 'nope')).toBeUndefined();
    expect(secretKeys(pass)).toEqual(['a', 'password.txt']);
  });
});

describe('base64Inside', () => {
  it('sees a value encoded once too often', () => {
    expect(base64Inside('czNjcjN0LXYy')).toBe('s3cr3t-v2');
    expect(base64Inside('czNjcjN0LXYyCg==\n')).toBe('s3cr3t-v2');
  });

  it('leaves ordinary passwords alone', () => {
    expect(base64Inside('s3cr3t-v2')).toBeUndefined();
    expect(base64Inside('c1oudc0w!')).toBeUndefined();
    expect(base64Inside('admin')).toBeUndefined();
    // Valid base64, but not of printable text.
    expect(base64Inside('abcd1234')).toBeUndefined();
  });
});
