import {
  nameIsDnsLabel,
  nameIsDnsSubdomain,
  nameIsPathSegment,
} from '../../admission/name-validation.js';
import {
  validateObjectMeta,
  validateObjectMetaUpdate,
} from '../../admission/object-meta-validation.js';
import type { KubeObject } from '../../kube-object.js';
import type { ResourceInfo } from '../resources.js';
import type { FieldError } from '../status.js';

/** The name rule of each registry: DNS label for namespaces, path segment for RBAC, else subdomain. */
function nameRule(info: ResourceInfo) {
  if (info.resource === 'namespaces') return nameIsDnsLabel;
  if (info.group === 'rbac.authorization.k8s.io') return nameIsPathSegment;
  return nameIsDnsSubdomain;
}

/** What every resource without validation of its own checks: its metadata. */
export function validateMetaOnCreate(info: ResourceInfo, object: KubeObject): FieldError[] {
  return validateObjectMeta(object.metadata, {
    name: nameRule(info),
    requiresNamespace: info.namespaced,
  });
}

export function validateMetaOnUpdate(object: KubeObject, old: KubeObject): FieldError[] {
  return validateObjectMetaUpdate(object.metadata, old.metadata);
}

/**
 * Drops the ObjectMeta maps and lists a write left empty (`kubectl label pod x app-` removing the
 * last label, a JSON patch removing the last finalizer). They are `omitempty` in Go, and a real
 * server stores what its typed decode made of the body, so an emptied `labels: {}` is never
 * served back.
 */
export function dropEmptyMetaCollections(object: KubeObject): void {
  const meta = object.metadata as Record<string, unknown>;
  for (const key of ['labels', 'annotations', 'finalizers', 'ownerReferences', 'managedFields']) {
    const value = meta[key];
    if (Array.isArray(value) ? value.length === 0 : isEmptyMap(value)) delete meta[key];
  }
}

function isEmptyMap(value: unknown) {
  return typeof value === 'object' && value !== null && Object.keys(value).length === 0;
}
