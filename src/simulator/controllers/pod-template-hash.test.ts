import { describe, expect, it } from 'vitest';
import { canonicalJson, computeHash, fnv1a32, safeEncodeString } from './pod-template-hash.js';

const bytes = (text: string) => new TextEncoder().encode(text);

describe('pod-template-hash', () => {
  it('is FNV-1a 32 (the published test vectors)', () => {
    expect(fnv1a32(bytes(''))).toBe(0x811c9dc5);
    expect(fnv1a32(bytes('a'))).toBe(0xe40c292c);
    expect(fnv1a32(bytes('foobar'))).toBe(0xbf9cf968);
  });

  it('spells decimal digits in the alphabet of generated names, as SafeEncodeString does', () => {
    expect(safeEncodeString('1234567890')).toBe('56789bcdf4');
  });

  it('depends on the template, not on the order of its keys', () => {
    const a = {
      metadata: { labels: { app: 'web' } },
      spec: { containers: [{ name: 'n', image: 'nginx' }] },
    };
    const b = {
      spec: { containers: [{ image: 'nginx', name: 'n' }] },
      metadata: { labels: { app: 'web' } },
    };
    expect(canonicalJson(a)).toBe(canonicalJson(b));
    expect(computeHash(a)).toBe(computeHash(b));
    expect(computeHash(a)).toMatch(/^[4-9bcdf]{1,10}$/);
    const changed = structuredClone(a);
    changed.spec.containers[0] = { name: 'n', image: 'nginx:1.27' };
    expect(computeHash(changed)).not.toBe(computeHash(a));
  });

  it('takes another value after a collision', () => {
    const template = { spec: { containers: [{ name: 'n', image: 'nginx' }] } };
    expect(computeHash(template, 1)).not.toBe(computeHash(template));
    expect(computeHash(template, 1)).not.toBe(computeHash(template, 2));
  });
});
