import { isPlainObject, type KubeObject } from '../../kube-object.js';

/**
 * A `metadata.managedFields` entry for a write. Real servers compute the exact field set from
 * the typed schema (structured-merge-diff); the simulator records the fields the object sets,
 * one level of `f:` keys per map and lists as atomic values, which is what
 * `kubectl get -o yaml --show-managed-fields` readers look at.
 */
export function managedFieldsEntry(
  object: KubeObject,
  manager: string | undefined,
  now: Date,
  subresource?: string,
) {
  const { metadata, status, apiVersion: _a, kind: _k, ...rest } = object;
  const fields: Record<string, unknown> = {};
  if (subresource === 'status') {
    // A status write cannot change metadata (the status strategy resets it), so its manager
    // (kubelet, kube-scheduler) owns status fields only.
    if (status !== undefined) fields['f:status'] = fieldSet(status);
  } else {
    const metaFields = fieldSet({
      labels: metadata.labels,
      annotations: metadata.annotations,
      finalizers: metadata.finalizers,
    });
    if (Object.keys(metaFields).length) fields['f:metadata'] = metaFields;
    Object.assign(fields, fieldSet(rest));
  }
  return {
    manager: manager || 'unknown',
    operation: 'Update',
    apiVersion: object.apiVersion,
    time: `${now.toISOString().slice(0, 19)}Z`,
    fieldsType: 'FieldsV1',
    fieldsV1: fields,
    ...(subresource ? { subresource } : {}),
  };
}

function fieldSet(value: unknown): Record<string, unknown> {
  if (!isPlainObject(value)) return {};
  const out: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) {
    if (child === undefined || child === null) continue;
    out[`f:${key}`] = isPlainObject(child) ? { '.': {}, ...fieldSet(child) } : {};
  }
  return out;
}
