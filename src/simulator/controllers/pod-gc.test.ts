import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type ControllerCluster, controllerCluster } from './controllers.test-support.js';

let c: ControllerCluster;
beforeEach(async () => {
  c = await controllerCluster();
});
afterEach(() => {
  c.stop();
  expect(c.errors).toEqual([]);
});

const spec = (nodeName: string) => ({ nodeName, containers: [{ name: 'app', image: 'busybox' }] });

describe('the pod garbage collector', () => {
  it('deletes pods bound to a missing node once its 40 s quarantine is over', async () => {
    await c.createPod({ metadata: { name: 'lost' }, spec: spec('ghost-node') });
    await c.createPod({ metadata: { name: 'home' }, spec: spec('pod-course-worker') });
    // First pass (20 s): the node is found missing and quarantined.
    await c.clock.advance(20_000);
    await c.manager.podGarbageCollector.idle();
    expect(c.registry.storage.get('pods', 'default', 'lost')).toBeDefined();
    // 40 s later, still missing: the pod is marked Failed and deleted.
    await c.clock.advance(40_000);
    await c.manager.podGarbageCollector.idle();
    expect(c.registry.storage.get('pods', 'default', 'lost')).toBeUndefined();
    expect(c.registry.storage.get('pods', 'default', 'home')).toBeDefined();
  });

  it('marks the pod Failed with DisruptionTarget before deleting it', async () => {
    await c.createPod({
      metadata: { name: 'lost', finalizers: ['example.com/hold'] },
      spec: spec('ghost-node'),
    });
    await c.clock.advance(60_000);
    await c.manager.podGarbageCollector.idle();
    const pod = c.registry.storage.get('pods', 'default', 'lost');
    const status = pod?.status as { phase: string; conditions: Record<string, string>[] };
    expect(pod?.metadata.deletionTimestamp).toBeDefined();
    expect(status.phase).toBe('Failed');
    expect(status.conditions.find((x) => x.type === 'DisruptionTarget')).toMatchObject({
      status: 'True',
      reason: 'DeletionByPodGC',
      message: 'PodGC: node no longer exists',
    });
  });
});
