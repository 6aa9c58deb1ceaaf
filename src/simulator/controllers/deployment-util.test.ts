import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../kube-object.js';
import {
  equalIgnoreHash,
  maxSurge,
  maxUnavailable,
  newRSNewReplicas,
  proportion,
  resolveFenceposts,
  setNewReplicaSetAnnotations,
} from './deployment-util.js';

const deployment = (replicas: number, surge: unknown = '25%', unavailable: unknown = '25%') =>
  ({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {
      name: 'web',
      annotations: { team: 'a', 'kubectl.kubernetes.io/last-applied-configuration': '{}' },
    },
    spec: {
      replicas,
      strategy: {
        type: 'RollingUpdate',
        rollingUpdate: { maxSurge: surge, maxUnavailable: unavailable },
      },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: { containers: [{ name: 'n', image: 'nginx' }] },
      },
    },
  }) as KubeObject;

const replicaSet = (replicas: number, annotations: Record<string, string> = {}) =>
  ({
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: { name: 'rs', annotations },
    spec: { replicas },
  }) as KubeObject;

describe('deployment arithmetic', () => {
  it('resolves surge upwards and unavailability downwards, never both zero', () => {
    expect(resolveFenceposts('25%', '25%', 3)).toEqual({ surge: 1, unavailable: 0 });
    expect(resolveFenceposts('25%', '25%', 10)).toEqual({ surge: 3, unavailable: 2 });
    expect(resolveFenceposts(0, '1%', 2)).toEqual({ surge: 0, unavailable: 1 });
    expect(resolveFenceposts(2, 1, 5)).toEqual({ surge: 2, unavailable: 1 });
    expect(maxSurge(deployment(3))).toBe(1);
    expect(maxUnavailable(deployment(3))).toBe(0);
    expect(maxUnavailable(deployment(0))).toBe(0);
  });

  it('grows a new ReplicaSet only up to replicas + maxSurge pods in all', () => {
    const d = deployment(3);
    const old = replicaSet(3);
    const fresh = replicaSet(0);
    expect(newRSNewReplicas(d, [old, fresh], fresh)).toBe(1);
    expect(newRSNewReplicas(d, [replicaSet(2), replicaSet(1)], replicaSet(1))).toBe(2);
    expect(newRSNewReplicas(d, [fresh], fresh)).toBe(3);
  });

  it('shares a scaling event in proportion to the max-replicas annotation', () => {
    // 10 replicas (13 with surge) grown to 20 (25): a ReplicaSet of 6 takes 6 × 25 / 13 ≈ 12.
    const rs = replicaSet(6, { 'deployment.kubernetes.io/max-replicas': '13' });
    expect(proportion(rs, deployment(20), 12, 0)).toBe(6);
    expect(proportion(rs, deployment(20), 3, 0)).toBe(3);
  });

  it('copies annotations but the skipped ones and records revisions', () => {
    const d = deployment(3);
    const rs = replicaSet(0);
    expect(setNewReplicaSetAnnotations(d, rs, 1, false)).toBe(true);
    expect(rs.metadata.annotations).toEqual({
      team: 'a',
      'deployment.kubernetes.io/revision': '1',
      'deployment.kubernetes.io/desired-replicas': '3',
      'deployment.kubernetes.io/max-replicas': '4',
    });
    // Re-activated by a rollback: the old revision moves to the history.
    expect(setNewReplicaSetAnnotations(d, rs, 3, true)).toBe(true);
    expect(rs.metadata.annotations?.['deployment.kubernetes.io/revision']).toBe('3');
    expect(rs.metadata.annotations?.['deployment.kubernetes.io/revision-history']).toBe('1');
  });

  it('compares templates without the pod-template-hash label', () => {
    const template = { metadata: { labels: { app: 'web' } }, spec: { containers: [] } };
    const hashed = {
      metadata: { labels: { app: 'web', 'pod-template-hash': 'abc' } },
      spec: { containers: [] },
    };
    expect(equalIgnoreHash(template, hashed)).toBe(true);
    expect(equalIgnoreHash(template, { ...hashed, spec: { containers: [{ name: 'x' }] } })).toBe(
      false,
    );
  });
});
