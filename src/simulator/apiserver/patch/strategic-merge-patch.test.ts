import { describe, expect, it } from 'vitest';
import { patchSchemaFor, type SchemaNode } from './patch-schema.js';
import { applyStrategicMergePatch, StrategicMergePatchError } from './strategic-merge-patch.js';

const POD = patchSchemaFor('', 'Pod') as SchemaNode;
const DEPLOYMENT = patchSchemaFor('apps', 'Deployment') as SchemaNode;

const pod = (spec: Record<string, unknown>, metadata: Record<string, unknown> = {}) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'p', ...metadata },
  spec,
});
const names = (list: unknown) => (list as { name: string }[]).map((c) => c.name);
const two = pod({
  containers: [
    { name: 'a', image: 'x' },
    { name: 'b', image: 'y' },
  ],
});

/** The value at a dotted path (`spec.containers.0.image`) of a decoded document. */
function at(value: unknown, path: string): unknown {
  let node = value;
  for (const key of path.split('.')) node = (node as Record<string, unknown> | undefined)?.[key];
  return node;
}
function patched(original: unknown, patch: unknown, schema: SchemaNode = POD): unknown {
  return applyStrategicMergePatch(original, patch, schema);
}

function failure(original: unknown, patch: unknown): StrategicMergePatchError {
  try {
    patched(original, patch);
  } catch (e) {
    if (e instanceof StrategicMergePatchError) return e;
    throw e;
  }
  throw new Error('the patch did not fail');
}

describe('maps', () => {
  const labelled = pod({}, { labels: { a: '1', b: '2' } });

  it('merges key by key, null deletes, unmatched nulls are ignored', () => {
    const out = patched(labelled, { metadata: { labels: { a: 'x', b: null, c: '3', zz: null } } });
    expect(at(out, 'metadata.labels')).toEqual({ a: 'x', c: '3' });
  });

  it('$patch: delete leaves an empty map; $patch: replace takes the patch map', () => {
    expect(
      at(patched(labelled, { metadata: { labels: { $patch: 'delete' } } }), 'metadata.labels'),
    ).toEqual({});
    const out = patched(labelled, { metadata: { labels: { $patch: 'replace', z: '9' } } });
    expect(at(out, 'metadata.labels')).toEqual({ z: '9' });
  });

  it('replaces the whole object with a top-level $patch: replace, empties it with delete', () => {
    expect(patched(labelled, { $patch: 'replace', kind: 'Pod' })).toEqual({ kind: 'Pod' });
    expect(patched(labelled, { $patch: 'delete' })).toEqual({});
  });

  it('rejects $patch: merge and unknown directives with the library text', () => {
    expect(failure(labelled, { metadata: { labels: { $patch: 'merge' } } })).toMatchObject({
      message: 'unknown patch type: merge in map: map[$patch:merge]',
      errorClass: 'internal',
    });
    expect(failure(labelled, { metadata: { $patch: true, x: 1 } }).message).toBe(
      'unknown patch type: %!s(bool=true) in map: map[$patch:true x:1]',
    );
  });

  it('strips directives and nulls from a value under a new key', () => {
    const out = patched(pod({}), {
      spec: {
        securityContext: { runAsUser: 1, fsGroup: null },
        dnsConfig: { $patch: 'replace', x: 1 },
      },
    });
    expect(at(out, 'spec')).toEqual({ securityContext: { runAsUser: 1 } });
  });

  it('replaces on a type change', () => {
    expect(at(patched(labelled, { metadata: { labels: 'x' } }), 'metadata.labels')).toBe('x');
  });

  it('treats a null body as no change and never mutates its inputs', () => {
    const patch = { metadata: { labels: { a: null } } };
    const before = structuredClone(labelled);
    expect(patched(labelled, null)).toEqual(labelled);
    patched(labelled, patch);
    expect(labelled).toEqual(before);
    expect(patch).toEqual({ metadata: { labels: { a: null } } });
  });

  it('keeps __proto__ keys as plain data', () => {
    const out = patched(labelled, JSON.parse('{"metadata":{"labels":{"__proto__":"x"}}}'));
    expect(Object.hasOwn(at(out, 'metadata.labels') as object, '__proto__')).toBe(true);
    expect(Object.getPrototypeOf(at(out, 'metadata.labels'))).toBe(Object.prototype);
  });
});

describe('lists', () => {
  it('replaces lists without a merge strategy (args, tolerations)', () => {
    const original = pod({
      containers: [{ name: 'a', args: ['1', '2'] }],
      tolerations: [{ key: 'k' }],
    });
    const out = patched(original, {
      spec: { containers: [{ name: 'a', args: ['3'] }], tolerations: [] },
    });
    expect(at(out, 'spec.containers.0.args')).toEqual(['3']);
    expect(at(out, 'spec.tolerations')).toEqual([]);
  });

  it('merges scalar sets and puts new items first (finalizers)', () => {
    const original = pod({}, { finalizers: ['f1', 'f2'] });
    expect(
      at(patched(original, { metadata: { finalizers: ['z', 'f1'] } }), 'metadata.finalizers'),
    ).toEqual(['z', 'f1', 'f2']);
  });

  it('merges maps by merge key; a lone new element lands first', () => {
    expect(
      names(at(patched(two, { spec: { containers: [{ name: 'c' }] } }), 'spec.containers')),
    ).toEqual(['c', 'a', 'b']);
    const out = patched(two, { spec: { containers: [{ name: 'b', image: 'z' }] } });
    expect(at(out, 'spec.containers.1')).toEqual({ name: 'b', image: 'z' });
  });

  it('deletes by merge key and replaces with $patch: replace', () => {
    expect(
      names(
        at(
          patched(two, { spec: { containers: [{ name: 'a', $patch: 'delete' }] } }),
          'spec.containers',
        ),
      ),
    ).toEqual(['b']);
    const out = patched(two, { spec: { containers: [{ name: 'n' }, { $patch: 'replace' }] } });
    expect(at(out, 'spec.containers')).toEqual([{ name: 'n' }]);
  });

  it('uses containerPort alone as the ports key: 53/UDP becomes 53/TCP', () => {
    const original = pod({
      containers: [{ name: 'a', ports: [{ containerPort: 53, protocol: 'UDP' }] }],
    });
    const out = patched(original, {
      spec: { containers: [{ name: 'a', ports: [{ containerPort: 53, protocol: 'TCP' }] }] },
    });
    expect(at(out, 'spec.containers.0.ports')).toEqual([{ containerPort: 53, protocol: 'TCP' }]);
  });

  it('removes scalars with $deleteFromPrimitiveList, on any list', () => {
    const original = pod(
      { containers: [{ name: 'a', args: ['p', 'q', 'r'] }] },
      { finalizers: ['f'] },
    );
    const out = patched(original, {
      metadata: { '$deleteFromPrimitiveList/finalizers': ['f'] },
      spec: { containers: [{ name: 'a', '$deleteFromPrimitiveList/args': ['q'] }] },
    });
    expect(at(out, 'spec.containers.0.args')).toEqual(['p', 'r']);
    expect(at(out, 'metadata.finalizers')).toEqual([]);
  });

  it('reports missing merge keys, list merges and mixed element types', () => {
    expect(failure(two, { spec: { containers: [{ image: 'q' }] } }).message).toBe(
      'map: map[image:q] does not contain declared merge key: name',
    );
    expect(failure(two, { spec: { containers: [{ name: 'a', $patch: 'merge' }] } }).message).toBe(
      'merging lists cannot yet be specified in the patch',
    );
    expect(failure(pod({}, { finalizers: ['f'] }), { metadata: { finalizers: [1] } }).message).toBe(
      'list element types are not identical: [[f] [1]]',
    );
  });

  it('classifies lists of lists as unprocessable', () => {
    expect(
      failure(pod({}, { finalizers: [] }), { metadata: { finalizers: [['x']] } }),
    ).toMatchObject({
      message: 'lists of lists are not supported',
      errorClass: 'unprocessable',
    });
  });
});

describe('$setElementOrder', () => {
  it('orders merged elements as listed', () => {
    const out = patched(two, {
      spec: {
        '$setElementOrder/containers': [{ name: 'a' }, { name: 'b' }, { name: 'c' }],
        containers: [{ name: 'c' }],
      },
    });
    expect(names(at(out, 'spec.containers'))).toEqual(['a', 'b', 'c']);
  });

  it('reorders existing items alone and ignores unknown names', () => {
    const out = patched(two, {
      spec: { '$setElementOrder/containers': [{ name: 'x' }, { name: 'b' }, { name: 'a' }] },
    });
    expect(names(at(out, 'spec.containers'))).toEqual(['b', 'a']);
  });

  it('rejects a patch list in another order, with Go formatting', () => {
    const e = failure(two, {
      spec: {
        '$setElementOrder/containers': [{ name: 'b' }, { name: 'a' }],
        containers: [{ name: 'a', image: 'q' }, { name: 'b' }],
      },
    });
    expect(e.message).toBe(
      "The order in patch list:\n[map[image:q name:a] map[name:b]]\n doesn't match $setElementOrder list:\n[map[name:b] map[name:a]]\n",
    );
  });

  it('classifies malformed directive keys as bad requests', () => {
    expect(failure(two, { spec: { '$setElementOrderX/containers': [] } }).errorClass).toBe(
      'bad-request',
    );
    expect(failure(two, { metadata: { $deleteFromPrimitiveListX: [] } })).toMatchObject({
      message: 'invalid patch format of primitive list',
      errorClass: 'bad-request',
    });
    expect(failure(two, { spec: { '$setElementOrder/containers': { a: 1 } } }).message).toBe(
      'expected a []interface {}, but received a map[string]interface {}',
    );
  });
});

describe('$retainKeys', () => {
  const volumes = pod({ volumes: [{ name: 'v', emptyDir: {} }] });

  it('clears unlisted keys before merging (emptyDir → configMap)', () => {
    const out = patched(volumes, {
      spec: {
        volumes: [{ name: 'v', $retainKeys: ['name', 'configMap'], configMap: { name: 'cm' } }],
      },
    });
    expect(at(out, 'spec.volumes')).toEqual([{ name: 'v', configMap: { name: 'cm' } }]);
  });

  it('requires every non-null patch key to be listed', () => {
    expect(
      failure(volumes, { spec: { volumes: [{ name: 'v', $retainKeys: ['name'], secret: {} }] } }),
    ).toMatchObject({
      message: 'invalid patch format of retainKeys',
      errorClass: 'bad-request',
    });
  });

  it('switches a Deployment to Recreate as kubectl apply does', () => {
    const deployment = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web' },
      spec: { strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1 } } },
    };
    const out = patched(
      deployment,
      { spec: { strategy: { $retainKeys: ['type'], rollingUpdate: null, type: 'Recreate' } } },
      DEPLOYMENT,
    );
    expect(at(out, 'spec.strategy')).toEqual({ type: 'Recreate' });
  });
});
