/**
 * What the workload controllers read from a pod (`pkg/api/v1/pod/util.go`,
 * `controller.IsPodActive`): whether it still counts (not finished, not being deleted), whether
 * it is Ready, and since when — available means Ready for at least `minReadySeconds`.
 */

import { isPlainObject, type KubeObject } from '../kube-object.js';

interface Condition {
  type?: string;
  status?: string;
  lastTransitionTime?: string;
}

function status(pod: KubeObject): Record<string, unknown> {
  return isPlainObject(pod.status) ? pod.status : {};
}

export function podPhase(pod: KubeObject): string {
  const phase = status(pod).phase;
  return typeof phase === 'string' ? phase : '';
}

export function podNodeName(pod: KubeObject): string {
  const spec = isPlainObject(pod.spec) ? pod.spec : {};
  return typeof spec.nodeName === 'string' ? spec.nodeName : '';
}

/** `IsPodActive`: not Succeeded or Failed, and no deletion under way. */
export function isPodActive(pod: KubeObject): boolean {
  const phase = podPhase(pod);
  return phase !== 'Succeeded' && phase !== 'Failed' && !pod.metadata.deletionTimestamp;
}

function readyCondition(pod: KubeObject): Condition | undefined {
  const conditions = status(pod).conditions;
  if (!Array.isArray(conditions)) return undefined;
  return conditions.find((c): c is Condition => isPlainObject(c) && c.type === 'Ready');
}

export function isPodReady(pod: KubeObject): boolean {
  return readyCondition(pod)?.status === 'True';
}

/** When the pod last became Ready (ms), or undefined when it is not Ready. */
export function podReadySince(pod: KubeObject): number | undefined {
  const condition = readyCondition(pod);
  if (condition?.status !== 'True' || !condition.lastTransitionTime) return undefined;
  const time = Date.parse(condition.lastTransitionTime);
  return Number.isNaN(time) ? undefined : time;
}

/** `IsPodAvailable`: Ready, and for longer than `minReadySeconds` when that is set. */
export function isPodAvailable(pod: KubeObject, minReadySeconds: number, now: number): boolean {
  if (!isPodReady(pod)) return false;
  if (minReadySeconds <= 0) return true;
  const since = podReadySince(pod);
  return since !== undefined && since + minReadySeconds * 1000 < now;
}

/** The highest restart count among the pod's containers (`compareMaxContainerRestarts`). */
export function maxContainerRestarts(pod: KubeObject): number {
  let max = 0;
  for (const field of ['containerStatuses', 'initContainerStatuses']) {
    const statuses = status(pod)[field];
    if (!Array.isArray(statuses)) continue;
    for (const entry of statuses) {
      const count = isPlainObject(entry) ? entry.restartCount : 0;
      if (typeof count === 'number' && count > max) max = count;
    }
  }
  return max;
}
