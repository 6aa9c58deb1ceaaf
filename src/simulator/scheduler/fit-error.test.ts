/**
 * What the scheduler says when a pod fits nowhere, for the cluster's three kind-like nodes:
 * the filters' reasons per node, the sorted histogram, and the preemption suffix of 1.32.
 */
import { describe, expect, it } from 'vitest';
import { NODES } from '../cluster-shape.js';
import type { KubeObject } from '../kube-object.js';
import { nodeObject } from '../node-object.js';
import { findNodesThatFit, pickNode } from './filters.js';
import { fitErrorMessage, preemptionMessage } from './fit-error.js';
import { snapshot } from './node-info.js';

const CONTROL_PLANE_TAINT =
  '1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }';
const NO_AFFINITY = "node(s) didn't match Pod's node affinity/selector";

function nodes(): KubeObject[] {
  return NODES.map((shape) => nodeObject(shape, '2025-03-01T10:00:00Z'));
}

let serial = 0;
function pod(spec: Record<string, unknown> = {}, name = `p${++serial}`): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default' },
    spec: { containers: [{ name: 'app', image: 'busybox' }], ...spec },
  };
}

function withRequests(requests: Record<string, string>, spec: Record<string, unknown> = {}) {
  return pod({ containers: [{ name: 'app', image: 'busybox', resources: { requests } }], ...spec });
}

/** The scheduler's decision for `target` with `bound` pods already on their nodes. */
function schedule(target: KubeObject, bound: KubeObject[] = [], clusterNodes = nodes()) {
  const infos = snapshot(clusterNodes, bound);
  const { feasible, diagnosis } = findNodesThatFit(target, infos);
  const chosen = pickNode(feasible);
  if (chosen) return { node: chosen.name };
  return {
    message: fitErrorMessage(infos.length, diagnosis, preemptionMessage(target, infos, diagnosis)),
    plugins: [...diagnosis.unschedulablePlugins].sort(),
  };
}

describe('FailedScheduling messages', () => {
  it('a nodeSelector no node matches', () => {
    expect(schedule(pod({ nodeSelector: { disktype: 'hdd' } }))).toEqual({
      message: `0/3 nodes are available: ${CONTROL_PLANE_TAINT}, 2 ${NO_AFFINITY}. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.`,
      plugins: ['NodeAffinity', 'TaintToleration'],
    });
  });

  it('requests larger than any worker (the describe-pending sample)', () => {
    const target = pod({
      containers: [
        {
          name: 'crasher',
          image: 'busybox:1.36',
          resources: { limits: { memory: '1Gi' }, requests: { cpu: '64', memory: '1Gi' } },
        },
      ],
    });
    expect(schedule(target).message).toBe(
      `0/3 nodes are available: ${CONTROL_PLANE_TAINT}, 2 Insufficient cpu. preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, 2 No preemption victims found for incoming pod.`,
    );
  });

  it('every shortage of a node counts, each in its own histogram entry', () => {
    expect(schedule(withRequests({ cpu: '3', memory: '100Gi' })).message).toBe(
      `0/3 nodes are available: ${CONTROL_PLANE_TAINT}, 2 Insufficient cpu, 2 Insufficient memory. preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, 2 No preemption victims found for incoming pod.`,
    );
  });

  it('counts what bound pods already request', () => {
    const busy = [
      withRequests({ cpu: '1500m' }, { nodeName: 'pod-course-worker' }),
      withRequests({ cpu: '1' }, { nodeName: 'pod-course-worker2' }),
    ];
    expect(schedule(withRequests({ cpu: '1' }), busy)).toEqual({ node: 'pod-course-worker2' });
    // Finished pods free their requests.
    const done = withRequests({ cpu: '1' }, { nodeName: 'pod-course-worker2' });
    done.status = { phase: 'Succeeded' };
    expect(schedule(withRequests({ cpu: '2' }), [busy[0] as KubeObject, done])).toEqual({
      node: 'pod-course-worker2',
    });
    expect(schedule(withRequests({ cpu: '1001m' }), busy).message).toContain('2 Insufficient cpu.');
  });

  it('a tolerated control plane still has to match the selector', () => {
    const target = pod({
      nodeSelector: { disktype: 'hdd' },
      tolerations: [
        { key: 'node-role.kubernetes.io/control-plane', operator: 'Exists', effect: 'NoSchedule' },
      ],
    });
    expect(schedule(target).message).toBe(
      `0/3 nodes are available: 3 ${NO_AFFINITY}. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.`,
    );
  });

  it('nodes left out by matchFields count as not satisfying NodeAffinity', () => {
    const target = pod({
      nodeSelector: { disktype: 'hdd' },
      affinity: {
        nodeAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: {
            nodeSelectorTerms: [
              {
                matchFields: [
                  { key: 'metadata.name', operator: 'In', values: ['pod-course-worker'] },
                ],
              },
            ],
          },
        },
      },
    });
    expect(schedule(target).message).toBe(
      `0/3 nodes are available: 1 ${NO_AFFINITY}, 2 node(s) didn't satisfy plugin(s) [NodeAffinity]. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.`,
    );
  });

  it('matchFields naming no node at all is a PreFilter rejection', () => {
    const target = pod({
      affinity: {
        nodeAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: {
            nodeSelectorTerms: [
              {
                matchFields: [
                  { key: 'metadata.name', operator: 'In', values: ['pod-course-worker'] },
                  { key: 'metadata.name', operator: 'In', values: ['pod-course-worker2'] },
                ],
              },
            ],
          },
        },
      },
    });
    expect(schedule(target).message).toBe(
      '0/3 nodes are available: pod affinity terms conflict. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.',
    );
  });

  it('host ports in use', () => {
    const port = { containerPort: 80, hostPort: 8080, protocol: 'TCP' };
    const holder = (node: string) =>
      pod({ nodeName: node, containers: [{ name: 'web', image: 'nginx', ports: [port] }] });
    const target = pod({ containers: [{ name: 'web', image: 'nginx', ports: [port] }] });
    expect(
      schedule(target, [holder('pod-course-worker'), holder('pod-course-worker2')]).message,
    ).toBe(
      `0/3 nodes are available: ${CONTROL_PLANE_TAINT}, 2 node(s) didn't have free ports for the requested pod ports. preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, 2 No preemption victims found for incoming pod.`,
    );
    // Another protocol, or another specific host IP, does not conflict.
    const udp = pod({
      containers: [{ name: 'dns', image: 'x', ports: [{ ...port, protocol: 'UDP' }] }],
    });
    expect(schedule(udp, [holder('pod-course-worker')])).toEqual({ node: 'pod-course-worker2' });
    const ipHolder = pod({
      nodeName: 'pod-course-worker',
      containers: [{ name: 'web', image: 'x', ports: [{ ...port, hostIP: '10.0.0.1' }] }],
    });
    const otherIp = pod({
      containers: [{ name: 'web', image: 'x', ports: [{ ...port, hostIP: '10.0.0.2' }] }],
    });
    const anyIp = pod({ containers: [{ name: 'web', image: 'x', ports: [port] }] });
    const worker2Busy = pod({ nodeName: 'pod-course-worker2' });
    expect(schedule(otherIp, [ipHolder, worker2Busy])).toEqual({ node: 'pod-course-worker' });
    expect(schedule(anyIp, [ipHolder, worker2Busy])).toEqual({ node: 'pod-course-worker2' });
  });

  it('a pod that may not preempt says so', () => {
    expect(schedule(withRequests({ cpu: '64' }, { preemptionPolicy: 'Never' })).message).toBe(
      `0/3 nodes are available: ${CONTROL_PLANE_TAINT}, 2 Insufficient cpu. preemption: not eligible due to preemptionPolicy=Never.`,
    );
  });

  it('a cordoned node', () => {
    const cluster = nodes();
    for (const node of cluster) (node.spec as Record<string, unknown>).unschedulable = true;
    expect(schedule(pod(), [], cluster).message).toBe(
      '0/3 nodes are available: 3 node(s) were unschedulable. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.',
    );
    const tolerant = pod({
      tolerations: [{ key: 'node.kubernetes.io/unschedulable', operator: 'Exists' }],
    });
    expect(schedule(tolerant, [], cluster)).toEqual({ node: 'pod-course-worker' });
  });

  it('too many pods', () => {
    const cluster = nodes();
    for (const node of cluster)
      (
        (node.status as Record<string, Record<string, string>>).allocatable as Record<
          string,
          string
        >
      ).pods = '1';
    const bound = [pod({ nodeName: 'pod-course-worker' }), pod({ nodeName: 'pod-course-worker2' })];
    expect(schedule(pod(), bound, cluster).message).toBe(
      `0/3 nodes are available: ${CONTROL_PLANE_TAINT}, 2 Too many pods. preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, 2 No preemption victims found for incoming pod.`,
    );
  });

  it('sorts the histogram as strings, as Go does', () => {
    const statuses = new Map<string, { code: 'Unschedulable'; reasons: string[] }>();
    for (let i = 0; i < 10; i++)
      statuses.set(`a${i}`, { code: 'Unschedulable', reasons: ['Insufficient cpu'] });
    statuses.set('b', { code: 'Unschedulable', reasons: ['Insufficient memory'] });
    statuses.set('c', { code: 'Unschedulable', reasons: ['Insufficient memory'] });
    expect(fitErrorMessage(12, { nodeStatuses: statuses })).toBe(
      '0/12 nodes are available: 10 Insufficient cpu, 2 Insufficient memory.',
    );
  });

  it('a lower-priority pod that would make room is not evicted', () => {
    const low = withRequests({ cpu: '2' }, { nodeName: 'pod-course-worker', priority: 0 });
    const low2 = withRequests({ cpu: '2' }, { nodeName: 'pod-course-worker2', priority: 0 });
    const high = withRequests({ cpu: '3' }, { priority: 1000 });
    // Evicting would not help here (3 cpus on a 2-cpu node): the filters' reason is reported.
    expect(schedule(high, [low, low2]).message).toBe(
      `0/3 nodes are available: ${CONTROL_PLANE_TAINT}, 2 Insufficient cpu. preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, 2 Insufficient cpu.`,
    );
  });
});
