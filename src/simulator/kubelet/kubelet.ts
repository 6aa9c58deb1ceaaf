/**
 * The kubelet of one simulated node: follows the pods bound to it through the store's watch
 * (its informer), runs one `PodWorker` per pod, writes their status through `pods/status`,
 * records events as `kubelet` on its host, and removes a gracefully deleted pod once its
 * containers stopped. `NodeStreams` for logs/exec/attach read the workers' containers.
 */
import { randomBytes } from 'node:crypto';
import type { Registry } from '../apiserver/registry/registry.js';
import { findResource, type ResourceInfo } from '../apiserver/resources.js';
import { ApiError } from '../apiserver/status.js';
import type { EventRecorder } from '../events/event-recorder.js';
import { objectReference } from '../events/object-reference.js';
import { cloneObject, type KubeObject } from '../kube-object.js';
import type { ProcessHost } from '../runtime/process/process-host.js';
import { BackOff } from './back-off.js';
import { ContainerRuntime } from './container-runtime.js';
import { ImagePuller } from './image-puller.js';
import type { ContainerRef, KubeletClock, KubeletContext } from './kubelet-context.js';
import { nodeFileSystem } from './node-filesystem.js';
import { type ClusterNetwork, PodIPAllocator } from './pod-network.js';
import { PodWorker } from './pod-worker.js';

const PODS = findResource('', 'v1', 'pods') as ResourceInfo;
const STATUS_WRITE_ATTEMPTS = 5;

export interface KubeletOptions {
  nodeName: string;
  hostIP: string;
  podCIDR: string;
  clock: KubeletClock;
  host: ProcessHost;
  network: ClusterNetwork;
  recorder: EventRecorder;
  onError?: (error: unknown) => void;
}

/** A bound service-account token's shape (header.payload.signature); nothing verifies it here. */
function fakeToken(pod: KubeObject, now: Date): string {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const iat = Math.floor(now.getTime() / 1000);
  return [
    part({ alg: 'RS256', kid: 'pod-course' }),
    part({
      aud: ['https://kubernetes.default.svc.cluster.local'],
      exp: iat + 3607,
      iat,
      iss: 'https://kubernetes.default.svc.cluster.local',
      sub: `system:serviceaccount:${pod.metadata.namespace}:${(pod.spec as { serviceAccountName?: string })?.serviceAccountName ?? 'default'}`,
    }),
    randomBytes(32).toString('base64url'),
  ].join('.');
}

export class Kubelet {
  readonly nodeName: string;
  private readonly workers = new Map<string, PodWorker>();
  private readonly context: KubeletContext;
  private stopWatch: (() => void) | undefined;
  private writes: Promise<void> = Promise.resolve();
  private readonly pending = new Set<Promise<unknown>>();

  constructor(
    private readonly registry: Registry,
    private readonly options: KubeletOptions,
  ) {
    this.nodeName = options.nodeName;
    const clock = options.clock;
    const runtime = new ContainerRuntime(options.host, clock);
    const onError = options.onError ?? ((error: unknown) => console.error('kubelet:', error));
    const storage = registry.storage;
    const lookup = {
      configMap: (ns: string, name: string) => storage.get('configmaps', ns, name),
      secret: (ns: string, name: string) => storage.get('secrets', ns, name),
    };
    const event: KubeletContext['event'] = (pod, container, type, reason, message) =>
      this.recordEvent(pod, container, type, reason, message);
    this.context = {
      clock,
      nodeName: options.nodeName,
      hostIP: options.hostIP,
      runtime,
      images: new ImagePuller(runtime, clock, event),
      crashBackOff: new BackOff(() => clock.now().getTime()),
      ips: new PodIPAllocator(options.podCIDR),
      network: options.network,
      lookup,
      volumeContext: {
        clock,
        lookup,
        nodeTree: nodeFileSystem(clock),
        token: (pod) => fakeToken(pod, clock.now()),
      },
      event,
      writeStatus: (pod, build) => this.writeStatus(pod, build),
      removePod: (pod) => this.removePod(pod),
      forgetWorker: (worker) => {
        if (this.workers.get(worker.uid) === worker) this.workers.delete(worker.uid);
      },
      onError,
    };
  }

  start(): void {
    const storage = this.registry.storage;
    const from = storage.resourceVersion;
    for (const pod of storage.list('pods').items) this.onPod(pod);
    const watch = storage.watch('pods', {
      fromResourceVersion: from,
      onEvent: (event) => {
        if (event.type === 'EXPIRED') return;
        if (event.type === 'DELETED') this.onDeleted(event.object);
        else this.onPod(event.object);
      },
      onError: (error) => this.context.onError(error),
    });
    this.stopWatch = () => watch.stop();
  }

  /** Stops following the API and kills every container of this node (simulator shutdown). */
  stop(): void {
    this.stopWatch?.();
    this.stopWatch = undefined;
    for (const worker of this.workers.values()) worker.forget();
    this.workers.clear();
  }

  /** The worker of a pod on this node, by UID. */
  worker(uid: string): PodWorker | undefined {
    return this.workers.get(uid);
  }

  /**
   * Lets syncs run until they wait on the simulated clock, and resolves once no status or
   * event write is under way. It cannot wait for syncs themselves: a pull waits for the clock.
   */
  async idle(): Promise<void> {
    for (let turn = 0; turn < 20; turn++) {
      await this.writes;
      await Promise.all([...this.pending]);
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  private onPod(pod: KubeObject): void {
    const spec = pod.spec as { nodeName?: string } | undefined;
    if (spec?.nodeName !== this.nodeName) return;
    const uid = pod.metadata.uid ?? '';
    const existing = this.workers.get(uid);
    if (existing) {
      existing.update(pod);
      return;
    }
    const phase = (pod.status as { phase?: string } | undefined)?.phase;
    if (phase === 'Succeeded' || phase === 'Failed') {
      // A finished pod being deleted has nothing left to stop.
      if (pod.metadata.deletionTimestamp) this.track(this.removePod(pod));
      return;
    }
    const worker = new PodWorker(this.context, pod);
    this.workers.set(uid, worker);
    worker.update(pod);
  }

  private onDeleted(pod: KubeObject): void {
    const uid = pod.metadata.uid ?? '';
    const worker = this.workers.get(uid);
    if (!worker) return;
    this.workers.delete(uid);
    worker.forget();
  }

  private recordEvent(
    pod: KubeObject,
    container: ContainerRef | undefined,
    type: 'Normal' | 'Warning',
    reason: string,
    message: string,
  ): void {
    const fieldPath = container
      ? `spec.${container.record.init ? 'initContainers' : 'containers'}{${container.record.name}}`
      : undefined;
    this.track(
      this.options.recorder
        .recordEvent(objectReference(pod, fieldPath), type, reason, message, {
          component: 'kubelet',
          host: this.nodeName,
        })
        .catch((error: unknown) => this.context.onError(error)),
    );
  }

  private track(promise: Promise<unknown>): void {
    this.pending.add(promise);
    void promise.finally(() => this.pending.delete(promise));
  }

  /** Status writes of this kubelet go one at a time (the status manager's single goroutine). */
  private writeStatus(
    pod: KubeObject,
    build: (stored: KubeObject) => Record<string, unknown>,
  ): Promise<void> {
    const run = this.writes.then(() => this.writeStatusNow(pod, build));
    this.writes = run.catch((error: unknown) => this.context.onError(error));
    return this.writes;
  }

  private async writeStatusNow(
    pod: KubeObject,
    build: (stored: KubeObject) => Record<string, unknown>,
  ): Promise<void> {
    const namespace = pod.metadata.namespace ?? '';
    const name = pod.metadata.name ?? '';
    for (let attempt = 0; attempt < STATUS_WRITE_ATTEMPTS; attempt++) {
      const stored = this.registry.storage.get('pods', namespace, name);
      if (!stored || stored.metadata.uid !== pod.metadata.uid) return;
      const status = build(stored);
      if (JSON.stringify(status) === JSON.stringify(stored.status)) return;
      const next = cloneObject(stored);
      next.status = status;
      try {
        await this.registry.update(PODS, namespace, name, next, {
          subresource: 'status',
          fieldManager: 'kubelet',
        });
        return;
      } catch (error) {
        if (error instanceof ApiError && error.status.code === 409) continue;
        if (error instanceof ApiError && error.status.code === 404) return;
        throw error;
      }
    }
  }

  private async removePod(pod: KubeObject): Promise<void> {
    try {
      await this.registry.delete(PODS, pod.metadata.namespace ?? '', pod.metadata.name ?? '', {
        gracePeriodSeconds: 0,
        preconditions: { uid: pod.metadata.uid ?? '' },
      });
    } catch (error) {
      if (error instanceof ApiError && (error.status.code === 404 || error.status.code === 409))
        return;
      throw error;
    }
  }
}
