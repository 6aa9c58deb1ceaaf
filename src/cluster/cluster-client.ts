import type { CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import { ApiFailure, ClusterUnreachable } from './api-failure.js';
import { loadClientNode } from './client-node.js';
import { type RawRequest, rawRequest } from './raw-request.js';
import { defaultApiVersion, ResourcePaths } from './resource-paths.js';

export interface ConnectOptions {
  kubeconfigPath: string;
  /** Default: the kubeconfig's current context. */
  context?: string;
  /** Default: the context's namespace, else `default`. */
  namespace?: string;
}

/** Any object as the API returns it; typed views come from client-node's models. */
export interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata?: {
    name?: string;
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    resourceVersion?: string;
    uid?: string;
    deletionTimestamp?: string;
  };
  [key: string]: unknown;
}

/**
 * The engine's one way into a cluster (DESIGN.md: the boundary rule): client-node and a
 * kubeconfig, working in one namespace. Checks, solutions, setup and reset all go through it.
 */
export class ClusterClient {
  readonly paths: ResourcePaths;

  private constructor(
    readonly kubeConfig: KubeConfig,
    readonly contextName: string,
    readonly namespace: string,
    readonly server: string,
    readonly core: CoreV1Api,
  ) {
    this.paths = new ResourcePaths(kubeConfig);
  }

  static async connect(options: ConnectOptions): Promise<ClusterClient> {
    const k8s = await loadClientNode();
    const kc = new k8s.KubeConfig();
    kc.loadFromFile(options.kubeconfigPath);
    if (options.context) kc.setCurrentContext(options.context);
    const context = kc.getContextObject(kc.getCurrentContext());
    const cluster = kc.getCurrentCluster();
    if (!context || !cluster) {
      throw new ClusterUnreachable(
        options.kubeconfigPath,
        `no context ${options.context ?? kc.getCurrentContext()} in the kubeconfig`,
      );
    }
    const namespace = options.namespace ?? context.namespace ?? 'default';
    return new ClusterClient(
      kc,
      context.name,
      namespace,
      cluster.server,
      kc.makeApiClient(k8s.CoreV1Api),
    );
  }

  request(req: RawRequest) {
    return rawRequest(this.kubeConfig, req);
  }

  /** GET that answers undefined for 404, the usual "not there yet". */
  async read<T = KubeObject>(path: string): Promise<T | undefined> {
    try {
      return (await this.request({ method: 'GET', path })).body as T;
    } catch (error) {
      if (error instanceof ApiFailure && error.status === 404) return undefined;
      throw error;
    }
  }

  async getObject<T = KubeObject>(
    kind: string,
    name: string,
    apiVersion = defaultApiVersion(kind),
  ) {
    return this.read<T>(await this.paths.path(apiVersion, kind, this.namespace, name));
  }

  async listObjects<T = KubeObject>(
    kind: string,
    options: { labelSelector?: string; apiVersion?: string } = {},
  ): Promise<T[]> {
    const path = await this.paths.path(
      options.apiVersion ?? defaultApiVersion(kind),
      kind,
      this.namespace,
    );
    const query = options.labelSelector
      ? `?labelSelector=${encodeURIComponent(options.labelSelector)}`
      : '';
    const list = await this.read<{ items?: T[] }>(`${path}${query}`);
    return list?.items ?? [];
  }

  /** Deletes if present; answers whether there was something to delete. */
  async deleteObject(
    kind: string,
    name: string,
    options: { apiVersion?: string; gracePeriodSeconds?: number; waitUntilGone?: boolean } = {},
  ) {
    const path = await this.paths.path(
      options.apiVersion ?? defaultApiVersion(kind),
      kind,
      this.namespace,
      name,
    );
    const body =
      options.gracePeriodSeconds === undefined
        ? undefined
        : {
            kind: 'DeleteOptions',
            apiVersion: 'v1',
            gracePeriodSeconds: options.gracePeriodSeconds,
          };
    let uid: string | undefined;
    try {
      const res = await this.request({ method: 'DELETE', path, ...(body ? { body } : {}) });
      // The deleted object, or a Status whose details name it.
      const answer = res.body as (KubeObject & { details?: { uid?: string } }) | undefined;
      uid = answer?.metadata?.uid ?? answer?.details?.uid;
    } catch (error) {
      if (error instanceof ApiFailure && error.status === 404) return false;
      throw error;
    }
    if (options.waitUntilGone) await this.waitUntilGone(path, uid);
    return true;
  }

  /**
   * Polls until the object is gone (finalizers and grace periods done), up to a minute. An
   * object of the same name with another uid is a new one (a mirror pod or a controller's
   * replacement): the deleted one is gone, as kubectl's delete wait judges it.
   */
  async waitUntilGone(path: string, uid?: string, timeoutMs = 60_000) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const live = await this.read(path);
      if (!live || (uid !== undefined && live.metadata?.uid !== uid)) return;
      if (Date.now() >= deadline) {
        throw new ApiFailure(
          408,
          'Timeout',
          `${path} was still being deleted after ${timeoutMs / 1000} s`,
          undefined,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}
