/**
 * The scheduler seen through the real kubectl: `get pods -o wide`, `describe pod` (conditions
 * and Events), `get events`, `wait --for=condition=PodScheduled`. The scheduler is not part of
 * `startSimulator` yet, so the test runs one beside the simulator's registry.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KUBECTL, NO_KUBECTL_REASON } from '../../../test/support/kubectl.js';
import { startTestCluster, type TestCluster } from '../../../test/support/simulator.js';
import { Scheduler } from './scheduler.js';

const NOT_MATCHING =
  "0/3 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 2 node(s) didn't match Pod's node affinity/selector. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.";

let cluster: TestCluster;
let scheduler: Scheduler;
const errors: unknown[] = [];

function podManifest(name: string, spec: string) {
  return `apiVersion: v1
kind: Pod
metadata:
  name: ${name}
spec:
  containers:
  - name: app
    image: nginx
${spec}`;
}

async function kubectl(args: string[], input?: string) {
  const result = await cluster.kubectl(args, input === undefined ? {} : { input });
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  return result.stdout;
}

async function apply(name: string, spec: string) {
  await kubectl(['apply', '-f', '-'], podManifest(name, spec));
  await scheduler.idle();
}

describe.skipIf(!KUBECTL)(
  `scheduler through kubectl${KUBECTL ? '' : ` (${NO_KUBECTL_REASON})`}`,
  () => {
    beforeAll(async () => {
      cluster = await startTestCluster();
      scheduler = new Scheduler(cluster.simulator.registry, {
        clock: cluster.simulator.clock,
        onError: (e) => errors.push(e),
      });
      scheduler.start();
    });

    afterAll(async () => {
      scheduler?.stop();
      await cluster?.stop();
      expect(errors).toEqual([]);
    });

    it('puts a disktype=ssd pod on pod-course-worker', async () => {
      await apply('web', '  nodeSelector:\n    disktype: ssd\n');
      const wide = await kubectl(['get', 'pod', 'web', '-o', 'wide', '--no-headers']);
      expect(wide.split(/\s+/)).toContain('pod-course-worker');
      const describe = await kubectl(['describe', 'pod', 'web']);
      expect(describe).toMatch(/^Node:\s+pod-course-worker\//m);
      expect(describe).toMatch(/^ {2}PodScheduled\s+True \n/m);
      expect(describe).toMatch(
        /^ {2}Normal {2}Scheduled {2}\S+ +default-scheduler {2}Successfully assigned default\/web to pod-course-worker$/m,
      );
    });

    it('shows why a pod with a nodeSelector nothing matches stays Pending', async () => {
      await apply('picky', '  nodeSelector:\n    disktype: hdd\n');
      const describe = await kubectl(['describe', 'pod', 'picky']);
      expect(describe).toMatch(/^Node:\s+<none>$/m);
      expect(describe).toMatch(/^Status:\s+Pending$/m);
      expect(describe).toMatch(/^ {2}PodScheduled\s+False \n/m);
      expect(describe).toMatch(/^Node-Selectors:\s+disktype=hdd$/m);
      const line = describe.match(
        /^ {2}Warning {2}FailedScheduling {2}\S+ +default-scheduler {2}(.*)$/m,
      );
      expect(line?.[1]).toBe(NOT_MATCHING);

      const events = await kubectl(['get', 'events']);
      const row = events.match(/^\S+\s+Warning\s+FailedScheduling\s+pod\/picky\s+(.*)$/m);
      expect(row?.[1]).toBe(NOT_MATCHING);
      const wideEvents = await kubectl([
        'get',
        'events',
        '-o',
        'wide',
        '--field-selector',
        'involvedObject.name=picky',
      ]);
      expect(wideEvents).toContain('default-scheduler, default-scheduler-pod-course-control-plane');
    });

    it('schedules a pending pod once a node is labelled to match', async () => {
      await apply('later', '  nodeSelector:\n    disktype: nvme\n');
      expect(await kubectl(['get', 'pod', 'later', '-o', 'jsonpath={.spec.nodeName}'])).toBe('');
      await kubectl(['label', 'node', 'pod-course-worker2', 'disktype=nvme']);
      // kubectl waits on its own watch until the scheduler's back-off (1 s) is over.
      const waited = await kubectl([
        'wait',
        '--for=condition=PodScheduled',
        'pod/later',
        '--timeout=30s',
      ]);
      expect(waited).toBe('pod/later condition met\n');
      expect(await kubectl(['get', 'pod', 'later', '-o', 'jsonpath={.spec.nodeName}'])).toBe(
        'pod-course-worker2',
      );
      const describe = await kubectl(['describe', 'pod', 'later']);
      expect(describe).toMatch(
        /^ {2}Warning +FailedScheduling .*\n {2}Normal +Scheduled .*pod-course-worker2$/m,
      );
    });

    it('reports Insufficient cpu through kubectl describe', async () => {
      await apply(
        'huge',
        '    resources:\n      requests:\n        cpu: "64"\n        memory: 1Gi\n      limits:\n        memory: 1Gi\n',
      );
      const describe = await kubectl(['describe', 'pod', 'huge']);
      expect(describe).toContain(
        '0/3 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 2 Insufficient cpu. preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, 2 No preemption victims found for incoming pod.',
      );
    });
  },
);
