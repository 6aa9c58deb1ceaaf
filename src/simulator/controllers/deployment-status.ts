/**
 * A Deployment's status (`sync.go calculateStatus`, `progress.go syncRolloutStatus`): replica
 * counts summed over its ReplicaSets, the `Available` condition (at least replicas −
 * maxUnavailable available) and, with a progress deadline, `Progressing` — new ReplicaSet
 * created or found, progressing, successfully progressed, or timed out. Setting a condition
 * with the same status and reason changes nothing; a new one goes to the end of the list, so a
 * settled Deployment lists `Available` then `Progressing`.
 */

import { rfc3339 } from '../apiserver/registry/registry.js';
import { isPlainObject, type KubeObject } from '../kube-object.js';
import {
  deploymentSettings,
  maxUnavailable,
  replicasOf,
  statusOf,
  sumReplicas,
  sumStatus,
} from './deployment-util.js';

export interface DeploymentCondition {
  type: string;
  status: string;
  lastUpdateTime: string;
  lastTransitionTime: string;
  reason: string;
  message: string;
}

export interface DeploymentStatus {
  observedGeneration?: number;
  replicas?: number;
  updatedReplicas?: number;
  readyReplicas?: number;
  availableReplicas?: number;
  unavailableReplicas?: number;
  conditions?: DeploymentCondition[];
  collisionCount?: number;
}

export const REASONS = {
  replicaSetUpdated: 'ReplicaSetUpdated',
  failedCreate: 'ReplicaSetCreateError',
  newReplicaSet: 'NewReplicaSetCreated',
  foundNewReplicaSet: 'FoundNewReplicaSet',
  newReplicaSetAvailable: 'NewReplicaSetAvailable',
  timedOut: 'ProgressDeadlineExceeded',
  paused: 'DeploymentPaused',
  resumed: 'DeploymentResumed',
  minimumAvailable: 'MinimumReplicasAvailable',
  minimumUnavailable: 'MinimumReplicasUnavailable',
} as const;

/** The status as stored, fields in Go's order, zeros left out (`omitempty`). */
export function deploymentStatus(d: KubeObject): DeploymentStatus {
  return normalise(statusOf(d) as DeploymentStatus);
}

export function normalise(status: DeploymentStatus): DeploymentStatus {
  const out: DeploymentStatus = {};
  for (const field of [
    'observedGeneration',
    'replicas',
    'updatedReplicas',
    'readyReplicas',
    'availableReplicas',
    'unavailableReplicas',
  ] as const) {
    const value = status[field];
    if (typeof value === 'number' && value !== 0) out[field] = value;
  }
  if (status.conditions?.length) out.conditions = status.conditions;
  if (typeof status.collisionCount === 'number') out.collisionCount = status.collisionCount;
  return out;
}

export function statusEqual(a: DeploymentStatus, b: DeploymentStatus): boolean {
  return JSON.stringify(normalise(a)) === JSON.stringify(normalise(b));
}

export function newCondition(
  type: string,
  status: string,
  reason: string,
  message: string,
  now: Date,
): DeploymentCondition {
  const time = rfc3339(now);
  return { type, status, lastUpdateTime: time, lastTransitionTime: time, reason, message };
}

export function getCondition(status: DeploymentStatus, type: string) {
  return status.conditions?.find((c) => c.type === type);
}

/** `SetDeploymentCondition`. */
export function setCondition(status: DeploymentStatus, condition: DeploymentCondition): void {
  const current = getCondition(status, condition.type);
  if (current && current.status === condition.status && current.reason === condition.reason) {
    return;
  }
  const next = { ...condition };
  if (current && current.status === condition.status) {
    next.lastTransitionTime = current.lastTransitionTime;
  }
  status.conditions = [...(status.conditions ?? []).filter((c) => c.type !== condition.type), next];
}

export function removeCondition(status: DeploymentStatus, type: string): void {
  status.conditions = (status.conditions ?? []).filter((c) => c.type !== type);
}

/** `calculateStatus`. */
export function calculateStatus(
  all: readonly KubeObject[],
  newRS: KubeObject | undefined,
  d: KubeObject,
  now: Date,
): DeploymentStatus {
  const available = sumStatus(all, 'availableReplicas');
  const previous = deploymentStatus(d);
  const status: DeploymentStatus = {
    observedGeneration: d.metadata.generation ?? 0,
    replicas: sumStatus(all, 'replicas'),
    updatedReplicas: newRS ? sumStatus([newRS], 'replicas') : 0,
    readyReplicas: sumStatus(all, 'readyReplicas'),
    availableReplicas: available,
    unavailableReplicas: Math.max(0, sumReplicas(all) - available),
    conditions: [...(previous.conditions ?? [])],
    ...(previous.collisionCount !== undefined ? { collisionCount: previous.collisionCount } : {}),
  };
  if (available >= replicasOf(d) - maxUnavailable(d)) {
    setCondition(
      status,
      newCondition(
        'Available',
        'True',
        REASONS.minimumAvailable,
        'Deployment has minimum availability.',
        now,
      ),
    );
  } else {
    setCondition(
      status,
      newCondition(
        'Available',
        'False',
        REASONS.minimumUnavailable,
        'Deployment does not have minimum availability.',
        now,
      ),
    );
  }
  return status;
}

/** `DeploymentComplete`. */
export function deploymentComplete(d: KubeObject, status: DeploymentStatus): boolean {
  const replicas = replicasOf(d);
  return (
    (status.updatedReplicas ?? 0) === replicas &&
    (status.replicas ?? 0) === replicas &&
    (status.availableReplicas ?? 0) === replicas &&
    (status.observedGeneration ?? 0) >= (d.metadata.generation ?? 0)
  );
}

/** `DeploymentProgressing`: more updated, ready or available pods, or fewer old ones. */
function deploymentProgressing(d: KubeObject, next: DeploymentStatus): boolean {
  const old = deploymentStatus(d);
  const n = (s: DeploymentStatus, f: keyof DeploymentStatus) => (s[f] as number | undefined) ?? 0;
  return (
    n(next, 'updatedReplicas') > n(old, 'updatedReplicas') ||
    n(next, 'replicas') - n(next, 'updatedReplicas') <
      n(old, 'replicas') - n(old, 'updatedReplicas') ||
    n(next, 'readyReplicas') > n(old, 'readyReplicas') ||
    n(next, 'availableReplicas') > n(old, 'availableReplicas')
  );
}

/** `DeploymentTimedOut`: no progress reported for `progressDeadlineSeconds`. */
function deploymentTimedOut(d: KubeObject, next: DeploymentStatus, now: Date): boolean {
  const deadline = deploymentSettings(d).progressDeadlineSeconds;
  if (deadline === undefined) return false;
  const condition = getCondition(next, 'Progressing');
  if (!condition || condition.reason === REASONS.newReplicaSetAvailable) return false;
  if (condition.reason === REASONS.timedOut) return true;
  return Date.parse(condition.lastUpdateTime) + deadline * 1000 < now.getTime();
}

/**
 * `syncRolloutStatus`'s new status, and when to look again for a progress check
 * (`requeueStuckDeployment`; undefined: no need).
 */
export function rolloutStatus(
  all: readonly KubeObject[],
  newRS: KubeObject | undefined,
  d: KubeObject,
  failure: DeploymentCondition | undefined,
  now: Date,
): { status: DeploymentStatus; recheckMs: number | undefined } {
  const status = calculateStatus(all, newRS, d, now);
  const deadline = deploymentSettings(d).progressDeadlineSeconds;
  if (deadline === undefined) removeCondition(status, 'Progressing');
  const current = getCondition(deploymentStatus(d), 'Progressing');
  const complete =
    status.replicas === status.updatedReplicas &&
    current?.reason === REASONS.newReplicaSetAvailable;
  const name = newRS ? `ReplicaSet "${newRS.metadata.name}"` : `Deployment "${d.metadata.name}"`;
  if (deadline !== undefined && !complete) {
    if (deploymentComplete(d, status)) {
      setCondition(
        status,
        newCondition(
          'Progressing',
          'True',
          REASONS.newReplicaSetAvailable,
          `${name} has successfully progressed.`,
          now,
        ),
      );
    } else if (deploymentProgressing(d, status)) {
      const condition = newCondition(
        'Progressing',
        'True',
        REASONS.replicaSetUpdated,
        `${name} is progressing.`,
        now,
      );
      // Progress refreshes lastUpdateTime even with the same reason; the transition stays.
      if (current) {
        if (current.status === 'True') condition.lastTransitionTime = current.lastTransitionTime;
        removeCondition(status, 'Progressing');
      }
      setCondition(status, condition);
    } else if (deploymentTimedOut(d, status, now)) {
      setCondition(
        status,
        newCondition(
          'Progressing',
          'False',
          REASONS.timedOut,
          `${name} has timed out progressing.`,
          now,
        ),
      );
    }
  }
  if (failure) setCondition(status, failure);
  else removeCondition(status, 'ReplicaFailure');
  let recheckMs: number | undefined;
  if (
    deadline !== undefined &&
    current &&
    !deploymentComplete(d, status) &&
    current.reason !== REASONS.timedOut
  ) {
    const after = Date.parse(current.lastUpdateTime) + deadline * 1000 - now.getTime();
    recheckMs = Math.max(0, after) + 1000;
  }
  return { status, recheckMs };
}

/** `getReplicaFailures`: the new ReplicaSet's `ReplicaFailure`, else any old one's. */
export function replicaFailure(
  all: readonly KubeObject[],
  newRS: KubeObject | undefined,
): DeploymentCondition | undefined {
  const failureOf = (rs: KubeObject): DeploymentCondition | undefined => {
    const conditions = statusOf(rs).conditions;
    if (!Array.isArray(conditions)) return undefined;
    const found = conditions.find((c) => isPlainObject(c) && c.type === 'ReplicaFailure') as
      | Record<string, string>
      | undefined;
    if (!found) return undefined;
    // `ReplicaSetToDeploymentCondition`: both times are the ReplicaSet's transition time.
    return {
      type: 'ReplicaFailure',
      status: found.status ?? '',
      lastUpdateTime: found.lastTransitionTime ?? '',
      lastTransitionTime: found.lastTransitionTime ?? '',
      reason: found.reason ?? '',
      message: found.message ?? '',
    };
  };
  return (newRS && failureOf(newRS)) ?? all.map(failureOf).find((c) => c !== undefined);
}
