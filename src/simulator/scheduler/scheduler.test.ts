/**
 * The scheduler against the simulator's registry and store (in memory, manual clock): pods are
 * bound, or left Pending with the condition and events a real scheduler writes, and retried
 * when the cluster changes.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  type MemoryCluster,
  memoryCluster,
  NODES,
  PODS,
} from '../events/memory-cluster.test-support.js';
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

const CONTROL_PLANE_TAINT =
  '1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }';

async function create(name: string, spec: Record<string, unknown> = {}) {
  await cluster.createPod({
    metadata: { name },
    spec: { containers: [{ name: 'app', image: 'nginx' }], ...spec },
  });
  await scheduler.idle();
  return getPod(name);
}

function getPod(name: string) {
  return cluster.registry.storage.get('pods', 'default', name) as KubeObject & {
    spec: { nodeName?: string };
    status: { conditions?: Record<string, unknown>[] };
  };
}

const eventsFor = (name: string) =>
  cluster.events().filter((e) => (e.involvedObject as { name?: string }).name === name);

async function advance(ms: number) {
  await cluster.clock.advance(ms);
  await scheduler.idle();
}

describe('Scheduler', () => {
  it('binds a pod with nodeSelector disktype=ssd to pod-course-worker and says so', async () => {
    const pod = await create('web', { nodeSelector: { disktype: 'ssd' } });
    expect(pod.spec.nodeName).toBe('pod-course-worker');
    expect(pod.status.conditions).toEqual([
      {
        type: 'PodScheduled',
        status: 'True',
        lastProbeTime: null,
        lastTransitionTime: '2025-03-01T10:00:00Z',
      },
    ]);
    const [event, ...rest] = eventsFor('web');
    expect(rest).toEqual([]);
    expect(event).toMatchObject({
      type: 'Normal',
      reason: 'Scheduled',
      message: 'Successfully assigned default/web to pod-course-worker',
      action: 'Binding',
      reportingComponent: 'default-scheduler',
      reportingInstance: 'default-scheduler-pod-course-control-plane',
      source: {},
      eventTime: '2025-03-01T10:00:00.000000Z',
    });
  });

  it('leaves a pod no node fits Pending: condition and FailedScheduling event', async () => {
    const pod = await create('picky', { nodeSelector: { disktype: 'hdd' } });
    const message = `0/3 nodes are available: ${CONTROL_PLANE_TAINT}, 2 node(s) didn't match Pod's node affinity/selector. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.`;
    expect(pod.spec.nodeName).toBeUndefined();
    expect(pod.status.conditions).toEqual([
      {
        type: 'PodScheduled',
        status: 'False',
        lastProbeTime: null,
        lastTransitionTime: '2025-03-01T10:00:00Z',
        reason: 'Unschedulable',
        message,
      },
    ]);
    expect(eventsFor('picky')).toMatchObject([
      { type: 'Warning', reason: 'FailedScheduling', action: 'Scheduling', message },
    ]);
  });

  it('schedules onto the control plane only with a toleration for its taint', async () => {
    const selector = { 'kubernetes.io/hostname': 'pod-course-control-plane' };
    const refused = await create('refused', { nodeSelector: selector });
    expect(refused.spec.nodeName).toBeUndefined();
    expect(eventsFor('refused')[0]?.message).toBe(
      `0/3 nodes are available: ${CONTROL_PLANE_TAINT}, 2 node(s) didn't match Pod's node affinity/selector. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.`,
    );
    const tolerant = await create('tolerant', {
      nodeSelector: selector,
      tolerations: [
        { key: 'node-role.kubernetes.io/control-plane', operator: 'Exists', effect: 'NoSchedule' },
      ],
    });
    expect(tolerant.spec.nodeName).toBe('pod-course-control-plane');
  });

  it('reports Insufficient cpu for requests no worker can hold', async () => {
    await create('huge', {
      containers: [{ name: 'app', image: 'nginx', resources: { requests: { cpu: '3' } } }],
    });
    expect(eventsFor('huge')[0]?.message).toBe(
      `0/3 nodes are available: ${CONTROL_PLANE_TAINT}, 2 Insufficient cpu. preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, 2 No preemption victims found for incoming pod.`,
    );
  });

  it('schedules the pending pod once a node gets the missing label', async () => {
    await create('waiting', { nodeSelector: { disktype: 'nvme' } });
    const worker2 = cluster.registry.storage.get('nodes', '', 'pod-course-worker2') as KubeObject;
    worker2.metadata.labels = { ...worker2.metadata.labels, disktype: 'nvme' };
    await cluster.registry.update(NODES, '', 'pod-course-worker2', worker2);
    // The label change queues the pod; its first back-off (1 s) is not over yet.
    await scheduler.idle();
    expect(getPod('waiting').spec.nodeName).toBeUndefined();
    await advance(1000);
    const pod = getPod('waiting');
    expect(pod.spec.nodeName).toBe('pod-course-worker2');
    expect(pod.status.conditions).toMatchObject([{ type: 'PodScheduled', status: 'True' }]);
    expect(eventsFor('waiting').map((e) => e.reason)).toEqual(['FailedScheduling', 'Scheduled']);
  });

  it('schedules a waiting pod when a pod holding the cpu goes away', async () => {
    const cpu = (amount: string) => ({
      containers: [{ name: 'app', image: 'nginx', resources: { requests: { cpu: amount } } }],
    });
    await create('hog1', cpu('1500m'));
    await create('hog2', cpu('1500m'));
    expect(getPod('hog1').spec.nodeName).toBe('pod-course-worker');
    expect(getPod('hog2').spec.nodeName).toBe('pod-course-worker2');
    await create('late', cpu('1'));
    expect(getPod('late').spec.nodeName).toBeUndefined();
    await cluster.registry.delete(PODS, 'default', 'hog2', { gracePeriodSeconds: 0 });
    await advance(1000);
    expect(getPod('late').spec.nodeName).toBe('pod-course-worker2');
  });

  it('breaks ties by fewest pods, then by name', async () => {
    const placed: string[] = [];
    for (const name of ['a', 'b', 'c', 'd']) placed.push((await create(name)).spec.nodeName ?? '');
    expect(placed).toEqual([
      'pod-course-worker',
      'pod-course-worker2',
      'pod-course-worker',
      'pod-course-worker2',
    ]);
  });

  it('spreads pods created in one burst as it would one by one', async () => {
    await Promise.all(['x1', 'x2', 'x3'].map((name) => cluster.createPod({ metadata: { name } })));
    await scheduler.idle();
    const nodes = ['x1', 'x2', 'x3'].map((name) => getPod(name).spec.nodeName);
    expect(nodes.sort()).toEqual(['pod-course-worker', 'pod-course-worker', 'pod-course-worker2']);
  });

  it('leaves pods with a nodeName, or for another scheduler, alone', async () => {
    const pinned = await create('pinned', { nodeName: 'pod-course-control-plane' });
    expect(pinned.status.conditions).toBeUndefined();
    const other = await create('other', { schedulerName: 'my-scheduler' });
    expect(other.spec.nodeName).toBeUndefined();
    expect(other.status.conditions).toBeUndefined();
    expect(cluster.events()).toEqual([]);
  });

  it('retries an unschedulable pod after 5 minutes without spamming events', async () => {
    await create('stuck', { nodeSelector: { disktype: 'hdd' } });
    await advance(5 * 60_000);
    expect(eventsFor('stuck')).toHaveLength(1);
    await advance(30_000);
    // The second attempt's pod carries the resourceVersion the first failure's status write
    // gave it: another object for the events recorder, so a second event.
    expect(eventsFor('stuck')).toHaveLength(2);
    for (let i = 0; i < 4; i++) await advance(5.5 * 60_000);
    const events = eventsFor('stuck');
    expect(events).toHaveLength(2);
    expect(events[1]).toMatchObject({ series: { count: expect.any(Number) } });
    const condition = getPod('stuck').status.conditions?.[0];
    expect(condition).toMatchObject({
      status: 'False',
      lastTransitionTime: '2025-03-01T10:00:00Z',
    });
  });

  it('picks up pods that were pending before it started', async () => {
    scheduler.stop();
    await cluster.createPod({ metadata: { name: 'early' } });
    scheduler = new Scheduler(cluster.registry, { clock: cluster.clock });
    scheduler.start();
    await scheduler.idle();
    expect(getPod('early').spec.nodeName).toBe('pod-course-worker');
    // It counts pods bound before it started.
    expect((await create('next')).spec.nodeName).toBe('pod-course-worker2');
  });

  it('forgets a pod deleted while pending', async () => {
    await create('gone', { nodeSelector: { disktype: 'hdd' } });
    await cluster.registry.delete(PODS, 'default', 'gone');
    await advance(6 * 60_000);
    expect(eventsFor('gone')).toHaveLength(1);
  });
});
