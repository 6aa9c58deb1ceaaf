/**
 * Roles and bindings. Defaults of `pkg/apis/rbac/v1/defaults.go` (a binding's `roleRef.apiGroup`,
 * a User or Group subject's `apiGroup`), then the validation of
 * `pkg/apis/rbac/validation/validation.go`: each rule needs
 * verbs, and API groups and resources (or only non-resource URLs, cluster-wide); a binding's
 * `roleRef` must name a Role or ClusterRole of rbac.authorization.k8s.io and may never change,
 * which is the error a learner meets when re-applying a binding to another role.
 */

import {
  child,
  fieldInvalid,
  fieldNotSupported,
  fieldRequired,
  goValue,
  index,
} from '../../admission/field-errors.js';
import { goQuote } from '../../admission/go-text.js';
import { asArray, asObject, asObjects, asString } from '../../admission/json-access.js';
import { nameIsDnsSubdomain, validatePathSegmentName } from '../../admission/name-validation.js';
import { goStringSlice } from '../../admission/object-meta-validation.js';
import type { KubeObject } from '../../kube-object.js';
import type { ResourceInfo } from '../resources.js';
import type { FieldError } from '../status.js';
import { validateMetaOnCreate, validateMetaOnUpdate } from './object-meta.js';
import { baseStrategy, type Strategy } from './strategy.js';

const RBAC_GROUP = 'rbac.authorization.k8s.io';

/** `validatePolicyRule` of every rule of a Role (namespaced) or ClusterRole. */
export function validateRules(object: KubeObject, namespaced: boolean): FieldError[] {
  const errors: FieldError[] = [];
  asObjects(object.rules).forEach((rule, i) => {
    const path = index('rules', i);
    const strings = (name: string) => asArray(rule[name]).map(asString);
    if (strings('verbs').length === 0) {
      errors.push(fieldRequired(child(path, 'verbs'), 'verbs must contain at least one value'));
    }
    const urls = strings('nonResourceURLs');
    if (urls.length > 0) {
      const value = goValue(goStringSlice(urls));
      if (namespaced) {
        errors.push(
          fieldInvalid(
            child(path, 'nonResourceURLs'),
            value,
            'namespaced rules cannot apply to non-resource URLs',
          ),
        );
      }
      if (
        strings('apiGroups').length ||
        strings('resources').length ||
        strings('resourceNames').length
      ) {
        errors.push(
          fieldInvalid(
            child(path, 'nonResourceURLs'),
            value,
            'rules cannot apply to both regular resources and non-resource URLs',
          ),
        );
      }
      return;
    }
    if (strings('apiGroups').length === 0) {
      errors.push(
        fieldRequired(
          child(path, 'apiGroups'),
          'resource rules must supply at least one api group',
        ),
      );
    }
    if (strings('resources').length === 0) {
      errors.push(
        fieldRequired(child(path, 'resources'), 'resource rules must supply at least one resource'),
      );
    }
  });
  return errors;
}

/** `ValidateRoleBinding` / `ValidateClusterRoleBinding` without the metadata part. */
export function validateBinding(object: KubeObject, namespaced: boolean): FieldError[] {
  const errors: FieldError[] = [];
  const roleRef = asObject(object.roleRef) ?? {};
  const apiGroup = asString(roleRef.apiGroup);
  if (apiGroup !== RBAC_GROUP) {
    errors.push(fieldNotSupported('roleRef.apiGroup', apiGroup, [RBAC_GROUP]));
  }
  const kinds = namespaced ? ['Role', 'ClusterRole'] : ['ClusterRole'];
  const kind = asString(roleRef.kind);
  if (!kinds.includes(kind)) errors.push(fieldNotSupported('roleRef.kind', kind, kinds));
  const name = asString(roleRef.name);
  if (name === '') errors.push(fieldRequired('roleRef.name'));
  else errors.push(...validatePathSegmentName(name, 'roleRef.name'));
  asObjects(object.subjects).forEach((subject, i) => {
    errors.push(...validateSubject(subject, namespaced, index('subjects', i)));
  });
  return errors;
}

function validateSubject(
  subject: Record<string, unknown>,
  namespaced: boolean,
  path: string,
): FieldError[] {
  const errors: FieldError[] = [];
  const name = asString(subject.name);
  const apiGroup = asString(subject.apiGroup);
  if (name === '') errors.push(fieldRequired(child(path, 'name')));
  const kind = asString(subject.kind);
  switch (kind) {
    case 'ServiceAccount':
      if (name !== '') {
        for (const msg of nameIsDnsSubdomain(name, false)) {
          errors.push(fieldInvalid(child(path, 'name'), name, msg));
        }
      }
      if (apiGroup !== '') errors.push(fieldNotSupported(child(path, 'apiGroup'), apiGroup, ['']));
      if (!namespaced && asString(subject.namespace) === '') {
        errors.push(fieldRequired(child(path, 'namespace')));
      }
      break;
    case 'User':
    case 'Group':
      if (apiGroup !== RBAC_GROUP) {
        errors.push(fieldNotSupported(child(path, 'apiGroup'), apiGroup, [RBAC_GROUP]));
      }
      break;
    default:
      errors.push(
        fieldNotSupported(child(path, 'kind'), kind, ['ServiceAccount', 'User', 'Group']),
      );
  }
  return errors;
}

/** A binding's `roleRef` is fixed at creation (`cannot change roleRef`), printed with `%#v`. */
export function validateRoleRefUpdate(object: KubeObject, old: KubeObject): FieldError[] {
  const ref = asObject(object.roleRef) ?? {};
  const oldRef = asObject(old.roleRef) ?? {};
  const fields = ['apiGroup', 'kind', 'name'] as const;
  if (fields.every((f) => asString(ref[f]) === asString(oldRef[f]))) return [];
  const shown = `rbac.RoleRef{APIGroup:${goQuote(asString(ref.apiGroup))}, Kind:${goQuote(asString(ref.kind))}, Name:${goQuote(asString(ref.name))}}`;
  return [fieldInvalid('roleRef', goValue(shown), 'cannot change roleRef')];
}

/** `SetDefaults_RoleBinding` / `_ClusterRoleBinding` and `SetDefaults_Subject`. */
export function defaultBinding(object: KubeObject): void {
  const roleRef = asObject(object.roleRef);
  if (roleRef && asString(roleRef.apiGroup) === '') roleRef.apiGroup = RBAC_GROUP;
  for (const subject of asObjects(object.subjects)) {
    if (asString(subject.apiGroup) !== '') continue;
    if (subject.kind === 'User' || subject.kind === 'Group') subject.apiGroup = RBAC_GROUP;
  }
}

/** The strategy of an RBAC resource, or undefined for other groups. */
export function rbacStrategy(info: ResourceInfo): Strategy | undefined {
  if (info.group !== RBAC_GROUP) return undefined;
  const { namespaced } = info;
  const binding = info.resource.endsWith('bindings');
  const own = (object: KubeObject) =>
    binding ? validateBinding(object, namespaced) : validateRules(object, namespaced);
  const validateCreate = (object: KubeObject) => [
    ...validateMetaOnCreate(info, object),
    ...own(object),
  ];
  const prepare = (object: KubeObject) => {
    if (binding) defaultBinding(object);
  };
  return {
    ...baseStrategy,
    prepareForCreate: prepare,
    prepareForUpdate: prepare,
    validateCreate,
    validateUpdate: (object, old) => [
      ...validateCreate(object),
      ...validateMetaOnUpdate(object, old),
      ...(binding ? validateRoleRefUpdate(object, old) : []),
    ],
  };
}
