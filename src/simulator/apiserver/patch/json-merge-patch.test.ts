import { describe, expect, it } from 'vitest';
import { applyJsonMergePatch, JsonMergePatchError } from './json-merge-patch.js';

/** The value at a dotted path (`spec.containers.0.image`) of a decoded document. */
function at(value: unknown, path: string): unknown {
  let node = value;
  for (const key of path.split('.')) node = (node as Record<string, unknown> | undefined)?.[key];
  return node;
}

const doc = () => ({
  metadata: { labels: { a: '1', b: '2' } },
  spec: { containers: [{ name: 'a' }, { name: 'b' }], n: 1 },
});

describe('applyJsonMergePatch', () => {
  it('merges objects recursively; null deletes', () => {
    expect(applyJsonMergePatch(doc(), { metadata: { labels: { a: null, c: '3' } } })).toEqual({
      metadata: { labels: { b: '2', c: '3' } },
      spec: { containers: [{ name: 'a' }, { name: 'b' }], n: 1 },
    });
  });

  it('replaces arrays wholesale', () => {
    const out = applyJsonMergePatch(doc(), { spec: { containers: [{ name: 'c' }] } });
    expect(at(out, 'spec.containers')).toEqual([{ name: 'c' }]);
  });

  it('prunes nulls from maps of inserted values but keeps null list items', () => {
    const out = applyJsonMergePatch(doc(), { x: { a: null, b: [null, { c: null, d: 1 }] } });
    expect(at(out, 'x')).toEqual({ b: [null, { d: 1 }] });
  });

  it('keeps the nulls of a list that replaces an object', () => {
    const out = applyJsonMergePatch(doc(), { metadata: [{ a: null }] });
    expect(at(out, 'metadata')).toEqual([{ a: null }]);
  });

  it('lets an array patch replace the document, and rejects null or a scalar', () => {
    expect(applyJsonMergePatch(doc(), [1, null, { a: null }])).toEqual([1, null, {}]);
    expect(() => applyJsonMergePatch(doc(), null)).toThrow(
      new JsonMergePatchError('Invalid JSON Patch'),
    );
    expect(() => applyJsonMergePatch(doc(), 'x')).toThrow(JsonMergePatchError);
  });

  it('does not modify its inputs', () => {
    const input = doc();
    const patch = { metadata: { labels: { a: null } } };
    applyJsonMergePatch(input, patch);
    expect(input).toEqual(doc());
    expect(patch).toEqual({ metadata: { labels: { a: null } } });
  });
});
