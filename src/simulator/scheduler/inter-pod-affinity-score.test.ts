/**
 * InterPodAffinity scoring on the kind-like nodes: preferred terms steer the choice among the
 * nodes that fit, and a bound pod's required affinity draws the pods it selects.
 */
import { describe, expect, it } from 'vitest';
import { NODES } from '../cluster-shape.js';
import type { KubeObject } from '../kube-object.js';
import { nodeObject } from '../node-object.js';
import { findNodesThatFit, pickNode } from './filters.js';
import { interPodAffinityScores } from './inter-pod-affinity-score.js';
import { snapshot } from './node-info.js';
import { NO_NAMESPACES } from './pod-affinity-term.js';

const WORKER = 'pod-course-worker';
const WORKER2 = 'pod-course-worker2';

function pod(name: string, labels: Record<string, string>, spec: Record<string, unknown> = {}) {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default', labels },
    spec: { containers: [{ name: 'app', image: 'busybox' }], ...spec },
  } as KubeObject;
}

const term = (app: string) => ({
  labelSelector: { matchLabels: { app } },
  topologyKey: 'kubernetes.io/hostname',
});

const preferred = (kind: 'podAffinity' | 'podAntiAffinity', ...weighted: [string, number][]) => ({
  affinity: {
    [kind]: {
      preferredDuringSchedulingIgnoredDuringExecution: weighted.map(([app, weight]) => ({
        weight,
        podAffinityTerm: term(app),
      })),
    },
  },
});

function place(target: KubeObject, bound: KubeObject[]) {
  const infos = snapshot(
    NODES.map((shape) => nodeObject(shape, '2025-03-01T10:00:00Z')),
    bound,
  );
  const { feasible } = findNodesThatFit(target, infos);
  const scores = interPodAffinityScores(target, feasible, infos, NO_NAMESPACES);
  return { node: pickNode(feasible, scores)?.name, scores: scores && Object.fromEntries(scores) };
}

// Two pods on the first worker, one on the second: fewest pods alone would pick the second.
const db = pod('db', { app: 'db' }, { nodeName: WORKER });
const cache = pod('cache', { app: 'cache' }, { nodeName: WORKER });
const web = pod('web', { app: 'web' }, { nodeName: WORKER2 });

describe('InterPodAffinity scoring', () => {
  it('does not score without any affinity in sight', () => {
    expect(place(pod('plain', {}), [db, cache, web])).toEqual({ node: WORKER2, scores: undefined });
  });

  it('preferred affinity draws the pod to its peer, normalized to 0–100', () => {
    const target = pod('p', {}, preferred('podAffinity', ['db', 10]));
    expect(place(target, [db, cache, web])).toEqual({
      node: WORKER,
      scores: { [WORKER]: 100, [WORKER2]: 0 },
    });
  });

  it('weights add up; preferred anti-affinity subtracts', () => {
    const target = pod(
      'p',
      {},
      {
        affinity: {
          ...preferred('podAffinity', ['db', 10], ['web', 30]).affinity,
          ...preferred('podAntiAffinity', ['cache', 5]).affinity,
        },
      },
    );
    // First worker: 10 − 5 = 5; second: 30.
    expect(place(target, [db, cache, web])).toEqual({
      node: WORKER2,
      scores: { [WORKER]: 0, [WORKER2]: 100 },
    });
  });

  it('a bound pod’s required affinity to the incoming pod counts as weight 1', () => {
    const lover = pod(
      'lover',
      { app: 'lover' },
      {
        nodeName: WORKER,
        affinity: {
          podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term('web')] },
        },
      },
    );
    expect(place(pod('w', { app: 'web' }), [lover, db, web]).node).toBe(WORKER);
  });

  it('a bound pod’s preferred anti-affinity pushes the incoming pod away', () => {
    const shy = pod(
      'shy',
      { app: 'shy' },
      { nodeName: WORKER2, ...preferred('podAntiAffinity', ['web', 50]) },
    );
    expect(place(pod('w', { app: 'web' }), [db, cache, shy]).node).toBe(WORKER);
  });
});
