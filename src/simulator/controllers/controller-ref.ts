/**
 * Controller references (`metav1.GetControllerOf`, `NewControllerRef`) and the adoption rules
 * of client-go's `ControllerRefManager`: a controller claims the objects it owns whose labels
 * its selector still matches, releases the ones it owns that no longer match, and adopts
 * orphans that match — never what another controller owns.
 */

import type { KubeObject, OwnerReference } from '../kube-object.js';

/** The owner reference marked `controller: true`, if any. */
export function controllerOf(object: KubeObject): OwnerReference | undefined {
  return object.metadata.ownerReferences?.find((ref) => ref.controller === true);
}

/** Whether `object` is controlled by `owner` (same uid). */
export function isControlledBy(object: KubeObject, owner: KubeObject): boolean {
  const ref = controllerOf(object);
  return ref !== undefined && ref.uid === owner.metadata.uid;
}

/** `NewControllerRef`: how a Deployment names itself on its ReplicaSets, a ReplicaSet on its pods. */
export function newControllerRef(owner: KubeObject): OwnerReference {
  return {
    apiVersion: owner.apiVersion,
    kind: owner.kind,
    name: owner.metadata.name ?? '',
    uid: owner.metadata.uid ?? '',
    controller: true,
    blockOwnerDeletion: true,
  };
}

export interface ClaimActions {
  /** Whether the owner's selector matches the candidate. */
  matches(candidate: KubeObject): boolean;
  adopt(candidate: KubeObject): Promise<void>;
  release(candidate: KubeObject): Promise<void>;
}

/**
 * `ClaimObject` over every candidate: returns those the owner now controls. Adoption and
 * release are writes; one that fails on a vanished object is skipped, any other error is
 * thrown after the others were tried (the controller retries).
 */
export async function claimObjects(
  owner: KubeObject,
  candidates: readonly KubeObject[],
  actions: ClaimActions,
): Promise<KubeObject[]> {
  const ownerDeleting = owner.metadata.deletionTimestamp !== undefined;
  const claimed: KubeObject[] = [];
  let failure: unknown;
  for (const candidate of candidates) {
    const ref = controllerOf(candidate);
    try {
      if (ref) {
        if (ref.uid !== owner.metadata.uid) continue;
        if (actions.matches(candidate)) claimed.push(candidate);
        else if (!ownerDeleting) await actions.release(candidate);
        continue;
      }
      if (ownerDeleting || !actions.matches(candidate)) continue;
      if (candidate.metadata.deletionTimestamp) continue;
      await actions.adopt(candidate);
      claimed.push(candidate);
    } catch (error) {
      if (isNotFound(error)) continue;
      failure ??= error;
    }
  }
  if (failure !== undefined) throw failure;
  return claimed;
}

function isNotFound(error: unknown) {
  return (
    typeof error === 'object' &&
    error !== null &&
    'code' in error &&
    (error as { code: unknown }).code === 404
  );
}

/** The object with `ref` added, or with every reference to `ownerUid` removed. */
export function withOwnerReference(object: KubeObject, ref: OwnerReference): KubeObject {
  const copy = structuredClone(object);
  copy.metadata.ownerReferences = [...(copy.metadata.ownerReferences ?? []), ref];
  return copy;
}

export function withoutOwnerReference(object: KubeObject, ownerUid: string): KubeObject {
  const copy = structuredClone(object);
  const remaining = (copy.metadata.ownerReferences ?? []).filter((ref) => ref.uid !== ownerUid);
  if (remaining.length) copy.metadata.ownerReferences = remaining;
  else delete copy.metadata.ownerReferences;
  return copy;
}
