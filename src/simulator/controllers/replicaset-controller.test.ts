import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { KubeObject } from '../kube-object.js';
import { PODS, REPLICA_SETS } from './controller-context.js';
import { type ControllerCluster, controllerCluster } from './controllers.test-support.js';

let c: ControllerCluster;
beforeEach(async () => {
  c = await controllerCluster();
});
afterEach(() => {
  c.stop();
  expect(c.errors).toEqual([]);
});

async function createReplicaSet(replicas: number, minReadySeconds = 0) {
  await c.registry.create(REPLICA_SETS, 'default', {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: { name: 'frontend' },
    spec: {
      replicas,
      ...(minReadySeconds ? { minReadySeconds } : {}),
      selector: { matchLabels: { tier: 'frontend' } },
      template: {
        metadata: { labels: { tier: 'frontend' }, annotations: { note: 'from the template' } },
        spec: { containers: [{ name: 'php', image: 'busybox' }] },
      },
    },
  });
  await c.settle();
  return c.registry.storage.get('replicasets.apps', 'default', 'frontend') as KubeObject;
}

describe('the ReplicaSet controller', () => {
  it('adopts a matching orphan pod instead of creating one more', async () => {
    await c.createPod({ metadata: { name: 'stray', labels: { tier: 'frontend' } } });
    const rs = await createReplicaSet(2);
    const pods = c.pods('tier=frontend');
    expect(pods).toHaveLength(2);
    const stray = pods.find((p) => p.metadata.name === 'stray');
    expect(stray?.metadata.ownerReferences).toEqual([
      {
        apiVersion: 'apps/v1',
        kind: 'ReplicaSet',
        name: 'frontend',
        uid: rs.metadata.uid,
        controller: true,
        blockOwnerDeletion: true,
      },
    ]);
    const made = pods.find((p) => p.metadata.name !== 'stray');
    expect(made?.metadata.name).toMatch(/^frontend-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    expect(made?.metadata.annotations).toEqual({ note: 'from the template' });
  });

  it('releases a pod whose labels no longer match, and replaces it', async () => {
    await createReplicaSet(1);
    const [pod] = c.pods('tier=frontend');
    const relabelled = structuredClone(pod as KubeObject);
    relabelled.metadata.labels = { tier: 'debug' };
    await c.registry.update(PODS, 'default', relabelled.metadata.name ?? '', relabelled);
    await c.settle();
    const released = c.registry.storage.get('pods', 'default', relabelled.metadata.name ?? '');
    expect(released?.metadata.ownerReferences).toBeUndefined();
    expect(c.pods('tier=frontend')).toHaveLength(1);
  });

  it('counts a Ready pod available only after minReadySeconds', async () => {
    await createReplicaSet(1, 10);
    const [pod] = c.pods();
    await c.markReady(pod as KubeObject);
    await c.settle();
    const status = () => c.registry.storage.get('replicasets.apps', 'default', 'frontend')?.status;
    expect(status()).toMatchObject({ replicas: 1, readyReplicas: 1 });
    expect(status()).not.toHaveProperty('availableReplicas');
    await c.clock.advance(11_000);
    await c.settle();
    expect(status()).toMatchObject({ replicas: 1, readyReplicas: 1, availableReplicas: 1 });
  });
});
