import { rfc3339 } from '../apiserver/registry/registry.js';
import { type MemoryCluster, memoryCluster } from '../events/memory-cluster.test-support.js';
import type { KubeObject } from '../kube-object.js';
import {
  DEPLOYMENT_STORE,
  DEPLOYMENTS,
  POD_STORE,
  PODS,
  REPLICA_SET_STORE,
} from './controller-context.js';
import { ControllerManager } from './controller-manager.js';

export interface ControllerCluster extends MemoryCluster {
  manager: ControllerManager;
  errors: unknown[];
  /** Waits until every controller has worked through what its last changes queued. */
  settle(): Promise<void>;
  createDeployment(
    name: string,
    replicas: number,
    image?: string,
    spec?: object,
  ): Promise<KubeObject>;
  deployment(name: string): KubeObject | undefined;
  replicaSets(label?: string): KubeObject[];
  pods(label?: string): KubeObject[];
  /** What a kubelet would write once the pod's containers are Ready. */
  markReady(pod: KubeObject): Promise<void>;
  /** Marks every pending pod Ready, repeatedly, until a rollout stops creating pods. */
  readyAll(): Promise<void>;
  stop(): void;
}

/**
 * The real registry over an in-memory store with the workload controllers running on a manual
 * clock — and no scheduler or kubelet: tests play the kubelet by marking pods Ready.
 */
export async function controllerCluster(): Promise<ControllerCluster> {
  const cluster = await memoryCluster();
  const errors: unknown[] = [];
  const manager = new ControllerManager(cluster.registry, {
    clock: cluster.clock,
    onError: (error) => errors.push(error),
  });
  manager.start();
  const storage = cluster.registry.storage;
  const byLabel = (store: string, label?: string) =>
    storage.list(store, {
      namespace: 'default',
      predicate: (o) => {
        if (!label) return true;
        const [k, v] = label.split('=');
        return o.metadata.labels?.[k ?? ''] === v;
      },
    }).items;
  const markReady = async (pod: KubeObject) => {
    const now = rfc3339(cluster.clock.now());
    await cluster.registry.update(
      PODS,
      'default',
      pod.metadata.name ?? '',
      {
        ...pod,
        status: {
          phase: 'Running',
          conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: now }],
        },
      },
      { subresource: 'status' },
    );
  };
  const settle = () => manager.idle();
  return {
    ...cluster,
    manager,
    errors,
    settle,
    async createDeployment(name, replicas, image = 'nginx:1.25', spec = {}) {
      const created = await cluster.registry.create(DEPLOYMENTS, 'default', {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name, labels: { app: name } },
        spec: {
          replicas,
          selector: { matchLabels: { app: name } },
          template: {
            metadata: { labels: { app: name } },
            spec: { containers: [{ name: 'main', image }] },
          },
          ...spec,
        },
      });
      await settle();
      return created;
    },
    deployment: (name) => storage.get(DEPLOYMENT_STORE, 'default', name),
    replicaSets: (label) => byLabel(REPLICA_SET_STORE, label),
    pods: (label) => byLabel(POD_STORE, label),
    markReady,
    async readyAll() {
      for (;;) {
        await settle();
        const waiting = byLabel(POD_STORE).filter(
          (pod) =>
            !pod.metadata.deletionTimestamp &&
            (pod.status as { phase?: string } | undefined)?.phase !== 'Running',
        );
        if (waiting.length === 0) return;
        for (const pod of waiting) await markReady(pod);
      }
    },
    stop: () => manager.stop(),
  };
}
