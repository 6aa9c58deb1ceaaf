/**
 * The InterPodAffinity filter on the three kind-like nodes: where a pod with required pod
 * (anti-)affinity may go given the pods already bound, and the FailedScheduling text of 1.32
 * when it may go nowhere.
 */
import { describe, expect, it } from 'vitest';
import { NODES } from '../cluster-shape.js';
import type { KubeObject } from '../kube-object.js';
import { nodeObject } from '../node-object.js';
import { findNodesThatFit, pickNode } from './filters.js';
import { fitErrorMessage, preemptionMessage } from './fit-error.js';
import { snapshot } from './node-info.js';
import { type NamespaceLister, namespaceLister } from './pod-affinity-term.js';

const TAINT = '1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }';
const HOSTNAME = 'kubernetes.io/hostname';
const WORKER = 'pod-course-worker';
const WORKER2 = 'pod-course-worker2';
const NOT_HELPFUL =
  'preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.';

function nodes(): KubeObject[] {
  return NODES.map((shape) => nodeObject(shape, '2025-03-01T10:00:00Z'));
}

function pod(
  name: string,
  labels: Record<string, string>,
  spec: Record<string, unknown> = {},
  namespace = 'default',
): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace, labels },
    spec: { containers: [{ name: 'app', image: 'busybox' }], ...spec },
  };
}

const on = (node: string, p: KubeObject) => {
  (p.spec as Record<string, unknown>).nodeName = node;
  return p;
};

const term = (matchLabels: Record<string, string>, extra: Record<string, unknown> = {}) => ({
  labelSelector: { matchLabels },
  topologyKey: HOSTNAME,
  ...extra,
});

const cpu = (amount: string) => ({
  name: 'app',
  image: 'busybox',
  resources: { requests: { cpu: amount } },
});

const affinity = (...terms: unknown[]) => ({
  affinity: { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: terms } },
});
const antiAffinity = (...terms: unknown[]) => ({
  affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: terms } },
});

const NAMESPACES = namespaceLister(() =>
  ['default', 'team-a', 'team-b'].map((name) => ({
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name, labels: { 'kubernetes.io/metadata.name': name, team: name.slice(5) } },
  })),
);

/** Where the scheduler puts `target` with `bound` pods on their nodes, or why it cannot. */
function schedule(target: KubeObject, bound: KubeObject[] = [], ns: NamespaceLister = NAMESPACES) {
  const infos = snapshot(nodes(), bound);
  const { feasible, diagnosis, state } = findNodesThatFit(target, infos, ns);
  const chosen = pickNode(feasible);
  if (chosen) return { node: chosen.name, feasible: feasible.map((n) => n.name) };
  const preemption = preemptionMessage(target, infos, diagnosis, state);
  return {
    message: fitErrorMessage(infos.length, diagnosis, preemption),
    plugins: [...diagnosis.unschedulablePlugins].sort(),
  };
}

describe('required pod affinity', () => {
  const web = on(WORKER2, pod('web', { app: 'web' }));

  it('puts the pod on the node of the pod it selects', () => {
    const helper = pod('helper', {}, affinity(term({ app: 'web' })));
    expect(schedule(helper, [web])).toEqual({ node: WORKER2, feasible: [WORKER2] });
  });

  it("says the pod affinity rules don't match when no pod matches (the lesson 02 text)", () => {
    const helper = pod('helper', {}, affinity(term({ app: 'web' })));
    expect(schedule(helper)).toEqual({
      message: `0/3 nodes are available: ${TAINT}, 2 node(s) didn't match pod affinity rules. ${NOT_HELPFUL}`,
      plugins: ['InterPodAffinity', 'TaintToleration'],
    });
  });

  it('lets the first pod of a group that selects itself go anywhere', () => {
    const first = pod('web-1', { app: 'web' }, affinity(term({ app: 'web' })));
    expect(schedule(first)).toEqual({ node: WORKER, feasible: [WORKER, WORKER2] });
    // Once one is bound, the others follow it.
    const second = pod('web-2', { app: 'web' }, affinity(term({ app: 'web' })));
    expect(schedule(second, [web])).toMatchObject({ node: WORKER2, feasible: [WORKER2] });
  });

  it('needs the topology key on the node, even for the first pod of a group', () => {
    const zoned = pod(
      'web-1',
      { app: 'web' },
      affinity({ ...term({ app: 'web' }), topologyKey: 'topology.kubernetes.io/zone' }),
    );
    expect(schedule(zoned).message).toContain("2 node(s) didn't match pod affinity rules.");
  });

  it('needs one pod that matches every term', () => {
    const db = on(WORKER, pod('db', { tier: 'db' }));
    const both = pod('both', {}, affinity(term({ app: 'web' }), term({ tier: 'db' })));
    expect(schedule(both, [web, db]).message).toContain(
      "2 node(s) didn't match pod affinity rules.",
    );
    const webDb = on(WORKER, pod('web-db', { app: 'web', tier: 'db' }));
    expect(schedule(both, [web, db, webDb])).toMatchObject({ feasible: [WORKER] });
  });

  it('looks in the pod’s own namespace unless told otherwise', () => {
    const elsewhere = on(WORKER2, pod('web', { app: 'web' }, {}, 'team-a'));
    const helper = pod('helper', {}, affinity(term({ app: 'web' })));
    expect(schedule(helper, [elsewhere]).message).toContain("didn't match pod affinity rules");
    const listed = pod('helper', {}, affinity(term({ app: 'web' }, { namespaces: ['team-a'] })));
    expect(schedule(listed, [elsewhere])).toMatchObject({ feasible: [WORKER2] });
  });

  it('reads namespaceSelector against the namespaces’ labels; {} means every namespace', () => {
    const elsewhere = on(WORKER2, pod('web', { app: 'web' }, {}, 'team-b'));
    const bySelector = (namespaceSelector: unknown) =>
      pod('helper', {}, affinity(term({ app: 'web' }, { namespaceSelector })));
    expect(schedule(bySelector({ matchLabels: { team: 'b' } }), [elsewhere])).toMatchObject({
      feasible: [WORKER2],
    });
    expect(schedule(bySelector({ matchLabels: { team: 'a' } }), [elsewhere]).message).toContain(
      "didn't match pod affinity rules",
    );
    expect(schedule(bySelector({}), [elsewhere])).toMatchObject({ feasible: [WORKER2] });
  });

  it('ignores finished pods but still counts pods being deleted', () => {
    const helper = pod('helper', {}, affinity(term({ app: 'web' })));
    const done = on(WORKER2, pod('web', { app: 'web' }));
    done.status = { phase: 'Succeeded' };
    expect(schedule(helper, [done]).message).toContain("didn't match pod affinity rules");
    const leaving = on(WORKER2, pod('web', { app: 'web' }));
    leaving.metadata.deletionTimestamp = '2025-03-01T10:00:00Z';
    expect(schedule(helper, [leaving])).toMatchObject({ feasible: [WORKER2] });
  });

  it('runs after the other filters: a node short of cpu says so instead', () => {
    const peer = on(WORKER, pod('web', { app: 'web' }));
    const hog = on(WORKER, pod('hog', {}, { containers: [cpu('1500m')] }));
    const hungry = pod('hungry', {}, { ...affinity(term({ app: 'web' })), containers: [cpu('1')] });
    expect(schedule(hungry, [peer, hog]).message).toBe(
      "0/3 nodes are available: 1 Insufficient cpu, 1 node(s) didn't match pod affinity rules, 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }. preemption: 0/3 nodes are available: 1 No preemption victims found for incoming pod, 2 Preemption is not helpful for scheduling.",
    );
  });
});

describe('required pod anti-affinity', () => {
  it('keeps the pod off nodes with a pod it repels', () => {
    const web = on(WORKER, pod('web-1', { app: 'web' }));
    const next = pod('web-2', { app: 'web' }, antiAffinity(term({ app: 'web' })));
    expect(schedule(next, [web])).toEqual({ node: WORKER2, feasible: [WORKER2] });
  });

  it('says so when every node has one; preemption finds no victims', () => {
    const bound = [
      on(WORKER, pod('web-1', { app: 'web' })),
      on(WORKER2, pod('web-2', { app: 'web' })),
    ];
    const next = pod('web-3', { app: 'web' }, antiAffinity(term({ app: 'web' })));
    expect(schedule(next, bound)).toEqual({
      message: `0/3 nodes are available: ${TAINT}, 2 node(s) didn't match pod anti-affinity rules. preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, 2 No preemption victims found for incoming pod.`,
      plugins: ['InterPodAffinity', 'TaintToleration'],
    });
  });

  it('passes nodes without the topology key', () => {
    const web = on(WORKER, pod('web-1', { app: 'web' }));
    const zoned = pod(
      'web-2',
      { app: 'web' },
      antiAffinity({ ...term({ app: 'web' }), topologyKey: 'topology.kubernetes.io/zone' }),
    );
    expect(schedule(zoned, [web])).toMatchObject({ feasible: [WORKER, WORKER2] });
  });

  it('honours the anti-affinity of pods already bound', () => {
    const loner = on(WORKER, pod('loner', { app: 'loner' }, antiAffinity(term({ app: 'web' }))));
    expect(schedule(pod('web', { app: 'web' }), [loner])).toEqual({
      node: WORKER2,
      feasible: [WORKER2],
    });
    const loner2 = on(WORKER2, pod('loner2', { app: 'loner' }, antiAffinity(term({ app: 'web' }))));
    expect(schedule(pod('web', { app: 'web' }), [loner, loner2]).message).toBe(
      `0/3 nodes are available: ${TAINT}, 2 node(s) didn't satisfy existing pods anti-affinity rules. preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, 2 No preemption victims found for incoming pod.`,
    );
  });

  it('an existing pod’s namespaceSelector is read against the incoming pod’s namespace', () => {
    const guard = on(
      WORKER,
      pod(
        'guard',
        {},
        antiAffinity(term({ app: 'web' }, { namespaceSelector: { matchLabels: { team: 'a' } } })),
      ),
    );
    expect(schedule(pod('web', { app: 'web' }, {}, 'team-a'), [guard])).toMatchObject({
      feasible: [WORKER2],
    });
    expect(schedule(pod('web', { app: 'web' }, {}, 'team-b'), [guard])).toMatchObject({
      feasible: [WORKER, WORKER2],
    });
  });

  it('preemption counts the repelled pods it would evict as gone', () => {
    const low = on(WORKER, pod('low', { app: 'web' }, { priority: 0 }));
    const high = on(WORKER2, pod('high', { app: 'web' }, { priority: 1000 }));
    const next = pod('next', {}, { priority: 100, ...antiAffinity(term({ app: 'web' })) });
    const { message } = schedule(next, [low, high]);
    // Evicting `low` would make room on the first worker; on the second nothing has lower priority.
    expect(message).toContain('preemption: 0/3 nodes are available: 1 Preemption is not helpful');
    expect(message).toContain('2 No preemption victims found for incoming pod.');
  });
});
