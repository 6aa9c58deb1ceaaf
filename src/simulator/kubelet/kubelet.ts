/**
 * The kubelet of one simulated node: follows the pods bound to it through the store's watch
 * (its informer), runs one `PodWorker` per pod, writes their status through `pods/status`,
 * records events as `kubelet` on its host, and removes a gracefully deleted pod once its
 * containers stopped. `NodeStreams` for logs/exec/attach read the workers' containers.
 */
import { type Registry, rfc3339 } from '../apiserver/registry/registry.js';
import { findResource, type ResourceInfo } from '../apiserver/resources.js';
import { ApiError } from '../apiserver/status.js';
import { kubeletServiceAccountToken } from '../auth/service-account-tokens.js';
import type { EventRecorder } from '../events/event-recorder.js';
import { objectReference } from '../events/object-reference.js';
import { cloneObject, type KubeObject } from '../kube-object.js';
import type { MemoryTree } from '../runtime/fs/memory-tree.js';
import type { ProcessHost } from '../runtime/process/process-host.js';
import { BackOff } from './back-off.js';
import { ContainerRuntime } from './container-runtime.js';
import { ImagePuller } from './image-puller.js';
import type { ContainerRef, KubeletClock, KubeletContext } from './kubelet-context.js';
import { nodeFileSystem } from './node-filesystem.js';
import { nodeNamespaces } from './node-namespaces.js';
import type { PeerNode } from './node-network.js';
import { type ClusterNetwork, PodIPAllocator } from './pod-network.js';
import { PodWorker } from './pod-worker.js';
import { StaticPods, writesStatusTo } from './static-pods.js';
import { isStaticPod, mirrorHash } from './static-pods-manifest.js';

const PODS = findResource('', 'v1', 'pods') as ResourceInfo;
const STATUS_WRITE_ATTEMPTS = 5;

export interface KubeletOptions {
  nodeName: string;
  hostIP: string;
  podCIDR: string;
  clock: KubeletClock;
  host: ProcessHost;
  network: ClusterNetwork;
  /** The cluster's nodes, for this node's routes to their pods (none: no such routes). */
  peers?: readonly PeerNode[];
  recorder: EventRecorder;
  onError?: (error: unknown) => void;
  /** The node's disk as it was saved (a restart); a fresh kind node's without it. */
  nodeTree?: MemoryTree;
}

export class Kubelet {
  readonly nodeName: string;
  private readonly workers = new Map<string, PodWorker>();
  private readonly context: KubeletContext;
  private stopWatch: (() => void) | undefined;
  private writes: Promise<void> = Promise.resolve();
  private readonly pending = new Set<Promise<unknown>>();
  /** The pods of `/etc/kubernetes/manifests` and their mirror pods. */
  private readonly staticPods: StaticPods;

  constructor(
    private readonly registry: Registry,
    private readonly options: KubeletOptions,
  ) {
    this.nodeName = options.nodeName;
    const clock = options.clock;
    const nodeTree = options.nodeTree ?? nodeFileSystem(clock);
    const node = nodeNamespaces({
      nodeName: options.nodeName,
      hostIP: options.hostIP,
      podCIDR: options.podCIDR,
      peers: options.peers ?? [],
      host: options.host,
      cluster: options.network,
      nodeTree,
      clock,
    });
    const runtime = new ContainerRuntime(options.host, clock, node);
    const onError = options.onError ?? ((error: unknown) => console.error('kubelet:', error));
    const storage = registry.storage;
    const lookup = {
      configMap: (ns: string, name: string) => storage.get('configmaps', ns, name),
      secret: (ns: string, name: string) => storage.get('secrets', ns, name),
      services: (ns: string) => storage.list('services', { namespace: ns }).items,
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
        nodeTree,
        token: (pod) => kubeletServiceAccountToken(registry.storage, pod, clock.now()),
      },
      event,
      writeStatus: (pod, build) => this.writeStatus(pod, build),
      removePod: (pod) => this.removePod(pod),
      forgetWorker: (worker) => {
        if (this.workers.get(worker.uid) === worker) this.workers.delete(worker.uid);
      },
      onError,
    };
    this.staticPods = new StaticPods({
      nodeName: options.nodeName,
      nodeTree,
      registry,
      clock,
      onError,
      host: {
        startPod: (pod) => this.startWorker(pod),
        stopPod: (uid) => {
          const worker = this.workers.get(uid);
          if (!worker) return false;
          const current = worker.current;
          // The file is gone: the pod terminates as a deleted one does, with its own grace.
          const grace = (current.spec as { terminationGracePeriodSeconds?: number } | undefined)
            ?.terminationGracePeriodSeconds;
          worker.update({
            ...current,
            metadata: {
              ...current.metadata,
              deletionTimestamp: rfc3339(clock.now()),
              deletionGracePeriodSeconds: grace ?? 30,
            },
          });
          return true;
        },
        refreshStatus: (uid) => void this.workers.get(uid)?.writeStatus(),
      },
    });
  }

  start(): void {
    // Static pods first: the mirror pods listed next then find theirs.
    this.staticPods.start();
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
    this.staticPods.stop();
    this.stopWatch?.();
    this.stopWatch = undefined;
    for (const worker of this.workers.values()) worker.forget();
    this.workers.clear();
    this.context.runtime.node.processes.stop();
  }

  /** The worker of a pod on this node, by UID (a mirror pod's: its static pod's worker). */
  worker(uid: string): PodWorker | undefined {
    return this.workers.get(uid) ?? this.workers.get(this.staticPods.staticUID(uid) ?? '');
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
    if (mirrorHash(pod) !== undefined) {
      // A mirror pod only reflects a static pod, which runs from its file.
      this.staticPods.onMirror(pod);
      return;
    }
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
    this.startWorker(pod);
  }

  private startWorker(pod: KubeObject): void {
    const worker = new PodWorker(this.context, pod);
    this.workers.set(pod.metadata.uid ?? '', worker);
    worker.update(pod);
  }

  private onDeleted(pod: KubeObject): void {
    if (mirrorHash(pod) !== undefined) {
      const spec = pod.spec as { nodeName?: string } | undefined;
      if (spec?.nodeName === this.nodeName) this.staticPods.onMirrorDeleted(pod);
      return;
    }
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
      if (!stored || !writesStatusTo(stored, pod)) return;
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
    if (isStaticPod(pod)) {
      // Not an API object: its mirror goes with it, and a successor may start.
      this.staticPods.terminated(pod);
      return;
    }
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
