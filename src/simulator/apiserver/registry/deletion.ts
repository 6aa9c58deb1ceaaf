import type { KubeObject } from '../../kube-object.js';
import type { ResourceInfo } from '../resources.js';

/**
 * What one DELETE does to a stored object, after the generic registry store (`Store.Delete`,
 * `updateForGracefulDeletionAndFinalizers`) and `rest.BeforeDelete` of Kubernetes 1.32:
 *
 * - `delete`: no marks to write, the object goes now (no graceful strategy, no finalizers);
 * - `update`: write `deletionTimestamp` / `deletionGracePeriodSeconds` first (a watcher sees
 *   MODIFIED), then, when `deleteAfter`, remove the object (DELETED) — what happens to every
 *   pod whose grace period comes out as 0, e.g. one that was never scheduled;
 * - `pending`: a graceful deletion with a grace period at most as long is already under way;
 *   nothing changes.
 */
export type DeletionPlan =
  | { kind: 'delete' }
  | { kind: 'update'; object: KubeObject; deleteAfter: boolean }
  | { kind: 'pending' };

/** Only pods have a graceful delete strategy among the served resources. */
function hasGracefulStrategy(info: ResourceInfo) {
  return info.group === '' && info.resource === 'pods';
}

export function planDeletion(
  info: ResourceInfo,
  old: KubeObject,
  requestedGrace: number | undefined,
  now: Date,
  rfc3339: (date: Date) => string,
): DeletionPlan {
  const meta = old.metadata;
  // BeforeDelete: a negative grace period means 1 second.
  const requested = requestedGrace !== undefined && requestedGrace < 0 ? 1 : requestedGrace;
  const finalizers = (meta.finalizers?.length ?? 0) > 0;
  let marks: { timestamp: number; grace: number } | undefined;
  if (hasGracefulStrategy(info)) {
    if (meta.deletionTimestamp) {
      const oldGrace = meta.deletionGracePeriodSeconds;
      const current = oldGrace !== undefined && oldGrace < 0 ? 1 : oldGrace;
      // A grace period already at 0 (or never set): finish the deletion, no new marks.
      if (current !== undefined && current !== 0) {
        // Only a shorter grace period may be asked for; anything else waits for the first.
        if (requested === undefined || requested >= current) return { kind: 'pending' };
        let timestamp = Date.parse(meta.deletionTimestamp) - current * 1000 + requested * 1000;
        let grace = requested;
        if (timestamp < now.getTime()) {
          timestamp = now.getTime();
          // Still a graceful deletion, as short as one can be; the kubelet finishes it.
          if (grace !== 0) grace = 1;
        }
        marks = { timestamp, grace };
      }
    } else {
      const grace = podGracePeriod(old, requested);
      marks = { timestamp: now.getTime() + grace * 1000, grace };
    }
  }
  if (!marks && !finalizers) return { kind: 'delete' };
  const object = structuredClone(old);
  if (marks) {
    object.metadata.deletionTimestamp = rfc3339(new Date(marks.timestamp));
    object.metadata.deletionGracePeriodSeconds = marks.grace;
  } else {
    // markAsDeleting: finalizers hold the object; its deletion starts now, with no grace.
    const existing = meta.deletionTimestamp ? Date.parse(meta.deletionTimestamp) : undefined;
    if (existing === undefined || existing > now.getTime()) {
      object.metadata.deletionTimestamp = rfc3339(now);
    }
    object.metadata.deletionGracePeriodSeconds = 0;
  }
  return { kind: 'update', object, deleteAfter: !finalizers && marks?.grace === 0 };
}

/**
 * The pod strategy's `CheckGracefulDelete`: the requested grace period, else the pod's own
 * (30 s by default), but 0 for a pod never scheduled or already finished.
 */
export function podGracePeriod(pod: KubeObject, requested: number | undefined) {
  const spec = (pod.spec ?? {}) as { nodeName?: string; terminationGracePeriodSeconds?: number };
  const phase = (pod.status as { phase?: string } | undefined)?.phase;
  let period = requested ?? spec.terminationGracePeriodSeconds ?? 0;
  if (!spec.nodeName || phase === 'Succeeded' || phase === 'Failed') period = 0;
  return period < 0 ? 1 : period;
}

/**
 * `shouldDeleteDuringUpdate`: an update that leaves no finalizer on an object whose deletion has
 * no grace left removes it. A namespace never gets here: it has no
 * `deletionGracePeriodSeconds`, its controller finishes it.
 */
export function updateFinishesDeletion(old: KubeObject, updated: KubeObject) {
  return (
    (updated.metadata.finalizers?.length ?? 0) === 0 &&
    old.metadata.deletionGracePeriodSeconds === 0
  );
}

export type PropagationPolicy = 'Orphan' | 'Background' | 'Foreground';

const ORPHAN = 'orphan';
const FOREGROUND = 'foregroundDeletion';

/**
 * `deletionFinalizersForGarbageCollection`: the finalizers a DELETE leaves on the object so the
 * garbage collector orphans (`orphan`) or first deletes (`foregroundDeletion`) its dependents.
 * An explicit policy (or the legacy `orphanDependents`) wins, then a finalizer already there;
 * every served resource defaults to deleting dependents in the background, which needs none.
 * Undefined when the finalizers stay as they are.
 */
export function propagationFinalizers(
  info: ResourceInfo,
  object: KubeObject,
  policy: PropagationPolicy | undefined,
  orphanDependents: boolean | undefined,
): string[] | undefined {
  // The namespace registry has its own deletion (its controller empties it).
  if (info.group === '' && info.resource === 'namespaces') return undefined;
  const current = object.metadata.finalizers ?? [];
  let orphan: boolean;
  let foreground: boolean;
  if (orphanDependents !== undefined) {
    orphan = orphanDependents;
    foreground = false;
  } else if (policy !== undefined) {
    orphan = policy === 'Orphan';
    foreground = policy === 'Foreground';
  } else {
    const first = current.find((f) => f === ORPHAN || f === FOREGROUND);
    orphan = first === ORPHAN;
    foreground = first === FOREGROUND;
  }
  const next = current.filter((f) => f !== ORPHAN && f !== FOREGROUND);
  if (orphan) next.push(ORPHAN);
  if (foreground) next.push(FOREGROUND);
  const same =
    new Set(next).size === new Set(current).size && next.every((f) => current.includes(f));
  return same ? undefined : next;
}
