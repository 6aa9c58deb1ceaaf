import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../kube-object.js';
import { podsToDelete } from './pods-to-delete.js';

const NOW = Date.parse('2025-03-01T12:00:00Z');

function pod(
  name: string,
  options: {
    node?: string;
    phase?: string;
    readySince?: string;
    restarts?: number;
    created?: string;
    cost?: string;
  } = {},
): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      uid: name,
      creationTimestamp: options.created ?? '2025-03-01T10:00:00Z',
      ...(options.cost
        ? { annotations: { 'controller.kubernetes.io/pod-deletion-cost': options.cost } }
        : {}),
    },
    spec: options.node ? { nodeName: options.node } : {},
    status: {
      phase: options.phase ?? 'Running',
      conditions: options.readySince
        ? [{ type: 'Ready', status: 'True', lastTransitionTime: options.readySince }]
        : [],
      containerStatuses: [{ name: 'c', restartCount: options.restarts ?? 0 }],
    },
  };
}

const names = (pods: KubeObject[]) => pods.map((p) => p.metadata.name);

describe('which pods a ReplicaSet deletes first', () => {
  it('takes unscheduled, then pending, then not ready pods before ready ones', () => {
    const ready = pod('ready', { node: 'n1', readySince: '2025-03-01T11:00:00Z' });
    const notReady = pod('not-ready', { node: 'n1' });
    const pending = pod('pending', { node: 'n1', phase: 'Pending' });
    const unscheduled = pod('unscheduled', { phase: 'Pending' });
    const all = [ready, notReady, pending, unscheduled];
    expect(names(podsToDelete(all, all, 3, NOW))).toEqual(['unscheduled', 'pending', 'not-ready']);
  });

  it('prefers a lower deletion cost, a crowded node, then the newest Ready pod', () => {
    const cheap = pod('cheap', { node: 'n1', readySince: '2025-03-01T09:00:00Z', cost: '-5' });
    const crowded = pod('crowded', { node: 'n2', readySince: '2025-03-01T09:00:00Z' });
    const sibling = pod('sibling', { node: 'n2', readySince: '2025-03-01T09:00:00Z' });
    const young = pod('young', { node: 'n3', readySince: '2025-03-01T11:59:00Z' });
    const old = pod('old', { node: 'n4', readySince: '2025-03-01T01:00:00Z' });
    expect(
      names(
        podsToDelete([old, young, crowded, cheap], [old, young, crowded, cheap, sibling], 3, NOW),
      ),
    ).toEqual(['cheap', 'crowded', 'young']);
  });

  it('deletes the pod that restarted more among equals', () => {
    const a = pod('a', { node: 'n1', readySince: '2025-03-01T10:00:00Z', restarts: 0 });
    const b = pod('b', { node: 'n2', readySince: '2025-03-01T10:00:00Z', restarts: 4 });
    expect(names(podsToDelete([a, b], [a, b], 1, NOW))).toEqual(['b']);
  });
});
