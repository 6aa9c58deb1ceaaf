import { describe, expect, it } from 'vitest';
import {
  AlreadyExistsError,
  ConflictError,
  NotFoundError,
  Store,
  StoreUnavailableError,
} from './index.js';
import { namespaceObject, pod, tempDir } from './test-helpers.js';

describe('store CRUD (memory)', () => {
  it('creates, reads, updates and deletes, stamping a new resourceVersion each time', async () => {
    const store = Store.memory();
    expect(store.resourceVersion).toBe('0');

    const created = await store.create('pods', pod('web'));
    expect(created.metadata.resourceVersion).toBe('1');
    expect(created.metadata.uid).toBe('uid-default-web');
    expect(store.get('pods', 'default', 'web')).toEqual(created);

    const changed = { ...created, spec: { containers: [{ name: 'c', image: 'httpd' }] } };
    const updated = await store.update('pods', changed);
    expect(updated.metadata.resourceVersion).toBe('2');
    expect(store.get('pods', 'default', 'web')?.spec).toEqual(changed.spec);

    const deleted = await store.delete('pods', 'default', 'web');
    expect(deleted.metadata.resourceVersion).toBe('3');
    expect(deleted.spec).toEqual(changed.spec);
    expect(store.get('pods', 'default', 'web')).toBeUndefined();
    expect(store.resourceVersion).toBe('3');
  });

  it('keeps cluster-scoped objects under the empty namespace', async () => {
    const store = Store.memory();
    await store.create('namespaces', namespaceObject('kube-system'));
    expect(store.get('namespaces', '', 'kube-system')?.metadata.name).toBe('kube-system');
    expect(store.list('namespaces').items.map((n) => n.metadata.name)).toEqual(['kube-system']);
  });

  it('keeps the same name apart across resources and namespaces', async () => {
    const store = Store.memory();
    await store.create('pods', pod('x', 'a'));
    await store.create('pods', pod('x', 'b'));
    await store.create('configmaps', pod('x', 'a'));
    expect(store.list('pods').items).toHaveLength(2);
    expect(store.list('configmaps').items).toHaveLength(1);
  });

  it('rejects a second create with AlreadyExistsError carrying the key', async () => {
    const store = Store.memory();
    await store.create('pods', pod('web'));
    const error = await store.create('pods', pod('web')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AlreadyExistsError);
    expect((error as AlreadyExistsError).key).toEqual({
      resource: 'pods',
      namespace: 'default',
      name: 'web',
    });
    expect(store.resourceVersion).toBe('1');
  });

  it('rejects updates and deletes of missing objects with NotFoundError', async () => {
    const store = Store.memory();
    await expect(store.update('pods', pod('ghost'))).rejects.toBeInstanceOf(NotFoundError);
    await expect(store.delete('pods', 'default', 'ghost')).rejects.toBeInstanceOf(NotFoundError);
    expect(store.resourceVersion).toBe('0');
  });

  it('checks expectedResourceVersion on update and delete', async () => {
    const store = Store.memory();
    const v1 = await store.create('pods', pod('web'));
    const v2 = await store.update(
      'pods',
      { ...v1, status: { n: 2 } },
      { expectedResourceVersion: '1' },
    );

    const stale = await store.update('pods', v1, { expectedResourceVersion: '1' }).catch((e) => e);
    expect(stale).toBeInstanceOf(ConflictError);
    expect(stale).toMatchObject({ expectedResourceVersion: '1', actualResourceVersion: '2' });
    await expect(
      store.delete('pods', 'default', 'web', { expectedResourceVersion: '1' }),
    ).rejects.toBeInstanceOf(ConflictError);

    // Empty means unconditional, as an empty resourceVersion does in the API.
    const v3 = await store.update(
      'pods',
      { ...v2, status: { n: 3 } },
      { expectedResourceVersion: '' },
    );
    expect(v3.metadata.resourceVersion).toBe('3');
    const gone = await store.delete('pods', 'default', 'web', { expectedResourceVersion: '3' });
    expect(gone.metadata.resourceVersion).toBe('4');
  });

  it('treats an update that changes nothing as no write: same resourceVersion', async () => {
    const store = Store.memory();
    const created = await store.create('pods', pod('web'));
    // The resourceVersion the caller sends does not count as a change.
    const same = await store.update('pods', {
      ...created,
      metadata: { ...created.metadata, resourceVersion: '' },
    });
    expect(same).toEqual(created);
    expect(store.resourceVersion).toBe('1');
    // A conflict is still a conflict.
    await store.update('pods', { ...created, status: { phase: 'Running' } });
    await expect(
      store.update('pods', created, { expectedResourceVersion: '1' }),
    ).rejects.toBeInstanceOf(ConflictError);
  });

  it('never shares objects with callers', async () => {
    const store = Store.memory();
    const input = pod('web');
    const created = await store.create('pods', input);
    (input.metadata.labels as unknown) = { changed: 'input' };
    created.metadata.name = 'mutated';
    const read = store.get('pods', 'default', 'web');
    expect(read?.metadata.labels).toBeUndefined();
    expect(read?.metadata.name).toBe('web');
    if (read) read.kind = 'Changed';
    expect(store.get('pods', 'default', 'web')?.kind).toBe('Pod');
    expect(store.list('pods').items[0]?.kind).toBe('Pod');
    // The input itself is not stamped either.
    expect(input.metadata.resourceVersion).toBeUndefined();
  });

  it('gives every write the next resourceVersion, also for concurrent writes', async () => {
    const store = Store.memory();
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) => store.create('pods', pod(`p${i}`))),
    );
    expect(results.map((r) => r.metadata.resourceVersion)).toEqual(
      Array.from({ length: 50 }, (_, i) => String(i + 1)),
    );
    expect(store.list('pods').resourceVersion).toBe('50');
  });

  it('applies a write inside the call, so get-then-update in one tick is atomic', async () => {
    const store = Store.memory();
    const done = store.create('pods', pod('web'));
    expect(store.get('pods', 'default', 'web')?.metadata.resourceVersion).toBe('1');
    expect(store.resourceVersion).toBe('1');
    await done;
  });

  it('throws TypeError for an object without a name (a caller bug)', async () => {
    const store = Store.memory();
    const nameless = { apiVersion: 'v1', kind: 'Pod', metadata: {} };
    await expect(store.create('pods', nameless)).rejects.toBeInstanceOf(TypeError);
  });

  it('refuses writes and watches after close', async () => {
    const store = Store.memory();
    await store.close();
    await expect(store.create('pods', pod('web'))).rejects.toBeInstanceOf(StoreUnavailableError);
    expect(() => store.watch('pods', { onEvent: () => {} })).toThrow(StoreUnavailableError);
  });
});

describe('store list', () => {
  it('orders by storage key (namespace/name in byte order) and filters', async () => {
    const store = Store.memory();
    for (const [ns, name] of [
      ['b', 'z'],
      ['a', 'y'],
      ['a-b', 'x'],
      ['a', 'b'],
      ['b', 'a'],
      ['a', 'B'],
    ] as const) {
      await store.create(
        'pods',
        pod(name, ns, { metadata: { name, namespace: ns, labels: { ns } } }),
      );
    }
    const keys = (items: { metadata: { namespace?: string; name?: string } }[]) =>
      items.map((p) => `${p.metadata.namespace}/${p.metadata.name}`);
    // etcd keys `/registry/pods/a-b/x` < `/registry/pods/a/B`: '-' (0x2d) sorts before '/' (0x2f).
    expect(keys(store.list('pods').items)).toEqual(['a-b/x', 'a/B', 'a/b', 'a/y', 'b/a', 'b/z']);
    expect(keys(store.list('pods', { namespace: 'a' }).items)).toEqual(['a/B', 'a/b', 'a/y']);
    expect(
      keys(store.list('pods', { predicate: (o) => o.metadata.labels?.ns === 'b' }).items),
    ).toEqual(['b/a', 'b/z']);
    expect(store.list('pods', { namespace: 'none' }).items).toEqual([]);
    expect(store.list('deployments.apps')).toEqual({ items: [], resourceVersion: '6' });
  });

  it('keeps the order after deletes and re-creates', async () => {
    const store = Store.memory();
    for (const name of ['c', 'a', 'b']) await store.create('pods', pod(name));
    await store.delete('pods', 'default', 'a');
    await store.create('pods', pod('aa'));
    expect(store.list('pods').items.map((p) => p.metadata.name)).toEqual(['aa', 'b', 'c']);
  });
});

describe('store CRUD (on disk)', () => {
  it('behaves like the memory store and counts group commits', async () => {
    const { dir, cleanup } = await tempDir();
    try {
      const store = await Store.open(dir);
      const created = await store.create('pods', pod('web'));
      await store.update('pods', { ...created, status: {} }, { expectedResourceVersion: '1' });
      await expect(store.create('pods', pod('web'))).rejects.toBeInstanceOf(AlreadyExistsError);
      await store.delete('pods', 'default', 'web');
      expect(store.stats).toMatchObject({ resourceVersion: '3', objects: 0, commits: 3 });
      await store.close();
    } finally {
      await cleanup();
    }
  });
});

describe('listJson', () => {
  it('returns the stored text of a namespace in key order, with the list resourceVersion', async () => {
    const store = Store.memory();
    for (const [namespace, name] of [
      ['b', 'x'],
      ['a', 'y'],
      ['a', 'x'],
    ] as const) {
      await store.create('configmaps', {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name, namespace },
      });
    }
    const { items, resourceVersion } = store.listJson('configmaps', 'a');
    expect(items.map((t) => JSON.parse(t).metadata.name)).toEqual(['x', 'y']);
    expect(resourceVersion).toBe(store.resourceVersion);
    expect(store.listJson('configmaps').items).toHaveLength(3);
  });
});
