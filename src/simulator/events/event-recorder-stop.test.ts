/**
 * Shutdown: the simulator stops its recorders before it closes the store, so events still
 * queued are dropped instead of failing against a closed store (which printed
 * `StoreUnavailableError: the object store is closed` traces on every stop).
 */
import { describe, expect, it } from 'vitest';
import { EventRecorder } from './event-recorder.js';
import { memoryCluster } from './memory-cluster.test-support.js';
import { objectReference } from './object-reference.js';

const KUBELET = { component: 'kubelet', host: 'pod-course-worker' };
const SCHEDULER = {
  reportingController: 'default-scheduler',
  reportingInstance: 'default-scheduler-pod-course-control-plane',
  action: 'Scheduling',
};

describe('stopping an event recorder', () => {
  it('drops queued events, finishes the write under way, and reports no error once the store closes', async () => {
    const cluster = await memoryCluster();
    const errors: unknown[] = [];
    const recorder = new EventRecorder(cluster.registry, {
      clock: cluster.clock,
      onError: (error) => errors.push(error),
    });
    const pods = await Promise.all(
      ['a', 'b', 'c'].map((name) => cluster.createPod({ metadata: { name } })),
    );
    const recorded: Promise<void>[] = [];
    for (const pod of pods) {
      for (let i = 0; i < 20; i++) {
        recorded.push(
          recorder.recordEvent(
            objectReference(pod),
            'Normal',
            `Reason${i}`,
            `message ${i}`,
            KUBELET,
          ),
          recorder.recordEvent(pod, 'Warning', 'FailedScheduling', `attempt ${i}`, SCHEDULER),
        );
      }
    }
    recorder.stop();
    await recorder.idle();
    await cluster.registry.storage.close();
    await Promise.all(recorded);
    // Later recordings (a kubelet still stopping its containers) are dropped too.
    await recorder.recordEvent(
      objectReference(pods[0] as never),
      'Normal',
      'Killing',
      'x',
      KUBELET,
    );
    expect(errors).toEqual([]);
    // At most the writes already under way when it stopped reached the store.
    expect(cluster.events().length).toBeLessThan(10);
  });
});
