/**
 * The scheduling queue on a manual clock: back-off after failures, the 5-minute flush, and the
 * queueing hints deciding which cluster changes bring a parked pod back.
 */
import { describe, expect, it } from 'vitest';
import { SimClock } from '../clock.js';
import type { KubeObject } from '../kube-object.js';
import type { PluginName } from './filters.js';
import { type QueuedPod, SchedulingQueue } from './scheduling-queue.js';

function harness() {
  const clock = new SimClock({ speed: 0, start: new Date('2025-03-01T10:00:00Z') });
  const queue = new SchedulingQueue(clock, () => {});
  queue.start();
  /** Pops the next pod and fails it right away, as a scheduling cycle would. */
  const fail = (plugins: PluginName[]) => {
    const info = queue.pop() as QueuedPod;
    queue.addUnschedulable(info, new Set(plugins));
    return info;
  };
  const popName = () => queue.pop()?.pod.metadata.name;
  return { clock, queue, fail, popName };
}

const pod = (name: string, spec: Record<string, unknown> = {}): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: 'default', resourceVersion: '1' },
  spec: { containers: [{ name: 'app', image: 'busybox' }], ...spec },
});

const node = (labels: Record<string, string>, spec: Record<string, unknown> = {}): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Node',
  metadata: { name: 'pod-course-worker2', labels },
  spec,
  status: { allocatable: { cpu: '2', memory: '8Gi', pods: '110' } },
});

describe('SchedulingQueue', () => {
  it('pops higher priority first, then the earliest', async () => {
    const { clock, queue, popName } = harness();
    queue.add(pod('first'));
    await clock.advance(1);
    queue.add(pod('second'));
    queue.add(pod('urgent', { priority: 100 }));
    expect([popName(), popName(), popName(), popName()]).toEqual([
      'urgent',
      'first',
      'second',
      undefined,
    ]);
  });

  it('backs off 1 s after the first failure, doubling per attempt up to 10 s', async () => {
    const { clock, queue, fail, popName } = harness();
    const selective = pod('web', { nodeSelector: { disktype: 'ssd' } });
    queue.add(selective);
    const waits: number[] = [];
    for (let attempt = 1; attempt <= 6; attempt++) {
      fail(['NodeAffinity']);
      // A node change that helps moves it on, but not before its back-off is over.
      queue.clusterChanged({ kind: 'node', old: node({}), node: node({ disktype: 'ssd' }) });
      let waited = 0;
      while (queue.activeCount === 0) {
        await clock.advance(500);
        waited += 500;
      }
      waits.push(waited);
    }
    expect(popName()).toBe('web');
    expect(waits).toEqual([1000, 2000, 4000, 8000, 10000, 10000]);
  });

  it('leaves a parked pod alone when a change cannot help, and flushes it after 5 minutes', async () => {
    const { clock, queue, fail } = harness();
    queue.add(pod('web', { nodeSelector: { disktype: 'ssd' } }));
    fail(['NodeAffinity', 'TaintToleration']);
    // A label the pod does not ask for, a node that still does not match: skipped.
    queue.clusterChanged({ kind: 'node', old: node({}), node: node({ zone: 'a' }) });
    queue.clusterChanged({ kind: 'assigned-pod-gone', pod: pod('other', { nodeName: 'x' }) });
    await clock.advance(5 * 60_000);
    expect(queue.activeCount).toBe(0);
    // Checked every 30 s; moved once it has waited more than 5 minutes.
    await clock.advance(30_000);
    expect(queue.activeCount).toBe(1);
  });

  it('requeues for the plugins that rejected the pod', async () => {
    const { clock, queue, fail, popName } = harness();
    queue.add(
      pod('big', {
        containers: [{ name: 'a', image: 'x', resources: { requests: { cpu: '1' } } }],
      }),
    );
    fail(['NodeResourcesFit']);
    // A bound pod going away may free resources: retried once the back-off is over.
    queue.clusterChanged({ kind: 'assigned-pod-gone', pod: pod('other', { nodeName: 'x' }) });
    await clock.advance(1000);
    expect(popName()).toBe('big');

    queue.add(pod('shy'));
    fail(['TaintToleration']);
    const untainted = node({}, { taints: [] });
    const tainted = node({}, { taints: [{ key: 'k', effect: 'NoSchedule' }] });
    queue.clusterChanged({ kind: 'node', old: untainted, node: tainted });
    await clock.advance(1000);
    expect(popName()).toBeUndefined();
    queue.clusterChanged({ kind: 'node', old: tainted, node: untainted });
    expect(popName()).toBe('shy');

    // A toleration added to the parked pod itself.
    const waiting = pod('waiting');
    queue.add(waiting);
    fail(['TaintToleration']);
    await clock.advance(1000);
    const tolerant = pod('waiting', { tolerations: [{ operator: 'Exists' }] });
    queue.update(waiting, tolerant);
    expect(queue.pop()?.pod).toBe(tolerant);
  });

  it('holds gated pods until their gates are removed', () => {
    const { queue, popName } = harness();
    const gated = pod('gated', { schedulingGates: [{ name: 'wait' }] });
    queue.add(gated);
    expect(popName()).toBeUndefined();
    queue.update(gated, pod('gated'));
    expect(popName()).toBe('gated');
  });

  it('a pod deleted during its attempt is not parked', () => {
    const { queue, popName } = harness();
    const web = pod('web');
    queue.add(web);
    const info = queue.pop() as QueuedPod;
    queue.delete(web);
    queue.addUnschedulable(info, new Set(['NodeAffinity']));
    queue.clusterChanged({ kind: 'node', old: undefined, node: node({}) });
    expect(popName()).toBeUndefined();
  });
});
