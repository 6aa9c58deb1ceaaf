import { rfc3339 } from '../apiserver/registry/registry.js';
import type { KubeObject } from '../kube-object.js';
import { PODS } from './controller-context.js';
import { type ControllerCluster, controllerCluster } from './controllers.test-support.js';
import { ENDPOINT_SLICE_STORE, ENDPOINTS_STORE, SERVICES } from './endpoint-pods.js';

export interface EndpointCluster extends ControllerCluster {
  /** A Service in `default` (ClusterIP allocated by the registry). */
  createService(name: string, spec: object, labels?: Record<string, string>): Promise<KubeObject>;
  /** A pod on `node`, Running with `ip` (what scheduler and kubelet would have written). */
  runPod(name: string, ip: string, options?: PodOptions): Promise<KubeObject>;
  /** Writes the Ready condition as the kubelet does, moving its transition time to now. */
  setReady(name: string, ready: boolean): Promise<void>;
  endpoints(name: string): KubeObject | undefined;
  slices(service: string): KubeObject[];
}

export interface PodOptions {
  labels?: Record<string, string>;
  ready?: boolean;
  node?: string;
  ports?: object[];
  spec?: object;
}

/** The controller cluster, with Services and pods that look scheduled and running. */
export async function endpointCluster(): Promise<EndpointCluster> {
  const c = await controllerCluster();
  const storage = c.registry.storage;
  const writeStatus = async (pod: KubeObject, ip: string, ready: boolean) => {
    const now = rfc3339(c.clock.now());
    await c.registry.update(
      PODS,
      'default',
      pod.metadata.name ?? '',
      {
        ...pod,
        status: {
          phase: 'Running',
          conditions: [
            { type: 'Ready', status: ready ? 'True' : 'False', lastTransitionTime: now },
          ],
          podIP: ip,
          podIPs: [{ ip }],
        },
      },
      { subresource: 'status' },
    );
  };
  return {
    ...c,
    async createService(name, spec, labels = { app: name }) {
      const service = await c.registry.create(SERVICES, 'default', {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name, labels },
        spec,
      });
      await c.settle();
      return service;
    },
    async runPod(name, ip, options = {}) {
      const pod = await c.createPod({
        metadata: { name, labels: options.labels ?? { app: 'web' } },
        spec: {
          nodeName: options.node ?? 'pod-course-worker',
          containers: [{ name: 'web', image: 'nginx', ports: options.ports ?? [] }],
          ...options.spec,
        },
      });
      await writeStatus(pod, ip, options.ready ?? true);
      await c.settle();
      return storage.get('pods', 'default', name) as KubeObject;
    },
    async setReady(name, ready) {
      const pod = storage.get('pods', 'default', name) as KubeObject;
      const status = pod.status as { podIP: string };
      await writeStatus(pod, status.podIP, ready);
      await c.settle();
    },
    endpoints: (name) => storage.get(ENDPOINTS_STORE, 'default', name),
    slices: (service) =>
      storage.list(ENDPOINT_SLICE_STORE, {
        namespace: 'default',
        predicate: (s) => s.metadata.labels?.['kubernetes.io/service-name'] === service,
      }).items,
  };
}
