/**
 * Creates the default ClusterRoles and ClusterRoleBindings (`default-cluster-roles.ts`) that
 * are missing, then aggregates `admin`, `edit` and `view`. Runs at every start, like the API
 * server's `rbac/bootstrap-roles` hook: a deleted default comes back, a learner's own RBAC
 * objects are never touched.
 */
import type { Registry } from '../apiserver/registry/registry.js';
import { findResource, type ResourceInfo } from '../apiserver/resources.js';
import type { KubeObject } from '../kube-object.js';
import {
  DEFAULT_CLUSTER_ROLE_BINDINGS,
  DEFAULT_CLUSTER_ROLES,
  type DefaultClusterRole,
  type DefaultClusterRoleBinding,
} from './default-cluster-roles.js';
import { ClusterRoleAggregator } from './role-aggregation.js';

const RBAC = 'rbac.authorization.k8s.io';
const BOOTSTRAP_LABELS = { 'kubernetes.io/bootstrapping': 'rbac-defaults' };
const AUTOUPDATE = { 'rbac.authorization.kubernetes.io/autoupdate': 'true' };

function rbacResource(resource: string): ResourceInfo {
  const info = findResource(RBAC, 'v1', resource);
  if (!info) throw new Error(`${resource} are not served`);
  return info;
}

function clusterRoleObject(role: DefaultClusterRole): KubeObject {
  return {
    apiVersion: `${RBAC}/v1`,
    kind: 'ClusterRole',
    metadata: {
      name: role.name,
      labels: { ...BOOTSTRAP_LABELS, ...role.labels },
      annotations: { ...AUTOUPDATE },
    },
    rules: role.rules.map((rule) => ({ ...rule })),
    ...(role.aggregateFrom
      ? { aggregationRule: { clusterRoleSelectors: [{ matchLabels: { ...role.aggregateFrom } }] } }
      : {}),
  };
}

function bindingObject(binding: DefaultClusterRoleBinding): KubeObject {
  return {
    apiVersion: `${RBAC}/v1`,
    kind: 'ClusterRoleBinding',
    metadata: {
      name: binding.name,
      ...(binding.kubeadm
        ? {}
        : { labels: { ...BOOTSTRAP_LABELS }, annotations: { ...AUTOUPDATE } }),
    },
    subjects: binding.groups.map((name) => ({ kind: 'Group', apiGroup: RBAC, name })),
    roleRef: { apiGroup: RBAC, kind: 'ClusterRole', name: binding.role },
  };
}

export async function bootstrapRbac(registry: Registry): Promise<void> {
  const clusterRoles = rbacResource('clusterroles');
  const bindings = rbacResource('clusterrolebindings');
  const storage = registry.storage;
  for (const role of DEFAULT_CLUSTER_ROLES) {
    if (storage.get(`clusterroles.${RBAC}`, '', role.name)) continue;
    await registry.create(clusterRoles, '', clusterRoleObject(role), {
      fieldManager: 'kube-apiserver',
    });
  }
  for (const binding of DEFAULT_CLUSTER_ROLE_BINDINGS) {
    if (storage.get(`clusterrolebindings.${RBAC}`, '', binding.name)) continue;
    await registry.create(bindings, '', bindingObject(binding), {
      fieldManager: binding.kubeadm ? 'kubeadm' : 'kube-apiserver',
    });
  }
  // One aggregation pass now, so `view` has its rules before the first request.
  await new ClusterRoleAggregator(registry).reconcile();
}
