/**
 * The scheduler's two writes to a pod. Binding is `POST pods/<name>/binding` as the default
 * binder sends it, done by the API server's own implementation (`assignPod` in
 * apiserver/pod-subresources/binding.ts). The failure condition is a `pods/status` update
 * (`updatePod` with `podutil.UpdatePodCondition`).
 */
import { assignPod } from '../apiserver/pod-subresources/binding.js';
import type { Registry } from '../apiserver/registry/registry.js';
import { findResource, type ResourceInfo } from '../apiserver/resources.js';
import { ApiError, notFound } from '../apiserver/status.js';
import { wireTime } from '../events/event-time.js';
import { isPlainObject, type KubeObject } from '../kube-object.js';

const PODS = findResource('', 'v1', 'pods') as ResourceInfo;
const MAX_ATTEMPTS = 5;

interface PodCondition {
  type: string;
  status: string;
  lastProbeTime: null;
  lastTransitionTime: string;
  reason?: string;
  message?: string;
}

function conditionsOf(pod: KubeObject): Record<string, unknown>[] {
  const status = isPlainObject(pod.status) ? pod.status : {};
  pod.status = status;
  if (!Array.isArray(status.conditions)) status.conditions = [];
  return status.conditions as Record<string, unknown>[];
}

/**
 * `podutil.UpdatePodCondition`: sets the condition, keeping its transition time when the status
 * did not flip. False when nothing changed.
 */
export function updatePodCondition(pod: KubeObject, condition: PodCondition): boolean {
  const conditions = conditionsOf(pod);
  const index = conditions.findIndex((c) => isPlainObject(c) && c.type === condition.type);
  const old = index >= 0 ? conditions[index] : undefined;
  if (!old) {
    conditions.push({ ...condition });
    return true;
  }
  const next: PodCondition = { ...condition };
  if (old.status === condition.status && typeof old.lastTransitionTime === 'string') {
    next.lastTransitionTime = old.lastTransitionTime;
  }
  const same =
    old.status === next.status &&
    (old.reason ?? undefined) === next.reason &&
    (old.message ?? undefined) === next.message &&
    (old.lastProbeTime ?? null) === next.lastProbeTime &&
    old.lastTransitionTime === next.lastTransitionTime;
  conditions[index] = { ...next };
  return !same;
}

/**
 * Binds the pod (identified by uid) to `nodeName`, with `PodScheduled=True`: the Binding
 * `DefaultBinder` posts (the pod's name, namespace and uid; a Node target). Throws the API
 * server's 404/409 when the pod is gone, being deleted or already bound; a pod replaced under
 * the same name counts as gone (404), which the scheduler answers by dropping it.
 */
export async function bindPod(
  registry: Registry,
  pod: KubeObject,
  nodeName: string,
  now: Date,
): Promise<KubeObject> {
  const namespace = pod.metadata.namespace ?? '';
  const name = pod.metadata.name ?? '';
  const current = registry.storage.get('pods', namespace, name);
  if (!current || current.metadata.uid !== pod.metadata.uid) {
    throw notFound({ group: '', resource: 'pods' }, name);
  }
  const binding: KubeObject = {
    apiVersion: 'v1',
    kind: 'Binding',
    metadata: { namespace, name, ...(pod.metadata.uid ? { uid: pod.metadata.uid } : {}) },
    target: { kind: 'Node', name: nodeName },
  };
  return assignPod(registry.storage, namespace, name, binding, nodeName, now);
}

/**
 * Records why the pod is not scheduled: `PodScheduled=False` with the reason (`Unschedulable`,
 * `SchedulerError`) and the full message, written only when it changed. Gone pods are ignored.
 */
export async function markUnschedulable(
  registry: Registry,
  pod: KubeObject,
  reason: string,
  message: string,
  now: Date,
): Promise<void> {
  const namespace = pod.metadata.namespace ?? '';
  const name = pod.metadata.name ?? '';
  for (let attempt = 1; ; attempt++) {
    const current = registry.storage.get('pods', namespace, name);
    if (!current || current.metadata.uid !== pod.metadata.uid) return;
    const updated = structuredClone(current);
    const changed = updatePodCondition(updated, {
      type: 'PodScheduled',
      status: 'False',
      lastProbeTime: null,
      lastTransitionTime: wireTime(now),
      reason,
      message,
    });
    if (!changed) return;
    try {
      await registry.update(PODS, namespace, name, updated, {
        subresource: 'status',
        fieldManager: 'kube-scheduler',
      });
      return;
    } catch (error) {
      if (error instanceof ApiError && error.code === 404) return;
      if (!(error instanceof ApiError && error.code === 409) || attempt >= MAX_ATTEMPTS)
        throw error;
    }
  }
}
