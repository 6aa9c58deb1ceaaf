import type { KubeObject } from '../kube-object.js';

/**
 * `core/v1.ObjectReference` as events carry it (`involvedObject`, `regarding`, `related`).
 * Fields are in Go's declaration order and empty ones are left out (`omitempty`), so an event
 * serialises as a real one does.
 */
export interface ObjectReference {
  kind?: string;
  namespace?: string;
  name?: string;
  uid?: string;
  apiVersion?: string;
  resourceVersion?: string;
  fieldPath?: string;
}

const FIELDS = [
  'kind',
  'namespace',
  'name',
  'uid',
  'apiVersion',
  'resourceVersion',
  'fieldPath',
] as const;

/**
 * `reference.GetReference`: what a recorder writes about an object — its kind and apiVersion,
 * namespace, name, uid and the resourceVersion it had when the event happened. `fieldPath`
 * names a part of it (`spec.containers{nginx}` for a container's events).
 */
export function objectReference(object: KubeObject, fieldPath?: string): ObjectReference {
  return compactReference({
    kind: object.kind,
    namespace: object.metadata.namespace,
    name: object.metadata.name,
    uid: object.metadata.uid,
    apiVersion: object.apiVersion,
    resourceVersion: object.metadata.resourceVersion,
    fieldPath,
  });
}

/** A reference as given, or the reference of an object. */
export function toReference(target: KubeObject | ObjectReference): ObjectReference {
  return 'metadata' in target && typeof target.metadata === 'object'
    ? objectReference(target as KubeObject)
    : compactReference(target as ObjectReference);
}

/** The reference in Go field order, without empty fields. */
export function compactReference(
  ref: Partial<Record<keyof ObjectReference, unknown>>,
): ObjectReference {
  const out: ObjectReference = {};
  for (const field of FIELDS) {
    const value = ref[field];
    if (typeof value === 'string' && value !== '') out[field] = value;
  }
  return out;
}

/** Every field, in order, as one string: Go compares references as whole structs. */
export function referenceKey(ref: ObjectReference | undefined): string {
  return FIELDS.map((field) => ref?.[field] ?? '').join('\u0000');
}
