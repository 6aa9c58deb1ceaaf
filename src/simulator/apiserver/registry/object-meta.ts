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
