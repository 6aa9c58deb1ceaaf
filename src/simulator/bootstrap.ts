import { ensureKubernetesService } from './apiserver/kubernetes-service.js';
import { type Registry, rfc3339 } from './apiserver/registry/registry.js';
import { findResource, type ResourceInfo } from './apiserver/resources.js';
import { bootstrapRbac } from './auth/bootstrap-rbac.js';
import { type ClusterShape, KIND_CLUSTER, SYSTEM_NAMESPACES } from './cluster-shape.js';
import { nodeLease, nodeObject } from './node-object.js';

function core(resource: string): ResourceInfo {
  const info = findResource('', 'v1', resource);
  if (!info) throw new Error(`core resource ${resource} is not served`);
  return info;
}

/**
 * What a freshly installed cluster already has: the system namespaces, the nodes of `shape`,
 * the default RBAC roles and bindings (`auth/bootstrap-rbac.ts`) and the `kubernetes` Service.
 * Runs at every start and only adds what is missing, so a learner's objects (and labels or
 * taints put on nodes) are never touched.
 */
export async function bootstrapCluster(
  registry: Registry,
  now: Date,
  shape: ClusterShape = KIND_CLUSTER,
) {
  const namespaces = core('namespaces');
  for (const name of SYSTEM_NAMESPACES) {
    if (!registry.storage.get('namespaces', '', name)) {
      await registry.create(
        namespaces,
        '',
        { apiVersion: 'v1', kind: 'Namespace', metadata: { name } },
        { fieldManager: 'kube-apiserver' },
      );
    }
  }
  const nodes = core('nodes');
  const leases = findResource('coordination.k8s.io', 'v1', 'leases');
  for (const node of shape.nodes) {
    if (!registry.storage.get('nodes', '', node.name)) {
      await registry.create(nodes, '', nodeObject(node, rfc3339(now)), {
        fieldManager: 'kubelet',
      });
    }
    // Each kubelet keeps a Lease named after its node as its heartbeat (`kubectl describe node`).
    const leaseKey = ['leases.coordination.k8s.io', 'kube-node-lease', node.name] as const;
    if (leases && !registry.storage.get(...leaseKey)) {
      await registry.create(leases, 'kube-node-lease', nodeLease(node.name, now), {
        fieldManager: 'kubelet',
      });
    }
  }
  await bootstrapRbac(registry);
  await ensureKubernetesService(registry);
}
