/**
 * The scheduler's two writes to a pod. Binding is what `POST pods/<name>/binding` does on the
 * API server (`BindingREST.Create` → `setPodNodeAndMetadata`, as in
 * apiserver/pod-subresources/binding.ts): straight to storage, around the pod strategy that
 * would refuse a change of `spec.nodeName`, with the pod's uid as precondition. The failure
 * condition is a `pods/status` update (`updatePod` with `podutil.UpdatePodCondition`).
 */
import { asObject, asString } from '../admission/json-access.js';
import type { Registry } from '../apiserver/registry/registry.js';
import { findResource, type ResourceInfo } from '../apiserver/resources.js';
import { ApiError, conflict, notFound } from '../apiserver/status.js';
import { storeErrorToApiError } from '../apiserver/storage.js';
import { wireTime } from '../events/event-time.js';
import { isPlainObject, type KubeObject } from '../kube-object.js';
import { ConflictError, NotFoundError } from '../store/index.js';

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
 * Binds the pod (identified by uid) to `nodeName`, with `PodScheduled=True`. Throws the API
 * server's 404/409 when the pod is gone, replaced, being deleted or already bound.
 */
export async function bindPod(
  registry: Registry,
  pod: KubeObject,
  nodeName: string,
  now: Date,
): Promise<KubeObject> {
  const namespace = pod.metadata.namespace ?? '';
  const name = pod.metadata.name ?? '';
  for (let attempt = 1; ; attempt++) {
    const current = registry.storage.get('pods', namespace, name);
    if (!current || current.metadata.uid !== pod.metadata.uid) {
      throw notFound({ group: '', resource: 'pods' }, name);
    }
    const refuse = (reason: string) =>
      conflict({ group: '', resource: 'pods/binding' }, name, reason);
    const spec = asObject(current.spec) ?? {};
    if (current.metadata.deletionTimestamp)
      throw refuse(`pod ${name} is being deleted, cannot be assigned to a host`);
    const bound = asString(spec.nodeName);
    if (bound !== '')
      throw refuse(`pod ${name} is already assigned to node ${JSON.stringify(bound)}`);
    if (Array.isArray(spec.schedulingGates) && spec.schedulingGates.length > 0)
      throw refuse(`pod ${name} has non-empty .spec.schedulingGates`);
    const updated = structuredClone(current);
    (updated.spec as Record<string, unknown>).nodeName = nodeName;
    updatePodCondition(updated, {
      type: 'PodScheduled',
      status: 'True',
      lastProbeTime: null,
      lastTransitionTime: wireTime(now),
    });
    try {
      return await registry.storage.update('pods', updated, {
        expectedResourceVersion: current.metadata.resourceVersion,
      });
    } catch (error) {
      if (error instanceof NotFoundError) throw notFound({ group: '', resource: 'pods' }, name);
      if (!(error instanceof ConflictError) || attempt >= MAX_ATTEMPTS)
        throw storeErrorToApiError(error) ?? error;
    }
  }
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
