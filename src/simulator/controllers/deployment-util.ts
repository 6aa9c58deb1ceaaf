/**
 * The arithmetic of `pkg/controller/deployment/util/deployment_util.go`: a Deployment's knobs
 * read from its (defaulted) spec, surge and unavailability resolved against the replica count,
 * revisions and the annotations a Deployment keeps on its ReplicaSets, and which ReplicaSet is
 * the new one (same pod template, the hash label aside).
 */

import { semanticEqual } from '../admission/go-diff.js';
import { isPlainObject, type KubeObject } from '../kube-object.js';

export const REVISION = 'deployment.kubernetes.io/revision';
export const REVISION_HISTORY = 'deployment.kubernetes.io/revision-history';
export const DESIRED_REPLICAS = 'deployment.kubernetes.io/desired-replicas';
export const MAX_REPLICAS = 'deployment.kubernetes.io/max-replicas';
export const HASH_LABEL = 'pod-template-hash';
/** `maxRevHistoryLengthInChars`. */
const MAX_REVISION_HISTORY_CHARS = 2000;
/** `math.MaxInt32` means "no limit" for the deadline and the history limit. */
const MAX_INT32 = 2147483647;

/** Annotations a Deployment never copies to its ReplicaSets (`annotationsToSkip`). */
const SKIPPED_ANNOTATIONS = new Set([
  'kubectl.kubernetes.io/last-applied-configuration',
  REVISION,
  REVISION_HISTORY,
  DESIRED_REPLICAS,
  MAX_REPLICAS,
  'deprecated.deployment.rollback.to',
]);

function spec(object: KubeObject): Record<string, unknown> {
  return isPlainObject(object.spec) ? object.spec : {};
}

function int(value: unknown, fallback = 0): number {
  return typeof value === 'number' ? value : fallback;
}

/** `spec.replicas` of a Deployment or ReplicaSet (defaulted to 1 on every write). */
export function replicasOf(object: KubeObject): number {
  return int(spec(object).replicas, 1);
}

export function statusOf(object: KubeObject): Record<string, unknown> {
  return isPlainObject(object.status) ? object.status : {};
}

export function statusReplicas(rs: KubeObject, field: string): number {
  return int(statusOf(rs)[field]);
}

export function templateOf(object: KubeObject): Record<string, unknown> {
  const template = spec(object).template;
  return isPlainObject(template) ? template : {};
}

export function deploymentSettings(d: KubeObject) {
  const s = spec(d);
  const strategy = isPlainObject(s.strategy) ? s.strategy : {};
  const rollingUpdate = isPlainObject(strategy.rollingUpdate) ? strategy.rollingUpdate : {};
  const deadline = s.progressDeadlineSeconds;
  const historyLimit = s.revisionHistoryLimit;
  return {
    replicas: replicasOf(d),
    selector: s.selector,
    rolling: strategy.type === 'RollingUpdate',
    recreate: strategy.type === 'Recreate',
    maxSurge: rollingUpdate.maxSurge,
    maxUnavailable: rollingUpdate.maxUnavailable,
    minReadySeconds: int(s.minReadySeconds),
    paused: s.paused === true,
    /** `HasProgressDeadline`. */
    progressDeadlineSeconds:
      typeof deadline === 'number' && deadline !== MAX_INT32 ? deadline : undefined,
    /** `HasRevisionHistoryLimit`. */
    revisionHistoryLimit:
      typeof historyLimit === 'number' && historyLimit !== MAX_INT32 ? historyLimit : undefined,
  };
}

/** `intstr.GetScaledValueFromIntOrPercent`. */
export function scaledValue(value: unknown, total: number, roundUp: boolean): number {
  if (typeof value === 'number') return value;
  if (typeof value !== 'string' || !value.endsWith('%')) return 0;
  const percent = Number(value.slice(0, -1));
  if (!Number.isFinite(percent)) return 0;
  const scaled = (percent * total) / 100;
  return roundUp ? Math.ceil(scaled) : Math.floor(scaled);
}

/** `ResolveFenceposts`: surge rounds up, unavailability down, and both 0 makes it 1. */
export function resolveFenceposts(maxSurge: unknown, maxUnavailable: unknown, desired: number) {
  const surge = scaledValue(maxSurge ?? 0, desired, true);
  let unavailable = scaledValue(maxUnavailable ?? 0, desired, false);
  if (surge === 0 && unavailable === 0) unavailable = 1;
  return { surge, unavailable };
}

export function maxSurge(d: KubeObject): number {
  const s = deploymentSettings(d);
  if (!s.rolling) return 0;
  return resolveFenceposts(s.maxSurge, s.maxUnavailable, s.replicas).surge;
}

export function maxUnavailable(d: KubeObject): number {
  const s = deploymentSettings(d);
  if (!s.rolling || s.replicas === 0) return 0;
  const { unavailable } = resolveFenceposts(s.maxSurge, s.maxUnavailable, s.replicas);
  return Math.min(unavailable, s.replicas);
}

/** A ReplicaSet's revision (0 when it has none, undefined when it does not parse). */
export function revisionOf(rs: KubeObject): number | undefined {
  const value = rs.metadata.annotations?.[REVISION];
  if (value === undefined) return 0;
  return /^-?\d+$/.test(value) ? Number(value) : undefined;
}

export function maxRevision(replicaSets: readonly KubeObject[]): number {
  let max = 0;
  for (const rs of replicaSets) max = Math.max(max, revisionOf(rs) ?? 0);
  return max;
}

function annotationInt(rs: KubeObject, key: string): number | undefined {
  const value = rs.metadata.annotations?.[key];
  return value !== undefined && /^-?\d+$/.test(value) ? Number(value) : undefined;
}

export const desiredReplicasAnnotation = (rs: KubeObject) => annotationInt(rs, DESIRED_REPLICAS);
export const maxReplicasAnnotation = (rs: KubeObject) => annotationInt(rs, MAX_REPLICAS);

/** `SetReplicasAnnotations`: whether it changed anything. */
export function setReplicasAnnotations(rs: KubeObject, desired: number, max: number): boolean {
  rs.metadata.annotations ??= {};
  const annotations = rs.metadata.annotations;
  let updated = false;
  for (const [key, value] of [
    [DESIRED_REPLICAS, String(desired)],
    [MAX_REPLICAS, String(max)],
  ] as const) {
    if (annotations[key] !== value) {
      annotations[key] = value;
      updated = true;
    }
  }
  return updated;
}

export function replicasAnnotationsNeedUpdate(rs: KubeObject, desired: number, max: number) {
  const annotations = rs.metadata.annotations ?? {};
  return (
    annotations[DESIRED_REPLICAS] !== String(desired) || annotations[MAX_REPLICAS] !== String(max)
  );
}

/**
 * `SetNewReplicaSetAnnotations`: the Deployment's own annotations (but the skipped ones), the
 * revision raised to `newRevision` (an older revision moving to `revision-history`, as when a
 * rollback re-activates an old ReplicaSet), and for a ReplicaSet about to be created the
 * desired and maximum replica counts. Returns whether anything changed.
 */
export function setNewReplicaSetAnnotations(
  d: KubeObject,
  rs: KubeObject,
  newRevision: number,
  exists: boolean,
): boolean {
  rs.metadata.annotations ??= {};
  const annotations = rs.metadata.annotations;
  let changed = false;
  for (const [key, value] of Object.entries(d.metadata.annotations ?? {})) {
    if (SKIPPED_ANNOTATIONS.has(key) || annotations[key] === value) continue;
    annotations[key] = value;
    changed = true;
  }
  const oldText = annotations[REVISION];
  const oldRevision = oldText === undefined || oldText === '' ? 0 : Number(oldText);
  if (!Number.isInteger(oldRevision)) return false;
  if (oldRevision < newRevision) {
    annotations[REVISION] = String(newRevision);
    changed = true;
    if (oldText !== undefined) {
      const history = annotations[REVISION_HISTORY] ?? '';
      const entries = history === '' ? [] : history.split(',');
      entries.push(oldText);
      while (entries.join(',').length > MAX_REVISION_HISTORY_CHARS) entries.shift();
      annotations[REVISION_HISTORY] = entries.join(',');
    }
  }
  if (!exists && setReplicasAnnotations(rs, replicasOf(d), replicasOf(d) + maxSurge(d))) {
    changed = true;
  }
  return changed;
}

/** The template without the hash label, as `EqualIgnoreHash` compares it. */
function withoutHash(template: Record<string, unknown>): Record<string, unknown> {
  const copy = structuredClone(template);
  const meta = isPlainObject(copy.metadata) ? copy.metadata : undefined;
  if (meta && isPlainObject(meta.labels)) {
    delete meta.labels[HASH_LABEL];
    if (Object.keys(meta.labels).length === 0) delete meta.labels;
  }
  return copy;
}

export function equalIgnoreHash(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  return semanticEqual(withoutHash(a), withoutHash(b));
}

export function creationOrder(a: KubeObject, b: KubeObject): number {
  const ta = a.metadata.creationTimestamp ?? '';
  const tb = b.metadata.creationTimestamp ?? '';
  if (ta !== tb) return ta < tb ? -1 : 1;
  return (a.metadata.name ?? '') < (b.metadata.name ?? '') ? -1 : 1;
}

/** `FindNewReplicaSet`: the oldest ReplicaSet whose template is the Deployment's. */
export function findNewReplicaSet(d: KubeObject, replicaSets: readonly KubeObject[]) {
  const template = templateOf(d);
  return [...replicaSets]
    .sort(creationOrder)
    .find((rs) => equalIgnoreHash(templateOf(rs), template));
}

export function sumReplicas(replicaSets: readonly KubeObject[]): number {
  return replicaSets.reduce((sum, rs) => sum + replicasOf(rs), 0);
}

export function sumStatus(replicaSets: readonly KubeObject[], field: string): number {
  return replicaSets.reduce((sum, rs) => sum + statusReplicas(rs, field), 0);
}

export function activeReplicaSets(replicaSets: readonly KubeObject[]) {
  return replicaSets.filter((rs) => replicasOf(rs) > 0);
}

/** `NewRSNewReplicas`: how far the new ReplicaSet may grow now. */
export function newRSNewReplicas(d: KubeObject, all: readonly KubeObject[], newRS: KubeObject) {
  const s = deploymentSettings(d);
  if (!s.rolling) return s.replicas;
  const surge = scaledValue(s.maxSurge, s.replicas, true);
  const current = sumReplicas(all);
  const maxTotal = s.replicas + surge;
  if (current >= maxTotal) return replicasOf(newRS);
  const scaleUp = Math.min(maxTotal - current, s.replicas - replicasOf(newRS));
  return replicasOf(newRS) + scaleUp;
}

/** `IsSaturated`: the new ReplicaSet holds every desired replica, all available. */
export function isSaturated(d: KubeObject, rs: KubeObject | undefined): boolean {
  if (!rs) return false;
  const desired = desiredReplicasAnnotation(rs);
  const replicas = replicasOf(d);
  return (
    desired === replicas &&
    replicasOf(rs) === replicas &&
    statusReplicas(rs, 'availableReplicas') === replicas
  );
}

/** `GetProportion`: this ReplicaSet's share of a scaling event during a rollout. */
export function proportion(rs: KubeObject, d: KubeObject, toAdd: number, added: number): number {
  if (replicasOf(rs) === 0 || toAdd === 0 || toAdd === added) return 0;
  const allowed = toAdd - added;
  let fraction: number;
  if (replicasOf(d) === 0) {
    fraction = -replicasOf(rs);
  } else {
    const deploymentReplicas = replicasOf(d) + maxSurge(d);
    const annotated = maxReplicasAnnotation(rs) ?? statusReplicas(d, 'replicas');
    // `integer.RoundToInt32`: halves round away from zero.
    const size = (replicasOf(rs) * deploymentReplicas) / annotated;
    fraction = Math.sign(size) * Math.round(Math.abs(size)) - replicasOf(rs);
  }
  return toAdd > 0 ? Math.min(fraction, allowed) : Math.max(fraction, allowed);
}
