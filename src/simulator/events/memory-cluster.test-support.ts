import { Registry } from '../apiserver/registry/registry.js';
import { findResource, type ResourceInfo } from '../apiserver/resources.js';
import { bootstrapCluster } from '../bootstrap.js';
import { SimClock } from '../clock.js';
import type { KubeObject } from '../kube-object.js';
import { Store } from '../store/index.js';

export const PODS = findResource('', 'v1', 'pods') as ResourceInfo;
export const NODES = findResource('', 'v1', 'nodes') as ResourceInfo;
export const EVENTS = findResource('', 'v1', 'events') as ResourceInfo;

export interface MemoryCluster {
  registry: Registry;
  clock: SimClock;
  createPod(pod: Partial<KubeObject> & { metadata: KubeObject['metadata'] }): Promise<KubeObject>;
  events(namespace?: string): KubeObject[];
}

/**
 * The simulator's real registry over an in-memory store, bootstrapped like a fresh cluster (system
 * namespaces, the three nodes, the default ServiceAccount), on a manual clock: the API layer
 * without HTTPS, for tests of the parts that write through it.
 */
export async function memoryCluster(
  start = new Date('2025-03-01T10:00:00Z'),
): Promise<MemoryCluster> {
  const clock = new SimClock({ speed: 0, start });
  const registry = new Registry(Store.memory(), () => clock.now());
  await bootstrapCluster(registry, clock.now());
  const serviceAccounts = findResource('', 'v1', 'serviceaccounts') as ResourceInfo;
  await registry.create(serviceAccounts, 'default', {
    apiVersion: 'v1',
    kind: 'ServiceAccount',
    metadata: { name: 'default' },
  });
  return {
    registry,
    clock,
    createPod: (pod) =>
      registry.create(PODS, pod.metadata.namespace ?? 'default', {
        apiVersion: 'v1',
        kind: 'Pod',
        ...pod,
        spec: pod.spec ?? { containers: [{ name: 'app', image: 'busybox' }] },
      }),
    events: (namespace = 'default') => registry.storage.list('events', { namespace }).items,
  };
}
