/**
 * The kinds whose protobuf bodies we can read: the ones `kubectl create <generator>` builds with
 * its typed clientset (secret, configmap, namespace, serviceaccount, service, role, clusterrole,
 * rolebinding, clusterrolebinding, deployment), keyed as `apiVersion/kind`.
 */

import { Deployment } from './apps-v1.js';
import { ConfigMap, Namespace, Secret, ServiceAccount } from './core-v1-objects.js';
import { Service } from './core-v1-service.js';
import { ClusterRole, ClusterRoleBinding, Role, RoleBinding } from './rbac-v1.js';
import type { MessageSchema } from './schema.js';

const RBAC = 'rbac.authorization.k8s.io/v1';

const KINDS = new Map<string, MessageSchema>([
  ['v1/Secret', Secret],
  ['v1/ConfigMap', ConfigMap],
  ['v1/Namespace', Namespace],
  ['v1/ServiceAccount', ServiceAccount],
  ['v1/Service', Service],
  [`${RBAC}/Role`, Role],
  [`${RBAC}/ClusterRole`, ClusterRole],
  [`${RBAC}/RoleBinding`, RoleBinding],
  [`${RBAC}/ClusterRoleBinding`, ClusterRoleBinding],
  ['apps/v1/Deployment', Deployment],
]);

export function schemaForKind(apiVersion: string, kind: string): MessageSchema | undefined {
  return KINDS.get(`${apiVersion}/${kind}`);
}

/** `apiVersion/kind` of every kind we decode, for messages and tests. */
export function decodableKinds(): string[] {
  return [...KINDS.keys()];
}
