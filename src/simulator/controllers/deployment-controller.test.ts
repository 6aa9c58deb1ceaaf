import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { KubeObject } from '../kube-object.js';
import { DEPLOYMENTS, PODS } from './controller-context.js';
import { type ControllerCluster, controllerCluster } from './controllers.test-support.js';

let c: ControllerCluster;
beforeEach(async () => {
  c = await controllerCluster();
});
afterEach(() => {
  c.stop();
  expect(c.errors).toEqual([]);
});

const replicas = (o: KubeObject) => (o.spec as { replicas: number }).replicas;
const status = (o: KubeObject | undefined) => (o?.status ?? {}) as Record<string, unknown>;
const messages = (reason: string) =>
  c
    .events()
    .filter((e) => e.reason === reason)
    .map((e) => e.message);

interface PodSpec {
  containers: { image: string }[];
}

function setImage(d: KubeObject, image: string) {
  const spec = (d.spec as { template: { spec: PodSpec } }).template.spec;
  (spec.containers[0] as { image: string }).image = image;
}

async function update(name: string, change: (d: KubeObject) => void) {
  const d = structuredClone(c.deployment(name) as KubeObject);
  change(d);
  await c.registry.update(DEPLOYMENTS, 'default', name, d);
  await c.settle();
}

describe('the Deployment controller', () => {
  it('creates <deployment>-<hash>, owned by the Deployment, and its pods <rs>-<5 chars>', async () => {
    const d = await c.createDeployment('web', 3);
    const [rs, ...others] = c.replicaSets('app=web');
    expect(others).toEqual([]);
    const hash = rs?.metadata.labels?.['pod-template-hash'] ?? '';
    expect(hash).toMatch(/^[4-9bcdf]{1,10}$/);
    expect(rs?.metadata.name).toBe(`web-${hash}`);
    expect(rs?.metadata.ownerReferences).toEqual([
      {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        name: 'web',
        uid: d.metadata.uid,
        controller: true,
        blockOwnerDeletion: true,
      },
    ]);
    expect(rs?.spec).toMatchObject({
      replicas: 3,
      selector: { matchLabels: { app: 'web', 'pod-template-hash': hash } },
      template: { metadata: { labels: { app: 'web', 'pod-template-hash': hash } } },
    });
    expect(rs?.metadata.annotations).toEqual({
      'deployment.kubernetes.io/desired-replicas': '3',
      'deployment.kubernetes.io/max-replicas': '4',
      'deployment.kubernetes.io/revision': '1',
    });
    const pods = c.pods('app=web');
    expect(pods).toHaveLength(3);
    for (const pod of pods) {
      expect(pod.metadata.name).toMatch(
        new RegExp(`^web-${hash}-[bcdfghjklmnpqrstvwxz2456789]{5}$`),
      );
      expect(pod.metadata.ownerReferences?.[0]).toMatchObject({
        kind: 'ReplicaSet',
        name: rs?.metadata.name,
        controller: true,
      });
    }
    expect(messages('ScalingReplicaSet')).toEqual([
      `Scaled up replica set web-${hash} from 0 to 3`,
    ]);
    expect(messages('SuccessfulCreate').sort()).toEqual(
      pods.map((p) => `Created pod: ${p.metadata.name}`).sort(),
    );
    expect(c.deployment('web')?.metadata.annotations?.['deployment.kubernetes.io/revision']).toBe(
      '1',
    );
  });

  it('reports availability and progress once the pods are Ready', async () => {
    await c.createDeployment('web', 2);
    const progressing = status(c.deployment('web')).conditions as {
      type: string;
      reason: string;
    }[];
    // Pods created but not Ready: unavailable, and progressing (more pods than before).
    expect(progressing.map((x) => [x.type, x.reason])).toEqual([
      ['Available', 'MinimumReplicasUnavailable'],
      ['Progressing', 'ReplicaSetUpdated'],
    ]);
    await c.readyAll();
    const d = c.deployment('web');
    const rs = c.replicaSets('app=web')[0];
    expect(status(d)).toMatchObject({
      observedGeneration: 1,
      replicas: 2,
      updatedReplicas: 2,
      readyReplicas: 2,
      availableReplicas: 2,
    });
    expect(status(d)).not.toHaveProperty('unavailableReplicas');
    expect(
      (status(d).conditions as object[]).map((x) => ({
        ...x,
        lastUpdateTime: '',
        lastTransitionTime: '',
      })),
    ).toEqual([
      {
        type: 'Available',
        status: 'True',
        lastUpdateTime: '',
        lastTransitionTime: '',
        reason: 'MinimumReplicasAvailable',
        message: 'Deployment has minimum availability.',
      },
      {
        type: 'Progressing',
        status: 'True',
        lastUpdateTime: '',
        lastTransitionTime: '',
        reason: 'NewReplicaSetAvailable',
        message: `ReplicaSet "${rs?.metadata.name}" has successfully progressed.`,
      },
    ]);
    expect(status(rs)).toEqual({
      replicas: 2,
      fullyLabeledReplicas: 2,
      readyReplicas: 2,
      availableReplicas: 2,
      observedGeneration: 1,
    });
  });

  it('scales 3 → 5 → 1 through its ReplicaSet', async () => {
    await c.createDeployment('web', 3);
    await c.readyAll();
    const name = c.replicaSets()[0]?.metadata.name;
    await update('web', (d) => {
      (d.spec as { replicas: number }).replicas = 5;
    });
    await c.readyAll();
    expect(c.pods()).toHaveLength(5);
    await update('web', (d) => {
      (d.spec as { replicas: number }).replicas = 1;
    });
    expect(c.pods()).toHaveLength(1);
    expect(replicas(c.replicaSets()[0] as KubeObject)).toBe(1);
    expect(messages('ScalingReplicaSet')).toEqual([
      `Scaled up replica set ${name} from 0 to 3`,
      `Scaled up replica set ${name} from 3 to 5`,
      `Scaled down replica set ${name} from 5 to 1`,
    ]);
    expect(messages('SuccessfulDelete')).toHaveLength(4);
  });

  it('rolls a new template out within maxSurge, then keeps the old ReplicaSet at 0', async () => {
    await c.createDeployment('web', 3);
    await c.readyAll();
    const old = c.replicaSets()[0]?.metadata.name;
    await update('web', (d) => {
      setImage(d, 'nginx:1.27');
    });
    let most = 0;
    for (;;) {
      most = Math.max(most, c.pods().filter((p) => !p.metadata.deletionTimestamp).length);
      const pending = c.pods().filter((p) => (p.status as { phase?: string }).phase !== 'Running');
      if (pending.length === 0) break;
      await c.markReady(pending[0] as KubeObject);
      await c.settle();
    }
    expect(most).toBe(4);
    const sets = c.replicaSets();
    expect(sets.map((rs) => [rs.metadata.name === old, replicas(rs)]).sort()).toEqual([
      [false, 3],
      [true, 0],
    ]);
    const current = sets.find((rs) => rs.metadata.name !== old);
    expect(current?.metadata.annotations?.['deployment.kubernetes.io/revision']).toBe('2');
    expect(c.deployment('web')?.metadata.annotations?.['deployment.kubernetes.io/revision']).toBe(
      '2',
    );
    expect(status(c.deployment('web'))).toMatchObject({
      replicas: 3,
      updatedReplicas: 3,
      availableReplicas: 3,
    });
  });

  it('with Recreate, scales the old ReplicaSet to 0 before the new one starts', async () => {
    await c.createDeployment('web', 2, 'nginx:1.25', { strategy: { type: 'Recreate' } });
    await c.readyAll();
    await update('web', (d) => {
      setImage(d, 'nginx:1.27');
    });
    await c.readyAll();
    const images = c.pods().map((p) => (p.spec as PodSpec).containers[0]?.image);
    expect(images).toEqual(['nginx:1.27', 'nginx:1.27']);
    const scaling = messages('ScalingReplicaSet');
    expect(scaling[1]).toMatch(/^Scaled down replica set web-\w+ from 2 to 0$/);
    expect(scaling[2]).toMatch(/^Scaled up replica set web-\w+ from 0 to 2$/);
  });

  it('replaces a deleted pod', async () => {
    await c.createDeployment('web', 2);
    const [victim] = c.pods();
    await c.registry.delete(PODS, 'default', victim?.metadata.name ?? '');
    await c.settle();
    const pods = c.pods();
    expect(pods).toHaveLength(2);
    expect(pods.map((p) => p.metadata.name)).not.toContain(victim?.metadata.name);
  });

  it('keeps revisionHistoryLimit old ReplicaSets', async () => {
    await c.createDeployment('web', 1, 'nginx:1.25', { revisionHistoryLimit: 1 });
    for (const image of ['nginx:1.27', 'busybox:1.36', 'debian']) {
      await c.readyAll();
      await update('web', (d) => {
        setImage(d, image);
      });
    }
    await c.readyAll();
    const revisions = c
      .replicaSets()
      .map((rs) => rs.metadata.annotations?.['deployment.kubernetes.io/revision']);
    expect(revisions.sort()).toEqual(['3', '4']);
  });

  it('does not roll out while paused', async () => {
    await c.createDeployment('web', 1);
    await c.readyAll();
    await update('web', (d) => {
      (d.spec as { paused?: boolean }).paused = true;
      setImage(d, 'nginx:1.27');
    });
    expect(c.replicaSets()).toHaveLength(1);
    const progressing = (
      status(c.deployment('web')).conditions as { type: string; status: string; reason: string }[]
    ).find((x) => x.type === 'Progressing');
    expect(progressing).toMatchObject({ status: 'Unknown', reason: 'DeploymentPaused' });
  });
});
