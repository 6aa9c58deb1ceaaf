/**
 * Recorded events as the real kubectl shows them: `describe pod` (From, the `(xN over …)` of
 * repeats), `kubectl events`, `get events -o wide` (SOURCE, COUNT).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KUBECTL, NO_KUBECTL_REASON } from '../../../test/support/kubectl.js';
import { startTestCluster, type TestCluster } from '../../../test/support/simulator.js';
import type { KubeObject } from '../kube-object.js';
import { EventRecorder } from './event-recorder.js';
import { objectReference } from './object-reference.js';

let cluster: TestCluster;
let recorder: EventRecorder;
let pod: KubeObject;
const errors: unknown[] = [];

async function kubectl(args: string[], input?: string) {
  const result = await cluster.kubectl(args, input === undefined ? {} : { input });
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  return result.stdout;
}

const BACKOFF = 'Back-off restarting failed container app in pod crasher_default(uid)';

describe.skipIf(!KUBECTL)(
  `recorded events through kubectl${KUBECTL ? '' : ` (${NO_KUBECTL_REASON})`}`,
  () => {
    beforeAll(async () => {
      cluster = await startTestCluster();
      recorder = new EventRecorder(cluster.simulator.registry, {
        clock: cluster.simulator.clock,
        onError: (e) => errors.push(e),
      });
      await kubectl(
        ['apply', '-f', '-'],
        'apiVersion: v1\nkind: Pod\nmetadata:\n  name: crasher\nspec:\n  schedulerName: nobody\n  containers:\n  - name: app\n    image: busybox\n',
      );
      pod = cluster.simulator.registry.storage.get('pods', 'default', 'crasher') as KubeObject;
      const kubelet = { component: 'kubelet', host: 'pod-course-worker' };
      const container = objectReference(pod, 'spec.containers{app}');
      await recorder.recordEvent(
        container,
        'Normal',
        'Pulled',
        'Container image "busybox" already present on machine',
        kubelet,
      );
      for (let i = 0; i < 3; i++)
        await recorder.recordEvent(container, 'Warning', 'BackOff', BACKOFF, kubelet);
      await recorder.recordEvent(
        pod,
        'Warning',
        'FailedScheduling',
        'no nodes available to schedule pods',
        {
          reportingController: 'default-scheduler',
          reportingInstance: 'default-scheduler-pod-course-control-plane',
          action: 'Scheduling',
        },
      );
    });

    afterAll(async () => {
      recorder?.stop();
      await cluster?.stop();
      expect(errors).toEqual([]);
    });

    it('describe pod lists them with their source and repeat counts', async () => {
      const out = await kubectl(['describe', 'pod', 'crasher']);
      const events = out.slice(out.indexOf('Events:'));
      expect(events).toMatch(/^ {2}Type +Reason +Age +From +Message$/m);
      expect(events).toMatch(
        /^ {2}Normal +Pulled +\S+ +kubelet +Container image "busybox" already present on machine$/m,
      );
      expect(events).toMatch(
        new RegExp(
          `^ {2}Warning +BackOff +\\S+ \\(x3 over \\S+\\) +kubelet +${escapeRegExp(BACKOFF)}$`,
          'm',
        ),
      );
      expect(events).toMatch(
        /^ {2}Warning +FailedScheduling +\S+ +default-scheduler +no nodes available to schedule pods$/m,
      );
    });

    it('kubectl events shows the counts too', async () => {
      const out = await kubectl(['events', '--for', 'pod/crasher']);
      expect(out).toMatch(
        new RegExp(`\\(x3 over \\S+\\) +Warning +BackOff +Pod/crasher +${escapeRegExp(BACKOFF)}`),
      );
    });

    it('get events -o wide has the subobject, source and count', async () => {
      const out = await kubectl(['get', 'events', '-o', 'wide']);
      const backoff = out.split('\n').find((line) => line.includes('BackOff'));
      expect(backoff).toMatch(
        /pod\/crasher +spec\.containers\{app\} +kubelet, pod-course-worker +/,
      );
      expect(backoff).toMatch(/ 3 +crasher\.[0-9a-f]{16}$/);
    });
  },
);

function escapeRegExp(text: string) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
