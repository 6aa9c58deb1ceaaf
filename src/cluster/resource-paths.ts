import type { KubeConfig } from '@kubernetes/client-node';
import { ApiFailure } from './api-failure.js';
import { rawRequest } from './raw-request.js';

export interface ResourceInfo {
  /** `/api/v1` or `/apis/<group>/<version>`. */
  base: string;
  /** Plural resource name (`pods`). */
  plural: string;
  namespaced: boolean;
}

interface DiscoveredList {
  resources?: { name: string; kind: string; namespaced: boolean }[];
}

/**
 * Maps apiVersion + kind to a REST path through the cluster's own discovery, so a manifest of
 * any kind the cluster serves can be applied; a kind it does not serve gets kubectl's message
 * (`no matches for kind "PodPreset" in version "settings.k8s.io/v1alpha1"`).
 */
export class ResourcePaths {
  private readonly cache = new Map<string, Promise<DiscoveredList | undefined>>();

  constructor(private readonly kc: KubeConfig) {}

  async resolve(apiVersion: string, kind: string): Promise<ResourceInfo> {
    const base = apiVersion.includes('/') ? `/apis/${apiVersion}` : `/api/${apiVersion}`;
    const list = await this.discover(base);
    const found = list?.resources?.find((r) => r.kind === kind && !r.name.includes('/'));
    if (!found) {
      throw new ApiFailure(
        404,
        'NotFound',
        `no matches for kind "${kind}" in version "${apiVersion}"`,
        undefined,
      );
    }
    return { base, plural: found.name, namespaced: found.namespaced };
  }

  /** The collection or object path, in `namespace` when the kind is namespaced. */
  async path(apiVersion: string, kind: string, namespace: string, name?: string) {
    const info = await this.resolve(apiVersion, kind);
    const scope = info.namespaced ? `/namespaces/${encodeURIComponent(namespace)}` : '';
    const tail = name === undefined ? '' : `/${encodeURIComponent(name)}`;
    return `${info.base}${scope}/${info.plural}${tail}`;
  }

  private discover(base: string) {
    let entry = this.cache.get(base);
    if (!entry) {
      entry = rawRequest(this.kc, { method: 'GET', path: base }).then(
        (res) => res.body as DiscoveredList,
        (error: unknown) => {
          if (error instanceof ApiFailure && error.status === 404) return undefined;
          this.cache.delete(base);
          throw error;
        },
      );
      this.cache.set(base, entry);
    }
    return entry;
  }
}

/** The apiVersion of the kinds lessons name in `delete`/`wait` actions without one. */
export function defaultApiVersion(kind: string) {
  const apps = ['Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet'];
  const rbac = ['Role', 'RoleBinding', 'ClusterRole', 'ClusterRoleBinding'];
  if (apps.includes(kind)) return 'apps/v1';
  if (rbac.includes(kind)) return 'rbac.authorization.k8s.io/v1';
  if (kind === 'Job' || kind === 'CronJob') return 'batch/v1';
  return 'v1';
}
