import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../kube-object.js';
import {
  InvalidResourceVersionError,
  Store,
  type StoreWatchEvent,
  TooLargeResourceVersionError,
  type WatchOptions,
} from './index.js';
import { pod, tempDir } from './test-helpers.js';

/** Lets queued microtasks (replay, memory-mode commits) run. */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

function collect(store: Store, resource: string, options: Omit<WatchOptions, 'onEvent'> = {}) {
  const events: StoreWatchEvent[] = [];
  const handle = store.watch(resource, { ...options, onEvent: (e) => events.push(e) });
  const summary = () =>
    events.map((e) =>
      e.type === 'EXPIRED'
        ? `EXPIRED ${e.message}`
        : `${e.type} ${e.object.metadata.namespace ?? ''}/${e.object.metadata.name} ${e.resourceVersion}`,
    );
  return { events, handle, summary };
}

describe('store watch', () => {
  it('without a resourceVersion starts now: no replay, then live events in order', async () => {
    const store = Store.memory();
    const old = await store.create('pods', pod('old'));
    const w = collect(store, 'pods');
    const web = await store.create('pods', pod('web'));
    await store.update('pods', { ...web, status: { phase: 'Pending' } });
    await store.delete('pods', 'default', 'web');
    await store.update('pods', { ...old, status: { phase: 'Running' } });
    await store.update('pods', { ...old, status: { phase: 'Running' } }); // no change: no event
    expect(w.summary()).toEqual([
      'ADDED default/web 2',
      'MODIFIED default/web 3',
      'DELETED default/web 4',
      'MODIFIED default/old 5',
    ]);
    const deleted = w.events[2];
    expect(deleted?.type === 'DELETED' && deleted.object.metadata.resourceVersion).toBe('4');
    expect(w.handle.resourceVersion).toBe('5');
  });

  it('delivers before the writer resumes, each watcher its own copy', async () => {
    const store = Store.memory();
    const a = collect(store, 'pods');
    const b = collect(store, 'pods');
    await settle();
    await store.create('pods', pod('web'));
    expect(a.events).toHaveLength(1);
    const first = a.events[0];
    if (first?.type !== 'ADDED') throw new Error('expected ADDED');
    first.object.metadata.name = 'mutated';
    expect(b.summary()).toEqual(['ADDED default/web 1']);
  });

  it('replays every change after fromResourceVersion, then goes on live', async () => {
    const store = Store.memory();
    await store.create('pods', pod('a')); // 1
    await store.create('configmaps', pod('cm')); // 2
    await store.create('pods', pod('b')); // 3
    await store.delete('pods', 'default', 'a'); // 4
    const w = collect(store, 'pods', { fromResourceVersion: '1' });
    // A write before the replay ran must come after the replayed ones, once.
    const pending = store.create('pods', pod('c')); // 5
    await pending;
    await store.create('pods', pod('d')); // 6
    expect(w.summary()).toEqual([
      'ADDED default/b 3',
      'DELETED default/a 4',
      'ADDED default/c 5',
      'ADDED default/d 6',
    ]);
  });

  it('replays nothing from the current resourceVersion', async () => {
    const store = Store.memory();
    await store.create('pods', pod('a'));
    const w = collect(store, 'pods', { fromResourceVersion: store.resourceVersion });
    await settle();
    expect(w.events).toEqual([]);
    expect(w.handle.resourceVersion).toBe('1');
  });

  it('filters by namespace and leaves other resources out', async () => {
    const store = Store.memory();
    const w = collect(store, 'pods', { namespace: 'team' });
    await store.create('pods', pod('x', 'default'));
    await store.create('pods', pod('y', 'team'));
    await store.create('services', pod('z', 'team'));
    expect(w.summary()).toEqual(['ADDED team/y 2']);
  });

  it('filters with a predicate as the watch cache does: ADDED/DELETED at the boundary', async () => {
    const store = Store.memory();
    const labelled = (name: string, app: string, extra = {}) =>
      pod(name, 'default', { metadata: { name, namespace: 'default', labels: { app } }, ...extra });
    const isWeb = (o: KubeObject) => o.metadata.labels?.app === 'web';
    const w = collect(store, 'pods', { predicate: isWeb });

    await store.create('pods', labelled('p', 'db')); // 1: not shown
    await store.update('pods', labelled('p', 'web')); // 2: starts matching → ADDED
    await store.update('pods', labelled('p', 'web', { spec: { n: 1 } })); // 3: MODIFIED
    await store.update('pods', labelled('p', 'db', { spec: { n: 2 } })); // 4: stops → DELETED
    await store.update('pods', labelled('p', 'db')); // 5: not shown
    await store.create('pods', labelled('q', 'web')); // 6: ADDED
    await store.delete('pods', 'default', 'q'); // 7: DELETED
    await store.delete('pods', 'default', 'p'); // 8: not shown

    expect(w.summary()).toEqual([
      'ADDED default/p 2',
      'MODIFIED default/p 3',
      'DELETED default/p 4',
      'ADDED default/q 6',
      'DELETED default/q 7',
    ]);
    // Leaving the selector: the previous content (still app=web), with the event's RV.
    const left = w.events[2];
    if (left?.type !== 'DELETED') throw new Error('expected DELETED');
    expect(left.object.metadata.labels).toEqual({ app: 'web' });
    expect(left.object.spec).toEqual({ n: 1 });
    expect(left.object.metadata.resourceVersion).toBe('4');
  });

  it('signals EXPIRED when the resourceVersion is older than the history', async () => {
    const store = Store.memory({ historySize: 3 });
    for (let i = 0; i < 10; i++) await store.create('pods', pod(`p${i}`));
    // Held: 8, 9, 10 → oldest-1 = 7.
    const expired = collect(store, 'pods', { fromResourceVersion: '2' });
    const ok = collect(store, 'pods', { fromResourceVersion: '7' });
    await settle();
    expect(expired.summary()).toEqual(['EXPIRED too old resource version: 2 (7)']);
    expect(expired.handle.stopped).toBe(true);
    expect(ok.summary()).toEqual([
      'ADDED default/p7 8',
      'ADDED default/p8 9',
      'ADDED default/p9 10',
    ]);
    await store.create('pods', pod('later'));
    expect(expired.events).toHaveLength(1);
    expect(ok.events).toHaveLength(4);
  });

  it('throws for a future or malformed resourceVersion', async () => {
    const store = Store.memory();
    await store.create('pods', pod('a'));
    const future = (() => {
      try {
        store.watch('pods', { fromResourceVersion: '99', onEvent: () => {} });
      } catch (error) {
        return error;
      }
    })();
    expect(future).toBeInstanceOf(TooLargeResourceVersionError);
    expect((future as Error).message).toBe('Too large resource version: 99, current: 1');
    expect(() => store.watch('pods', { fromResourceVersion: 'abc', onEvent: () => {} })).toThrow(
      InvalidResourceVersionError,
    );
  });

  it('stops delivering after stop(), also when stopped before the replay ran', async () => {
    const store = Store.memory();
    await store.create('pods', pod('a'));
    const early = collect(store, 'pods', { fromResourceVersion: '0' });
    early.handle.stop();
    const late = collect(store, 'pods');
    await store.create('pods', pod('b'));
    late.handle.stop();
    await store.create('pods', pod('c'));
    await settle();
    expect(early.events).toEqual([]);
    expect(late.summary()).toEqual(['ADDED default/b 2']);
    expect(store.stats.watchers).toBe(0);
  });

  it('stops a consumer that throws, reports it, and keeps writers and others going', async () => {
    const store = Store.memory();
    const errors: unknown[] = [];
    const bad = store.watch('pods', {
      onEvent: () => {
        throw new Error('consumer bug');
      },
      onError: (error) => errors.push(error),
    });
    const good = collect(store, 'pods');
    await settle();
    await store.create('pods', pod('a'));
    await store.create('pods', pod('b'));
    expect(bad.stopped).toBe(true);
    expect(errors).toHaveLength(1);
    expect(good.summary()).toEqual(['ADDED default/a 1', 'ADDED default/b 2']);
  });

  it('starts watches from inside an event callback without losing order', async () => {
    const store = Store.memory();
    const nested: string[] = [];
    store.watch('pods', {
      onEvent: (e) => {
        if (e.type !== 'ADDED' || e.object.metadata.name !== 'a') return;
        store.watch('pods', {
          fromResourceVersion: e.resourceVersion,
          onEvent: (n) => nested.push(n.type === 'EXPIRED' ? 'EXPIRED' : n.resourceVersion),
        });
      },
    });
    await settle();
    await store.create('pods', pod('a'));
    await store.create('pods', pod('b'));
    await store.create('pods', pod('c'));
    expect(nested).toEqual(['2', '3']);
  });

  it('on disk: delivers durable changes, and a reopened store expires older resourceVersions', async () => {
    const { dir, cleanup } = await tempDir();
    try {
      const store = await Store.open(dir);
      const w = collect(store, 'pods');
      await store.create('pods', pod('a'));
      await Promise.all([store.create('pods', pod('b')), store.create('pods', pod('c'))]);
      expect(w.summary()).toEqual(['ADDED default/a 1', 'ADDED default/b 2', 'ADDED default/c 3']);
      await store.close();

      const reopened = await Store.open(dir);
      const old = collect(reopened, 'pods', { fromResourceVersion: '1' });
      const now = collect(reopened, 'pods', { fromResourceVersion: '3' });
      await settle();
      await reopened.create('pods', pod('d'));
      expect(old.summary()).toEqual(['EXPIRED too old resource version: 1 (3)']);
      expect(now.summary()).toEqual(['ADDED default/d 4']);
      await reopened.close();
    } finally {
      await cleanup();
    }
  });
});
