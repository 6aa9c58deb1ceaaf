/**
 * A ReplicaSet's status as its controller computes it (`replica_set_utils.go calculateStatus`):
 * counts over the active pods it controls — all of them (`replicas`), those carrying every
 * template label (`fullyLabeledReplicas`), Ready ones, and available ones (Ready for
 * `minReadySeconds`) — plus a `ReplicaFailure` condition while creating or deleting pods fails.
 * Only `replicas` is serialised when zero, as Go's `omitempty` tags say.
 */

import { rfc3339 } from '../apiserver/registry/registry.js';
import { isPlainObject, type KubeObject } from '../kube-object.js';
import { isPodAvailable, isPodReady } from './pod-state.js';

export interface ReplicaSetCondition {
  type: string;
  status: string;
  lastTransitionTime?: string;
  reason?: string;
  message?: string;
}

export interface ReplicaSetStatus {
  replicas: number;
  fullyLabeledReplicas?: number;
  readyReplicas?: number;
  availableReplicas?: number;
  observedGeneration?: number;
  conditions?: ReplicaSetCondition[];
}

export function replicaSetSpec(rs: KubeObject) {
  const spec = isPlainObject(rs.spec) ? rs.spec : {};
  const template = isPlainObject(spec.template) ? spec.template : {};
  const metadata = isPlainObject(template.metadata) ? template.metadata : {};
  return {
    replicas: typeof spec.replicas === 'number' ? spec.replicas : 1,
    minReadySeconds: typeof spec.minReadySeconds === 'number' ? spec.minReadySeconds : 0,
    selector: spec.selector,
    template,
    templateLabels: (isPlainObject(metadata.labels) ? metadata.labels : {}) as Record<
      string,
      string
    >,
  };
}

export function replicaSetStatus(rs: KubeObject): ReplicaSetStatus {
  const status = (isPlainObject(rs.status) ? rs.status : {}) as Partial<ReplicaSetStatus>;
  return { ...status, replicas: status.replicas ?? 0 };
}

/** What a failed create or delete leaves in the status (`ReplicaFailure`). */
export interface ManageFailure {
  reason: 'FailedCreate' | 'FailedDelete';
  message: string;
}

export function calculateStatus(
  rs: KubeObject,
  pods: readonly KubeObject[],
  failure: ManageFailure | undefined,
  now: Date,
): ReplicaSetStatus {
  const { minReadySeconds, templateLabels } = replicaSetSpec(rs);
  let fullyLabeled = 0;
  let ready = 0;
  let available = 0;
  for (const pod of pods) {
    const labels = pod.metadata.labels ?? {};
    if (Object.entries(templateLabels).every(([k, v]) => labels[k] === v)) fullyLabeled++;
    if (isPodReady(pod)) {
      ready++;
      if (isPodAvailable(pod, minReadySeconds, now.getTime())) available++;
    }
  }
  const previous = replicaSetStatus(rs);
  let conditions = previous.conditions ?? [];
  const existing = conditions.find((c) => c.type === 'ReplicaFailure');
  if (failure && !existing) {
    conditions = [
      ...conditions,
      {
        type: 'ReplicaFailure',
        status: 'True',
        lastTransitionTime: rfc3339(now),
        reason: failure.reason,
        message: failure.message,
      },
    ];
  } else if (!failure && existing) {
    conditions = conditions.filter((c) => c.type !== 'ReplicaFailure');
  }
  return {
    replicas: pods.length,
    ...(fullyLabeled ? { fullyLabeledReplicas: fullyLabeled } : {}),
    ...(ready ? { readyReplicas: ready } : {}),
    ...(available ? { availableReplicas: available } : {}),
    ...(previous.observedGeneration ? { observedGeneration: previous.observedGeneration } : {}),
    ...(conditions.length ? { conditions } : {}),
  };
}

/** `updateReplicaSetStatus`'s test: nothing to write when counts, conditions and generation agree. */
export function statusUpToDate(rs: KubeObject, next: ReplicaSetStatus): boolean {
  const current = replicaSetStatus(rs);
  return (
    current.replicas === next.replicas &&
    (current.fullyLabeledReplicas ?? 0) === (next.fullyLabeledReplicas ?? 0) &&
    (current.readyReplicas ?? 0) === (next.readyReplicas ?? 0) &&
    (current.availableReplicas ?? 0) === (next.availableReplicas ?? 0) &&
    (rs.metadata.generation ?? 0) === (current.observedGeneration ?? 0) &&
    JSON.stringify(current.conditions ?? []) === JSON.stringify(next.conditions ?? [])
  );
}
