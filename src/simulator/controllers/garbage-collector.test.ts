import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { KubeObject } from '../kube-object.js';
import { DEPLOYMENTS, PODS, REPLICA_SETS } from './controller-context.js';
import { type ControllerCluster, controllerCluster } from './controllers.test-support.js';

let c: ControllerCluster;
beforeEach(async () => {
  c = await controllerCluster();
});
afterEach(() => {
  c.stop();
  expect(c.errors).toEqual([]);
});

describe('the garbage collector', () => {
  it('deletes a Deployment’s ReplicaSets and pods after it (background)', async () => {
    await c.createDeployment('web', 2);
    await c.registry.delete(DEPLOYMENTS, 'default', 'web', { propagationPolicy: 'Background' });
    await c.settle();
    expect(c.deployment('web')).toBeUndefined();
    expect(c.replicaSets()).toEqual([]);
    expect(c.pods()).toEqual([]);
  });

  it('orphans them with propagationPolicy Orphan: references removed, owner gone', async () => {
    await c.createDeployment('web', 2);
    const deleting = await c.registry.delete(DEPLOYMENTS, 'default', 'web', {
      propagationPolicy: 'Orphan',
    });
    expect(deleting.metadata.finalizers).toEqual(['orphan']);
    expect(deleting.metadata.deletionTimestamp).toBeDefined();
    await c.settle();
    expect(c.deployment('web')).toBeUndefined();
    const [rs] = c.replicaSets();
    expect(rs?.metadata.ownerReferences).toBeUndefined();
    const pods = c.pods();
    expect(pods).toHaveLength(2);
    // The ReplicaSet still owns its pods and still keeps two of them.
    for (const pod of pods) expect(pod.metadata.ownerReferences?.[0]?.uid).toBe(rs?.metadata.uid);
  });

  it('deletes dependents first with Foreground, then the owner', async () => {
    await c.createDeployment('web', 2);
    const deleting = await c.registry.delete(DEPLOYMENTS, 'default', 'web', {
      propagationPolicy: 'Foreground',
    });
    expect(deleting.metadata.finalizers).toEqual(['foregroundDeletion']);
    await c.settle();
    expect(c.deployment('web')).toBeUndefined();
    expect(c.replicaSets()).toEqual([]);
    expect(c.pods()).toEqual([]);
  });

  it('collects an object whose only owner never existed, drops a dangling reference otherwise', async () => {
    await c.createDeployment('web', 1);
    const [rs] = c.replicaSets();
    const ghost = {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      name: 'ghost',
      uid: '00000000-0000-0000-0000-000000000000',
    };
    await c.createPod({ metadata: { name: 'orphaned', ownerReferences: [ghost] } });
    const live = {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      name: rs?.metadata.name ?? '',
      uid: rs?.metadata.uid ?? '',
    };
    await c.createPod({ metadata: { name: 'shared', ownerReferences: [ghost, live] } });
    await c.settle();
    expect(c.registry.storage.get('pods', 'default', 'orphaned')).toBeUndefined();
    const shared = c.registry.storage.get('pods', 'default', 'shared') as KubeObject;
    expect(shared.metadata.ownerReferences).toEqual([live]);
  });

  it('deleting a ReplicaSet alone takes its pods', async () => {
    await c.registry.create(REPLICA_SETS, 'default', {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: { name: 'solo' },
      spec: {
        replicas: 2,
        selector: { matchLabels: { app: 'solo' } },
        template: {
          metadata: { labels: { app: 'solo' } },
          spec: { containers: [{ name: 'c', image: 'busybox' }] },
        },
      },
    });
    await c.settle();
    expect(c.pods('app=solo')).toHaveLength(2);
    await c.registry.delete(REPLICA_SETS, 'default', 'solo');
    await c.settle();
    expect(c.pods('app=solo')).toEqual([]);
    expect(PODS.resource).toBe('pods');
  });
});
