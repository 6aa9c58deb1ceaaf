import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../kube-object.js';
import { findResource } from '../resources.js';
import { planDeletion, podGracePeriod, updateFinishesDeletion } from './deletion.js';
import { rfc3339 } from './registry.js';

const PODS = findResource('', 'v1', 'pods');
const CONFIGMAPS = findResource('', 'v1', 'configmaps');
const NOW = new Date('2025-01-01T10:00:00Z');

function pod(spec: Record<string, unknown>, meta: Record<string, unknown> = {}): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'p', namespace: 'default', ...meta },
    spec: { terminationGracePeriodSeconds: 30, ...spec },
    status: { phase: 'Pending' },
  };
}

const plan = (info: typeof PODS, object: KubeObject, grace?: number) => {
  if (!info) throw new Error('resource table changed');
  return planDeletion(info, object, grace, NOW, rfc3339);
};

describe('planDeletion (Store.Delete + rest.BeforeDelete)', () => {
  it('marks a never-scheduled pod with grace 0, then deletes it', () => {
    const result = plan(PODS, pod({}), 30);
    expect(result).toMatchObject({
      kind: 'update',
      deleteAfter: true,
      object: {
        metadata: { deletionTimestamp: '2025-01-01T10:00:00Z', deletionGracePeriodSeconds: 0 },
      },
    });
  });

  it('leaves a bound pod Terminating for its grace period', () => {
    const result = plan(PODS, pod({ nodeName: 'n' }));
    expect(result).toMatchObject({
      kind: 'update',
      deleteAfter: false,
      object: {
        metadata: { deletionTimestamp: '2025-01-01T10:00:30Z', deletionGracePeriodSeconds: 30 },
      },
    });
  });

  it('lets a second delete shorten the grace period only, counting from the first', () => {
    const terminating = pod(
      { nodeName: 'n' },
      { deletionTimestamp: '2025-01-01T10:00:20Z', deletionGracePeriodSeconds: 30 },
    );
    expect(plan(PODS, terminating, 30)).toEqual({ kind: 'pending' });
    expect(plan(PODS, terminating)).toEqual({ kind: 'pending' });
    expect(plan(PODS, terminating, 25)).toMatchObject({
      kind: 'update',
      deleteAfter: false,
      object: {
        metadata: { deletionTimestamp: '2025-01-01T10:00:15Z', deletionGracePeriodSeconds: 25 },
      },
    });
    // Shortened into the past: now, and 1 s unless a forced (0) deletion.
    expect(plan(PODS, terminating, 5)).toMatchObject({
      object: {
        metadata: { deletionTimestamp: '2025-01-01T10:00:00Z', deletionGracePeriodSeconds: 1 },
      },
    });
    expect(plan(PODS, terminating, 0)).toMatchObject({ kind: 'update', deleteAfter: true });
  });

  it('holds an object with finalizers: deletionTimestamp now, grace 0, no deletion', () => {
    const held = pod({}, { finalizers: ['example.com/hold'] });
    expect(plan(PODS, held)).toMatchObject({
      kind: 'update',
      deleteAfter: false,
      object: { metadata: { deletionGracePeriodSeconds: 0 } },
    });
    const cm: KubeObject = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'c', finalizers: ['x'] },
    };
    expect(plan(CONFIGMAPS, cm)).toMatchObject({
      kind: 'update',
      deleteAfter: false,
      object: {
        metadata: { deletionTimestamp: '2025-01-01T10:00:00Z', deletionGracePeriodSeconds: 0 },
      },
    });
  });

  it('deletes an object without graceful strategy or finalizers at once', () => {
    const cm: KubeObject = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' } };
    expect(plan(CONFIGMAPS, cm, 10)).toEqual({ kind: 'delete' });
  });
});

describe('podGracePeriod (CheckGracefulDelete)', () => {
  it('is the request, else the pod’s own, 0 when unscheduled or finished, 1 when negative', () => {
    expect(podGracePeriod(pod({ nodeName: 'n' }), 5)).toBe(5);
    expect(podGracePeriod(pod({ nodeName: 'n' }), undefined)).toBe(30);
    expect(podGracePeriod(pod({ nodeName: 'n' }), -3)).toBe(1);
    expect(podGracePeriod(pod({}), 5)).toBe(0);
    const done = pod({ nodeName: 'n' });
    done.status = { phase: 'Succeeded' };
    expect(podGracePeriod(done, 5)).toBe(0);
  });
});

describe('updateFinishesDeletion (shouldDeleteDuringUpdate)', () => {
  it('removes an object once its last finalizer goes and no grace is left', () => {
    const held = pod(
      {},
      { finalizers: ['a'], deletionTimestamp: 'x', deletionGracePeriodSeconds: 0 },
    );
    const released = pod({}, { deletionTimestamp: 'x', deletionGracePeriodSeconds: 0 });
    expect(updateFinishesDeletion(held, released)).toBe(true);
    expect(updateFinishesDeletion(held, held)).toBe(false);
    const graceful = pod(
      {},
      { finalizers: ['a'], deletionTimestamp: 'x', deletionGracePeriodSeconds: 30 },
    );
    expect(updateFinishesDeletion(graceful, released)).toBe(false);
  });
});
