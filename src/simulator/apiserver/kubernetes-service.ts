/**
 * The `kubernetes` Service in `default`, which kube-apiserver itself keeps (its "kubernetes
 * service" controller): the first address of the service CIDR, port 443 named `https` in front
 * of the API server's 6443, no selector. Pods find the API through it — its variables are in
 * every container's environment (KUBERNETES_SERVICE_HOST=10.96.0.1), its name in cluster DNS.
 */

import type { KubeObject } from '../kube-object.js';
import type { Registry } from './registry/registry.js';
import { findResource } from './resources.js';

export const KUBERNETES_SERVICE_IP = '10.96.0.1';
export const KUBERNETES_SERVICE_PORT = 443;
/** The secure port kind's kube-apiserver listens on, behind the Service. */
export const API_SERVER_PORT = 6443;

export function kubernetesService(): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: {
      name: 'kubernetes',
      namespace: 'default',
      labels: { component: 'apiserver', provider: 'kubernetes' },
    },
    spec: {
      clusterIP: KUBERNETES_SERVICE_IP,
      ports: [
        {
          name: 'https',
          port: KUBERNETES_SERVICE_PORT,
          protocol: 'TCP',
          targetPort: API_SERVER_PORT,
        },
      ],
      sessionAffinity: 'None',
      type: 'ClusterIP',
    },
  };
}

/** Creates the Service when it is missing (a fresh state, or a learner deleted it). */
export async function ensureKubernetesService(registry: Registry): Promise<void> {
  const info = findResource('', 'v1', 'services');
  if (!info || registry.storage.get('services', 'default', 'kubernetes')) return;
  await registry.create(info, 'default', kubernetesService(), { fieldManager: 'kube-apiserver' });
}
