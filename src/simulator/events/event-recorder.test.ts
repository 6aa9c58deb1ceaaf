/**
 * Both recorders writing through the simulator's registry: what lands in the API, and how
 * repeats are folded into earlier events.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { KubeObject } from '../kube-object.js';
import { EventRecorder } from './event-recorder.js';
import { EVENTS, type MemoryCluster, memoryCluster } from './memory-cluster.test-support.js';
import { objectReference } from './object-reference.js';

let cluster: MemoryCluster;
let recorder: EventRecorder;
let pod: KubeObject;
const errors: unknown[] = [];

beforeEach(async () => {
  cluster = await memoryCluster();
  recorder = new EventRecorder(cluster.registry, {
    clock: cluster.clock,
    onError: (e) => errors.push(e),
  });
  pod = await cluster.createPod({ metadata: { name: 'web' } });
  errors.length = 0;
});

const KUBELET = { component: 'kubelet', host: 'pod-course-worker' };
const SCHEDULER = {
  reportingController: 'default-scheduler',
  reportingInstance: 'default-scheduler-pod-course-control-plane',
  action: 'Scheduling',
  fieldManager: 'kube-scheduler',
};

describe('legacy recorder (kubelet, controllers)', () => {
  it('writes the event a kubelet writes', async () => {
    await recorder.recordEvent(
      objectReference(pod, 'spec.containers{app}'),
      'Normal',
      'Pulling',
      'Pulling image "busybox"',
      KUBELET,
    );
    const [event, ...rest] = cluster.events();
    expect(rest).toEqual([]);
    expect(event?.metadata.name).toMatch(/^web\.[0-9a-f]{16}$/);
    // The name is the clock's UnixNano in hex.
    expect(BigInt(`0x${event?.metadata.name?.slice(4)}`) / 1_000_000n).toBe(
      BigInt(Date.parse('2025-03-01T10:00:00Z')),
    );
    const { metadata, ...body } = event as KubeObject;
    expect(metadata.namespace).toBe('default');
    expect(body).toEqual({
      kind: 'Event',
      apiVersion: 'v1',
      involvedObject: {
        kind: 'Pod',
        namespace: 'default',
        name: 'web',
        uid: pod.metadata.uid,
        apiVersion: 'v1',
        resourceVersion: pod.metadata.resourceVersion,
        fieldPath: 'spec.containers{app}',
      },
      reason: 'Pulling',
      message: 'Pulling image "busybox"',
      source: { component: 'kubelet', host: 'pod-course-worker' },
      firstTimestamp: '2025-03-01T10:00:00Z',
      lastTimestamp: '2025-03-01T10:00:00Z',
      count: 1,
      type: 'Normal',
      eventTime: null,
      reportingComponent: 'kubelet',
      reportingInstance: 'pod-course-worker',
    });
    // Field order as Go serialises it.
    expect(Object.keys(body)).toEqual([
      'kind',
      'apiVersion',
      'involvedObject',
      'reason',
      'message',
      'source',
      'firstTimestamp',
      'lastTimestamp',
      'count',
      'type',
      'eventTime',
      'reportingComponent',
      'reportingInstance',
    ]);
  });

  it('gives events about one object in the same millisecond distinct names', async () => {
    for (const reason of ['Pulled', 'Created', 'Started']) {
      void recorder.recordEvent(pod, 'Normal', reason, reason, KUBELET);
    }
    await recorder.idle();
    const names = cluster.events().map((e) => e.metadata.name);
    expect(new Set(names).size).toBe(3);
    expect(errors).toEqual([]);
  });

  it('counts a repeat on the first event, and re-creates it under its name when it is gone', async () => {
    const message = 'Back-off restarting failed container app in pod web_default(x)';
    await recorder.recordEvent(pod, 'Warning', 'BackOff', message, KUBELET);
    await cluster.clock.advance(40_000);
    await recorder.recordEvent(pod, 'Warning', 'BackOff', message, KUBELET);
    const [event] = cluster.events();
    expect(cluster.events()).toHaveLength(1);
    expect(event).toMatchObject({
      count: 2,
      firstTimestamp: '2025-03-01T10:00:00Z',
      lastTimestamp: '2025-03-01T10:00:40Z',
    });

    // Deleted (a real server expires events after an hour): the next repeat POSTs it again.
    const name = event?.metadata.name ?? '';
    await cluster.registry.delete(EVENTS, 'default', name);
    await cluster.clock.advance(10_000);
    await recorder.recordEvent(pod, 'Warning', 'BackOff', message, KUBELET);
    expect(cluster.events()).toMatchObject([
      {
        metadata: { name },
        count: 3,
        firstTimestamp: '2025-03-01T10:00:00Z',
        lastTimestamp: '2025-03-01T10:00:50Z',
      },
    ]);
    expect(errors).toEqual([]);
  });

  it('gives controllers an empty reportingInstance and the default namespace to cluster objects', async () => {
    const node = cluster.registry.storage.get('nodes', '', 'pod-course-worker') as KubeObject;
    await recorder.recordEvent(
      node,
      'Normal',
      'NodeReady',
      'Node pod-course-worker status is now: NodeReady',
      {
        component: 'node-controller',
      },
    );
    const [event] = cluster.events('default');
    expect(event).toMatchObject({
      source: { component: 'node-controller' },
      reportingComponent: 'node-controller',
      reportingInstance: '',
      involvedObject: { kind: 'Node', name: 'pod-course-worker' },
    });
  });
  it('quietly gives up on events whose namespace is gone', async () => {
    const ref = { kind: 'Pod', namespace: 'deleted', name: 'ghost', uid: 'u', apiVersion: 'v1' };
    await recorder.recordEvent(ref, 'Normal', 'Killing', 'Stopping container app', KUBELET);
    await recorder.recordEvent(ref, 'Normal', 'Scheduled', 'x', SCHEDULER);
    expect(cluster.registry.storage.list('events').items).toEqual([]);
    expect(errors).toEqual([]);
  });
});

describe('events.k8s.io recorder (scheduler)', () => {
  it('writes what a scheduler event looks like through core/v1', async () => {
    await recorder.recordEvent(
      pod,
      'Normal',
      'Scheduled',
      'Successfully assigned default/web to pod-course-worker',
      {
        ...SCHEDULER,
        action: 'Binding',
      },
    );
    const [event] = cluster.events();
    const { metadata, ...body } = event as KubeObject;
    expect(metadata.name).toMatch(/^web\.[0-9a-f]{16}$/);
    expect(body).toEqual({
      kind: 'Event',
      apiVersion: 'v1',
      involvedObject: {
        kind: 'Pod',
        namespace: 'default',
        name: 'web',
        uid: pod.metadata.uid,
        apiVersion: 'v1',
        resourceVersion: pod.metadata.resourceVersion,
      },
      reason: 'Scheduled',
      message: 'Successfully assigned default/web to pod-course-worker',
      source: {},
      firstTimestamp: null,
      lastTimestamp: null,
      type: 'Normal',
      eventTime: '2025-03-01T10:00:00.000000Z',
      action: 'Binding',
      reportingComponent: 'default-scheduler',
      reportingInstance: 'default-scheduler-pod-course-control-plane',
    });
    expect(metadata.managedFields).toMatchObject([{ manager: 'kube-scheduler' }]);
  });

  it('patches series {count: 2} on the first repeat, counts later ones until the series finishes', async () => {
    const note = "0/3 nodes are available: 3 node(s) didn't match Pod's node affinity/selector.";
    await recorder.recordEvent(pod, 'Warning', 'FailedScheduling', note, SCHEDULER);
    const [first] = cluster.events();
    expect(first).not.toHaveProperty('series');

    await cluster.clock.advance(60_000);
    await recorder.recordEvent(pod, 'Warning', 'FailedScheduling', note, SCHEDULER);
    expect(cluster.events()).toMatchObject([
      {
        metadata: { name: first?.metadata.name },
        series: { count: 2, lastObservedTime: '2025-03-01T10:01:00.000000Z' },
      },
    ]);

    // Later repeats, even with another message, only count in memory; the text stays.
    await cluster.clock.advance(60_000);
    await recorder.recordEvent(pod, 'Warning', 'FailedScheduling', 'another message', SCHEDULER);
    await recorder.recordEvent(pod, 'Warning', 'FailedScheduling', note, SCHEDULER);
    expect(cluster.events()).toMatchObject([{ message: note, series: { count: 2 } }]);

    // Six minutes without a repeat: the finishing tick writes the final count.
    await cluster.clock.advance(12 * 60_000);
    await recorder.idle();
    expect(cluster.events()).toMatchObject([
      { message: note, series: { count: 4, lastObservedTime: '2025-03-01T10:02:00.000000Z' } },
    ]);

    // After that the series is over: the next occurrence is a new event.
    await recorder.recordEvent(pod, 'Warning', 'FailedScheduling', note, SCHEDULER);
    expect(cluster.events()).toHaveLength(2);
    expect(errors).toEqual([]);
  });

  it('treats another resourceVersion of the pod as another object', async () => {
    const note = 'same note';
    await recorder.recordEvent(pod, 'Warning', 'FailedScheduling', note, SCHEDULER);
    const newer = { ...pod, metadata: { ...pod.metadata, resourceVersion: '999999' } };
    await recorder.recordEvent(newer, 'Warning', 'FailedScheduling', note, SCHEDULER);
    expect(cluster.events()).toHaveLength(2);
  });
});
