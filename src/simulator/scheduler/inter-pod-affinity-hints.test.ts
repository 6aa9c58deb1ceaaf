/**
 * InterPodAffinity's queueing hints: which cluster changes retry a pod it rejected.
 */
import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../kube-object.js';
import { hint } from './queueing-hints.js';

const HOSTNAME = 'kubernetes.io/hostname';

function pod(name: string, labels: Record<string, string>, spec: Record<string, unknown> = {}) {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default', labels },
    spec: { containers: [{ name: 'app', image: 'busybox' }], ...spec },
  } as KubeObject;
}

const node = (name: string, labels: Record<string, string>): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Node',
  metadata: { name, labels },
});

const required = (kind: 'podAffinity' | 'podAntiAffinity', topologyKey = HOSTNAME) => ({
  affinity: {
    [kind]: {
      requiredDuringSchedulingIgnoredDuringExecution: [
        { labelSelector: { matchLabels: { app: 'web' } }, topologyKey },
      ],
    },
  },
});

const follower = pod('helper', {}, required('podAffinity'));
const avoider = pod('spread', {}, required('podAntiAffinity'));
const web = pod('web', { app: 'web' }, { nodeName: 'w1' });
const other = pod('other', { app: 'db' }, { nodeName: 'w1' });
const ns = {};
const ask = (target: KubeObject, event: Parameters<typeof hint>[2]) =>
  hint('InterPodAffinity', target, event);

describe('InterPodAffinity queueing hints', () => {
  it('a bound pod matching the affinity retries the pod; another does not', () => {
    expect(ask(follower, { kind: 'assigned-pod-added', pod: web, namespaceLabels: ns })).toBe(true);
    expect(ask(follower, { kind: 'assigned-pod-added', pod: other, namespaceLabels: ns })).toBe(
      false,
    );
    // Adding pods never helps anti-affinity.
    expect(ask(avoider, { kind: 'assigned-pod-added', pod: web, namespaceLabels: ns })).toBe(false);
  });

  it('a bound pod whose labels start matching the affinity retries the pod', () => {
    const relabelled = pod('other', { app: 'web' }, { nodeName: 'w1' });
    const event = {
      kind: 'assigned-pod-updated',
      old: other,
      pod: relabelled,
      namespaceLabels: ns,
    };
    expect(ask(follower, event as Parameters<typeof hint>[2])).toBe(true);
  });

  it('a pod it repels going away retries the pod', () => {
    expect(ask(avoider, { kind: 'assigned-pod-gone', pod: web })).toBe(true);
    expect(ask(avoider, { kind: 'assigned-pod-gone', pod: other })).toBe(false);
    expect(ask(follower, { kind: 'assigned-pod-gone', pod: web })).toBe(false);
  });

  it('1.32 gap: a bound pod whose own anti-affinity repelled the pod is not a reason', () => {
    const guard = pod('guard', {}, { nodeName: 'w1', ...required('podAntiAffinity') });
    expect(ask(pod('web-2', { app: 'web' }), { kind: 'assigned-pod-gone', pod: guard })).toBe(
      false,
    );
  });

  it('nodes: affinity wants the topology key to appear or move', () => {
    const zoned = pod('z', {}, required('podAffinity', 'zone'));
    const bare = node('n', {});
    const inA = node('n', { zone: 'a' });
    const inB = node('n', { zone: 'b' });
    expect(ask(zoned, { kind: 'node', old: undefined, node: inA })).toBe(true);
    expect(ask(zoned, { kind: 'node', old: undefined, node: bare })).toBe(false);
    expect(ask(zoned, { kind: 'node', old: bare, node: inA })).toBe(true);
    expect(ask(zoned, { kind: 'node', old: inA, node: inB })).toBe(true);
    expect(ask(zoned, { kind: 'node', old: inA, node: inA })).toBe(false);
  });

  it('nodes: anti-affinity takes any new node, or a node leaving or moving topology', () => {
    const zoned = pod('z', {}, required('podAntiAffinity', 'zone'));
    const inA = node('n', { zone: 'a' });
    expect(ask(zoned, { kind: 'node', old: undefined, node: node('n', {}) })).toBe(true);
    expect(ask(zoned, { kind: 'node', old: inA, node: node('n', {}) })).toBe(true);
    expect(ask(zoned, { kind: 'node', old: inA, node: node('n', { zone: 'a', x: 'y' }) })).toBe(
      false,
    );
  });

  it('the pod’s own updates do not help it', () => {
    const relabelled = pod('helper', { app: 'web' }, required('podAffinity'));
    expect(ask(follower, { kind: 'own-update', old: follower, pod: relabelled })).toBe(false);
  });
});
