/**
 * rbac.authorization.k8s.io/v1: Role, ClusterRole and their bindings.
 * Numbers from `k8s.io/api/rbac/v1/generated.proto` (Kubernetes 1.32).
 */

import { LabelSelector, ObjectMeta } from './meta-v1.js';
import { message } from './schema.js';

export const AggregationRule = message('rbac.v1.AggregationRule', [
  [1, 'clusterRoleSelectors', () => LabelSelector, 'rep'],
]);

export const ClusterRole = message('rbac.v1.ClusterRole', [
  [1, 'metadata', () => ObjectMeta],
  [2, 'rules', () => PolicyRule, 'rep', 'req'],
  [3, 'aggregationRule', () => AggregationRule, 'ptr'],
]);

export const ClusterRoleBinding = message('rbac.v1.ClusterRoleBinding', [
  [1, 'metadata', () => ObjectMeta],
  [2, 'subjects', () => Subject, 'rep'],
  [3, 'roleRef', () => RoleRef],
]);

export const PolicyRule = message('rbac.v1.PolicyRule', [
  [1, 'verbs', 'string', 'rep', 'req'],
  [2, 'apiGroups', 'string', 'rep'],
  [3, 'resources', 'string', 'rep'],
  [4, 'resourceNames', 'string', 'rep'],
  [5, 'nonResourceURLs', 'string', 'rep'],
]);

export const Role = message('rbac.v1.Role', [
  [1, 'metadata', () => ObjectMeta],
  [2, 'rules', () => PolicyRule, 'rep', 'req'],
]);

export const RoleBinding = message('rbac.v1.RoleBinding', [
  [1, 'metadata', () => ObjectMeta],
  [2, 'subjects', () => Subject, 'rep'],
  [3, 'roleRef', () => RoleRef],
]);

export const RoleRef = message('rbac.v1.RoleRef', [
  [1, 'apiGroup', 'string', 'req'],
  [2, 'kind', 'string', 'req'],
  [3, 'name', 'string', 'req'],
]);

export const Subject = message('rbac.v1.Subject', [
  [1, 'kind', 'string', 'req'],
  [2, 'apiGroup', 'string'],
  [3, 'name', 'string', 'req'],
  [4, 'namespace', 'string'],
]);
