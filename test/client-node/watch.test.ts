import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as k8s from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningSimulator, startSimulator } from '../../src/simulator/index.js';

interface Seen {
  type: string;
  name: string;
  resourceVersion: string;
  object: Record<string, unknown>;
}

/** How long a test waits for an event; a missing event fails instead of stalling the run. */
const WAIT_LIMIT_MS = 10_000;

/**
 * A client-node `Watch` whose events the test reads as they come. `opened` resolves when the
 * response headers are in: the simulator registers the watch before sending them.
 */
async function openWatch(kc: k8s.KubeConfig, path: string, query: Record<string, string>) {
  const events: Seen[] = [];
  let ended = false;
  const listeners = new Set<() => void>();
  const notify = () => {
    for (const l of [...listeners]) l();
  };
  const controller = await new k8s.Watch(kc).watch(
    path,
    query,
    (type, object) => {
      const meta = (object as { metadata?: { name?: string; resourceVersion?: string } }).metadata;
      events.push({
        type,
        name: meta?.name ?? '',
        resourceVersion: meta?.resourceVersion ?? '',
        object: object as Record<string, unknown>,
      });
      notify();
    },
    () => {
      ended = true;
      notify();
    },
  );
  const until = (what: string, done: () => boolean) =>
    new Promise<void>((resolve, reject) => {
      const check = () => {
        if (!done()) return;
        clearTimeout(timer);
        listeners.delete(check);
        resolve();
      };
      const timer = setTimeout(() => {
        listeners.delete(check);
        reject(
          new Error(
            `no ${what}; events so far: ${JSON.stringify(events.map((e) => [e.type, e.name]))}`,
          ),
        );
      }, WAIT_LIMIT_MS);
      listeners.add(check);
      check();
    });
  return {
    events,
    count: (n: number) => until(`${n} events`, () => events.length >= n),
    ended: () => until('end of the watch', () => ended),
    stop: () => controller.abort(),
  };
}

describe('@kubernetes/client-node: Watch', () => {
  let dir: string;
  let simulator: RunningSimulator;
  let kc: k8s.KubeConfig;
  let core: k8s.CoreV1Api;
  const path = '/api/v1/namespaces/default/configmaps';

  const connect = () => {
    kc = new k8s.KubeConfig();
    kc.loadFromFile(simulator.kubeconfigPath);
    core = kc.makeApiClient(k8s.CoreV1Api);
  };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'pod-course-watch-'));
    simulator = await startSimulator({ stateDir: join(dir, 'state'), port: 0 });
    connect();
  });
  afterAll(async () => {
    await simulator?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('from a list’s resourceVersion: ADDED, MODIFIED, DELETED in order, nothing replayed', async () => {
    const listed = await core.listNamespacedConfigMap({ namespace: 'default' });
    const watch = await openWatch(kc, path, {
      resourceVersion: listed.metadata?.resourceVersion ?? '',
    });
    await core.createNamespacedConfigMap({
      namespace: 'default',
      body: { metadata: { name: 'cfg' }, data: { a: '1' } },
    });
    await core.patchNamespacedConfigMap(
      { name: 'cfg', namespace: 'default', body: { data: { a: '2' } } },
      k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch),
    );
    await core.deleteNamespacedConfigMap({ name: 'cfg', namespace: 'default' });
    await watch.count(3);
    watch.stop();
    expect(watch.events.map((e) => `${e.type} ${e.name}`)).toEqual([
      'ADDED cfg',
      'MODIFIED cfg',
      'DELETED cfg',
    ]);
    expect(watch.events.map((e) => (e.object.data as { a: string }).a)).toEqual(['1', '2', '2']);
    const rvs = watch.events.map((e) => Number(e.resourceVersion));
    expect(rvs).toEqual([...rvs].sort((a, b) => a - b));
    expect(new Set(rvs).size).toBe(3);
    expect(watch.events[0]?.object).toMatchObject({ apiVersion: 'v1', kind: 'ConfigMap' });
  });

  it('without a resourceVersion: a synthetic ADDED for what exists, then changes', async () => {
    const watch = await openWatch(kc, path, {});
    await watch.count(1);
    expect(watch.events.map((e) => `${e.type} ${e.name}`)).toEqual(['ADDED kube-root-ca.crt']);
    await core.createNamespacedConfigMap({
      namespace: 'default',
      body: { metadata: { name: 'later' } },
    });
    await watch.count(2);
    watch.stop();
    expect(watch.events.map((e) => `${e.type} ${e.name}`)).toEqual([
      'ADDED kube-root-ca.crt',
      'ADDED later',
    ]);
  });

  it('resumes from any resourceVersion still in the history, with only what came after', async () => {
    const first = await core.createNamespacedConfigMap({
      namespace: 'default',
      body: { metadata: { name: 'resumed', labels: { step: '1' } } },
    });
    await core.patchNamespacedConfigMap(
      { name: 'resumed', namespace: 'default', body: { metadata: { labels: { step: '2' } } } },
      k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch),
    );
    await core.deleteNamespacedConfigMap({ name: 'resumed', namespace: 'default' });
    const watch = await openWatch(kc, path, {
      resourceVersion: first.metadata?.resourceVersion ?? '',
      fieldSelector: 'metadata.name=resumed',
    });
    await watch.count(2);
    watch.stop();
    expect(watch.events.map((e) => `${e.type} ${e.name}`)).toEqual([
      'MODIFIED resumed',
      'DELETED resumed',
    ]);
  });

  it('a resourceVersion not reached yet streams only what comes after it', async () => {
    const listed = await core.listNamespacedConfigMap({ namespace: 'default' });
    const next = Number(listed.metadata?.resourceVersion) + 1;
    const watch = await openWatch(kc, path, { resourceVersion: String(next) });
    const created = [];
    for (const name of ['at-next', 'after-next']) {
      created.push(
        await core.createNamespacedConfigMap({
          namespace: 'default',
          body: { metadata: { name } },
        }),
      );
    }
    // With nothing else writing, `at-next` takes exactly `next` and is not shown.
    const expected = created
      .filter((c) => Number(c.metadata?.resourceVersion) > next)
      .map((c) => `ADDED ${c.metadata?.name}`);
    expect(expected).toContain('ADDED after-next');
    await watch.count(expected.length);
    watch.stop();
    expect(watch.events.map((e) => `${e.type} ${e.name}`)).toEqual(expected);
  });

  it('with a label selector: objects entering and leaving it are ADDED and DELETED', async () => {
    const listed = await core.listNamespacedConfigMap({ namespace: 'default' });
    const watch = await openWatch(kc, path, {
      resourceVersion: listed.metadata?.resourceVersion ?? '',
      labelSelector: 'team in (blue)',
    });
    const label = (team: string | null) =>
      core.patchNamespacedConfigMap(
        { name: 'later', namespace: 'default', body: { metadata: { labels: { team } } } },
        k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch),
      );
    await label('blue');
    await label('red');
    await watch.count(2);
    watch.stop();
    expect(watch.events.map((e) => `${e.type} ${e.name}`)).toEqual([
      'ADDED later',
      'DELETED later',
    ]);
    // The DELETED event carries the object as it last matched, at the new resourceVersion.
    expect(watch.events[1]?.object).toMatchObject({ metadata: { labels: { team: 'blue' } } });
  });

  it('a resourceVersion older than the history (here: before a restart) is a 410 Expired ERROR', async () => {
    const before = await core.listNamespacedConfigMap({ namespace: 'default' });
    await simulator.stop();
    simulator = await startSimulator({ stateDir: join(dir, 'state'), port: 0 });
    connect();
    const watch = await openWatch(kc, path, { resourceVersion: '1' });
    await watch.ended();
    expect(watch.events).toHaveLength(1);
    const [event] = watch.events;
    expect(event?.type).toBe('ERROR');
    expect(event?.object).toMatchObject({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      reason: 'Expired',
      code: 410,
    });
    const message = String(event?.object.message);
    const oldest = Number(/^too old resource version: 1 \((\d+)\)$/.exec(message)?.[1]);
    expect(oldest, message).toBeGreaterThanOrEqual(Number(before.metadata?.resourceVersion));
    // A watch from the current resourceVersion works as before.
    const now = await core.listNamespacedConfigMap({ namespace: 'default' });
    const fresh = await openWatch(kc, path, {
      resourceVersion: now.metadata?.resourceVersion ?? '',
    });
    await core.createNamespacedConfigMap({
      namespace: 'default',
      body: { metadata: { name: 'after' } },
    });
    await fresh.count(1);
    fresh.stop();
    expect(fresh.events.map((e) => `${e.type} ${e.name}`)).toEqual(['ADDED after']);
  });
});
