import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SimClock } from '../../src/simulator/clock.js';
import { KUBECTL, NO_KUBECTL_REASON } from '../support/kubectl.js';
import { startTestCluster, type TestCluster } from '../support/simulator.js';
import { untilJsonpath } from './helpers.js';

/**
 * A pod deleted before its containers ever ran: nothing runs that could need its grace period,
 * so the kubelet tears the sandbox down and the pod goes as soon as the sync under way (here an
 * image pull) has returned (pod-facts.md §4.5). On a clock that stands still until the test
 * advances it past the pull, but never near the 30 s grace period.
 */
describe.skipIf(!KUBECTL)(
  `real kubectl: a pod deleted while ContainerCreating${KUBECTL ? '' : ` (${NO_KUBECTL_REASON})`}`,
  () => {
    let cluster: TestCluster;
    let clock: SimClock;

    beforeAll(async () => {
      clock = new SimClock({ speed: 0 });
      cluster = await startTestCluster({ clock });
    });
    afterAll(async () => {
      await cluster?.stop();
    });

    it('goes once the image pull has ended, without waiting for its grace period', async () => {
      const run = await cluster.kubectl(['run', 'early', '--image=nginx:1.27']);
      expect(run.code, run.stderr).toBe(0);
      // The kubelet has the sandbox: the pull's simulated time is on the clock.
      await untilJsonpath(cluster.kubectl, ['pod', 'early'], '{.status.podIP}', Boolean);
      const deleted = await cluster.kubectl(['delete', 'pod', 'early', '--wait=false']);
      expect(deleted.code, deleted.stderr).toBe(0);
      await clock.advance(3000);
      // Gone already, or going: kubectl says nothing for a pod it no longer finds.
      const gone = await cluster.kubectl(['wait', '--for=delete', 'pod/early', '--timeout=10s']);
      expect(gone.code, gone.stderr).toBe(0);
      expect(['', 'pod/early condition met\n']).toContain(gone.stdout);
      expect(await cluster.kubectl(['get', 'pod', 'early'])).toEqual({
        code: 1,
        stdout: '',
        stderr: 'Error from server (NotFound): pods "early" not found\n',
      });
    });
  },
);
