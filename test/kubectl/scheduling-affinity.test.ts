/**
 * Inter-pod affinity through the real kubectl, as lesson 02's helper Pod uses it: a Pod with a
 * required podAffinity waits (FailedScheduling, with 1.32's text) until a Pod it selects is
 * bound, then lands on that Pod's node; required podAntiAffinity spreads Pods over the workers
 * and the one left over is placed once a Pod it repels is gone.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KUBECTL, NO_KUBECTL_REASON } from '../support/kubectl.js';
import { startTestCluster, type TestCluster } from '../support/simulator.js';
import { podYaml, untilJsonpath } from './helpers.js';

const TAINT = '1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }';
const WAITING_FOR_PEER = `0/3 nodes are available: ${TAINT}, 2 node(s) didn't match pod affinity rules. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.`;
const REPELLED = `0/3 nodes are available: ${TAINT}, 2 node(s) didn't match pod anti-affinity rules. preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, 2 No preemption victims found for incoming pod.`;

const requiredTerm = (kind: 'podAffinity' | 'podAntiAffinity', app: string) =>
  [
    '  affinity:',
    `    ${kind}:`,
    '      requiredDuringSchedulingIgnoredDuringExecution:',
    '      - labelSelector:',
    '          matchLabels:',
    `            app: ${app}`,
    '        topologyKey: kubernetes.io/hostname',
  ].join('\n');

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

describe.skipIf(!KUBECTL)(
  `inter-pod affinity through kubectl${KUBECTL ? '' : ` (${NO_KUBECTL_REASON})`}`,
  () => {
    let cluster: TestCluster;

    beforeAll(async () => {
      cluster = await startTestCluster();
    }, 60_000);

    afterAll(async () => {
      await cluster?.stop();
    });

    async function kubectl(args: string[], input?: string) {
      const result = await cluster.kubectl(args, input === undefined ? {} : { input });
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      return result.stdout;
    }

    const apply = (yaml: string) => kubectl(['apply', '-f', '-'], yaml);
    const nodeOf = (pod: string) => kubectl(['get', 'pod', pod, '-o', 'jsonpath={.spec.nodeName}']);
    const untilScheduled = (pod: string) =>
      untilJsonpath(
        cluster.kubectl,
        ['pod', pod],
        '{.status.conditions[?(@.type=="PodScheduled")].status}',
        (status) => status !== '',
      );

    it('keeps a pod with required podAffinity Pending while no pod matches', async () => {
      await apply(podYaml('helper', { spec: requiredTerm('podAffinity', 'web') }));
      const reason = await untilScheduled('helper');
      expect(reason).toBe('False');
      expect(
        await kubectl([
          'get',
          'pod',
          'helper',
          '-o',
          'jsonpath={.status.conditions[0].reason}: {.status.conditions[0].message}',
        ]),
      ).toBe(`Unschedulable: ${WAITING_FOR_PEER}`);
      const describe = await kubectl(['describe', 'pod', 'helper']);
      expect(describe).toMatch(/^Node:\s+<none>$/m);
      expect(describe).toMatch(
        new RegExp(
          `^ {2}Warning +FailedScheduling +\\S+ +default-scheduler {2}${escapeRegExp(WAITING_FOR_PEER)}$`,
          'm',
        ),
      );
    });

    it('places it beside the pod it selects as soon as that pod is bound', async () => {
      await apply(
        podYaml('web', {
          meta: '  labels:\n    app: web',
          spec: '  nodeSelector:\n    kubernetes.io/hostname: pod-course-worker2',
        }),
      );
      await kubectl(['wait', '--for=condition=PodScheduled', 'pod/helper', '--timeout=55s']);
      expect(await nodeOf('web')).toBe('pod-course-worker2');
      expect(await nodeOf('helper')).toBe('pod-course-worker2');
      const describe = await kubectl(['describe', 'pod', 'helper']);
      expect(describe).toMatch(
        /^ {2}Normal +Scheduled +\S+ +default-scheduler {2}Successfully assigned default\/helper to pod-course-worker2$/m,
      );
    });

    it('spreads pods with required podAntiAffinity and explains the one left over', async () => {
      const spread = (name: string) =>
        podYaml(name, {
          meta: '  labels:\n    app: spread',
          spec: requiredTerm('podAntiAffinity', 'spread'),
        });
      await apply(spread('spread-1'));
      await kubectl(['wait', '--for=condition=PodScheduled', 'pod/spread-1', '--timeout=55s']);
      await apply(spread('spread-2'));
      await kubectl(['wait', '--for=condition=PodScheduled', 'pod/spread-2', '--timeout=55s']);
      const nodes = [await nodeOf('spread-1'), await nodeOf('spread-2')].sort();
      expect(nodes).toEqual(['pod-course-worker', 'pod-course-worker2']);

      await apply(spread('spread-3'));
      expect(await untilScheduled('spread-3')).toBe('False');
      expect(
        await kubectl(['get', 'pod', 'spread-3', '-o', 'jsonpath={.status.conditions[0].message}']),
      ).toBe(REPELLED);

      // Once a pod it repels is gone, the queueing hint retries it on the freed node.
      const freed = await nodeOf('spread-1');
      const deleted = await cluster.kubectl([
        'delete',
        'pod',
        'spread-1',
        '--grace-period=0',
        '--force',
      ]);
      expect(deleted.code).toBe(0);
      await kubectl(['wait', '--for=condition=PodScheduled', 'pod/spread-3', '--timeout=55s']);
      expect(await nodeOf('spread-3')).toBe(freed);
    });
  },
);
