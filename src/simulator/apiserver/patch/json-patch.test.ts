import { describe, expect, it } from 'vitest';
import { GoJsonError } from './go-json.js';
import {
  applyJsonPatch,
  decodeJsonPatch,
  JsonPatchError,
  type JsonPatchOperation,
  JsonPatchPanic,
} from './json-patch.js';

const doc = () => ({ metadata: { labels: { a: '1' } }, spec: { list: ['x', 'y'] } });

/** The value at a dotted path (`spec.containers.0.image`) of a decoded document. */
function at(value: unknown, path: string): unknown {
  let node = value;
  for (const key of path.split('.')) node = (node as Record<string, unknown> | undefined)?.[key];
  return node;
}
function apply(ops: unknown, copyLimit?: number): unknown {
  return applyJsonPatch(doc(), decodeJsonPatch(ops), copyLimit);
}

function failure(ops: unknown): string {
  try {
    apply(ops);
  } catch (e) {
    if (e instanceof JsonPatchError) return e.message;
    throw e;
  }
  throw new Error('the patch did not fail');
}

describe('JSON patch operations', () => {
  it('adds, appends, inserts, and counts negative indexes from the end', () => {
    const out = apply([
      { op: 'add', path: '/spec/list/-', value: 'z' },
      { op: 'add', path: '/spec/list/0', value: 'w' },
      { op: 'add', path: '/spec/list/-1', value: 'end' },
    ]);
    expect(at(out, 'spec.list')).toEqual(['w', 'x', 'y', 'z', 'end']);
  });

  it('removes, replaces (adding a missing key), moves and copies', () => {
    const out = apply([
      { op: 'remove', path: '/spec/list/0' },
      { op: 'replace', path: '/metadata/labels/b', value: '2' },
      { op: 'move', from: '/metadata/labels/a', path: '/metadata/moved' },
      { op: 'copy', from: '/spec/list', path: '/spec/copy' },
    ]);
    expect(out).toEqual({
      metadata: { labels: { b: '2' }, moved: '1' },
      spec: { list: ['y'], copy: ['y'] },
    });
  });

  it('tests values structurally; null matches a missing key', () => {
    expect(apply([{ op: 'test', path: '/metadata/labels', value: { a: '1' } }])).toEqual(doc());
    expect(apply([{ op: 'test', path: '/metadata/nope', value: null }])).toEqual(doc());
    expect(failure([{ op: 'test', path: '/spec/list/0', value: 'y' }])).toBe(
      'testing value /spec/list/0 failed: test failed',
    );
  });

  it('replaces the whole document with an object, ignores a scalar', () => {
    expect(apply([{ op: 'replace', path: '', value: { a: 1 } }])).toEqual({ a: 1 });
    expect(apply([{ op: 'replace', path: '', value: 3 }])).toEqual(doc());
  });

  it('is atomic: a failing op leaves the input untouched', () => {
    const input = doc();
    expect(() =>
      applyJsonPatch(input, [
        { op: 'add', path: '/x', value: 1 },
        { op: 'remove', path: '/nope' },
      ]),
    ).toThrow(JsonPatchError);
    expect(input).toEqual(doc());
  });

  it('reports failures with the library texts', () => {
    expect(failure([{ op: 'add', path: '/a/b', value: 1 }])).toBe(
      'add operation does not apply: doc is missing path: "/a/b": missing value',
    );
    expect(failure([{ op: 'remove', path: '/metadata/labels/zz' }])).toBe(
      "error in remove for path: '/metadata/labels/zz': Unable to remove nonexistent key: zz: missing value",
    );
    expect(failure([{ op: 'add', path: '/spec/list/5', value: 1 }])).toBe(
      "error in add for path: '/spec/list/5': Unable to access invalid index: 5: invalid index referenced",
    );
    expect(failure([{ op: 'add', path: '/spec/list/1_0', value: 1 }])).toBe(
      `error in add for path: '/spec/list/1_0': value was not a proper array index: '1_0': strconv.Atoi: parsing "1_0": invalid syntax`,
    );
    expect(failure([{ op: 'replace', path: '/spec/list/9', value: 1 }])).toBe(
      'replace operation does not apply: doc is missing key: /spec/list/9: missing value',
    );
    expect(failure([{ op: 'bogus' }])).toBe('Unexpected kind: bogus');
    expect(failure([{ op: 'toString', path: '/a' }])).toBe('Unexpected kind: toString');
  });

  it('limits the bytes added by copy', () => {
    expect(() => apply([{ op: 'copy', from: '/spec', path: '/spec2' }], 10)).toThrow(
      'Unable to complete the copy, the accumulated size increase of copy is 18, exceeding the limit 10',
    );
  });

  it('signals the inputs on which the Go library panics', () => {
    expect(() => apply([{ op: 'test', path: '/nope' }])).toThrow(JsonPatchPanic);
    expect(() => apply([{ op: 'replace', path: '' }])).toThrow(JsonPatchPanic);
  });
});

describe('decodeJsonPatch', () => {
  it('accepts an array of objects (or nulls), and null as an empty patch', () => {
    const ops: JsonPatchOperation[] = [{ op: 'add' }, null];
    expect(decodeJsonPatch(ops)).toBe(ops);
    expect(decodeJsonPatch(null)).toEqual([]);
  });

  it('rejects other shapes with the Go decoder message', () => {
    expect(() => decodeJsonPatch({ op: 'add' })).toThrow(
      new GoJsonError('json: cannot unmarshal object into Go value of type jsonpatch.Patch'),
    );
    expect(() => decodeJsonPatch([1])).toThrow(
      'json: cannot unmarshal number into Go value of type jsonpatch.Operation',
    );
  });
});
