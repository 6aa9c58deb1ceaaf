/**
 * The scheduler with inter-pod affinity against the simulator's registry (in memory, manual
 * clock): a pod waiting for its peer is retried as soon as the peer is bound, whoever binds it.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type MemoryCluster, memoryCluster, PODS } from '../events/memory-cluster.test-support.js';
import type { KubeObject } from '../kube-object.js';
import { Scheduler } from './scheduler.js';

let cluster: MemoryCluster;
let scheduler: Scheduler;
const errors: unknown[] = [];

beforeEach(async () => {
  cluster = await memoryCluster();
  errors.length = 0;
  scheduler = new Scheduler(cluster.registry, {
    clock: cluster.clock,
    onError: (e) => errors.push(e),
  });
  scheduler.start();
});

afterEach(() => {
  scheduler.stop();
  expect(errors).toEqual([]);
});

const WAITING =
  "0/3 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 2 node(s) didn't match pod affinity rules. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.";

const besideWeb = {
  affinity: {
    podAffinity: {
      requiredDuringSchedulingIgnoredDuringExecution: [
        { labelSelector: { matchLabels: { app: 'web' } }, topologyKey: 'kubernetes.io/hostname' },
      ],
    },
  },
};

async function create(name: string, labels: Record<string, string>, spec = {}) {
  await cluster.createPod({
    metadata: { name, labels },
    spec: { containers: [{ name: 'app', image: 'nginx' }], ...spec },
  });
  await scheduler.idle();
}

function nodeOf(name: string) {
  const pod = cluster.registry.storage.get('pods', 'default', name) as KubeObject;
  return (pod.spec as { nodeName?: string }).nodeName;
}

const eventsFor = (name: string) =>
  cluster.events().filter((e) => (e.involvedObject as { name?: string }).name === name);

async function advance(ms: number) {
  await cluster.clock.advance(ms);
  await scheduler.idle();
}

describe('Scheduler with pod affinity', () => {
  it('follows a peer bound earlier, though fewest pods would pick the other worker', async () => {
    await create('filler', {});
    await create('web', { app: 'web' });
    expect([nodeOf('filler'), nodeOf('web')]).toEqual(['pod-course-worker', 'pod-course-worker2']);
    await create('other', {});
    expect(nodeOf('other')).toBe('pod-course-worker');
    await create('helper', {}, besideWeb);
    expect(nodeOf('helper')).toBe('pod-course-worker2');
  });

  it('waits for its peer, then goes where the scheduler binds it', async () => {
    await create('helper', {}, besideWeb);
    expect(nodeOf('helper')).toBeUndefined();
    expect(eventsFor('helper')).toMatchObject([{ reason: 'FailedScheduling', message: WAITING }]);
    await create(
      'web',
      { app: 'web' },
      { nodeSelector: { 'kubernetes.io/hostname': 'pod-course-worker2' } },
    );
    expect(nodeOf('web')).toBe('pod-course-worker2');
    // Retried at once, after the first attempt's back-off (1 s): not after the 5-minute flush.
    await advance(1000);
    expect(nodeOf('helper')).toBe('pod-course-worker2');
    expect(eventsFor('helper').map((e) => e.reason)).toEqual(['FailedScheduling', 'Scheduled']);
  });

  it('retries when the peer is created already bound, or gets the label later', async () => {
    await create('helper', {}, besideWeb);
    await create('pinned', { app: 'web' }, { nodeName: 'pod-course-worker2' });
    await advance(1000);
    expect(nodeOf('helper')).toBe('pod-course-worker2');

    await create('helper2', {}, { ...besideWeb, nodeSelector: { disktype: 'ssd' } });
    expect(nodeOf('helper2')).toBeUndefined();
    await create('plain', {}, { nodeName: 'pod-course-worker' });
    const plain = cluster.registry.storage.get('pods', 'default', 'plain') as KubeObject;
    plain.metadata.labels = { app: 'web' };
    await cluster.registry.update(PODS, 'default', 'plain', plain);
    await advance(2000);
    expect(nodeOf('helper2')).toBe('pod-course-worker');
  });
});
