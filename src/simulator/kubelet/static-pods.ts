/**
 * Static pods: the pods of the node's `/etc/kubernetes/manifests` (`static-pods-source.ts`),
 * and the mirror pods that show them in the API (pkg/kubelet/pod/mirror_client.go).
 *
 * - Each manifest is a static pod the kubelet runs itself (UID = the hash); its status goes to
 *   the mirror pod `<name>-<node>`, created through the API with the Node as owner.
 * - A mirror pod deleted through the API, or one that no longer matches its static pod, is
 *   removed at once and created again; the containers keep running.
 * - An edited file is another pod (another hash): the old one terminates, then the new one
 *   starts. A removed file stops the pod; its mirror goes once the containers have stopped.
 */
import { admitMirrorPodFromNode } from '../admission/node-restriction.js';
import type { Registry } from '../apiserver/registry/registry.js';
import { findResource, type ResourceInfo } from '../apiserver/resources.js';
import { ApiError } from '../apiserver/status.js';
import type { KubeObject } from '../kube-object.js';
import type { MemoryTree } from '../runtime/fs/memory-tree.js';
import type { KubeletClock } from './kubelet-context.js';
import { isStaticPod, mirrorHash, mirrorPodFor } from './static-pods-manifest.js';
import { type ManifestListing, ManifestSource } from './static-pods-source.js';

const PODS = findResource('', 'v1', 'pods') as ResourceInfo;
/**
 * A replaced mirror pod comes back on the pod worker's next sync, not in the same instant: a
 * `kubectl delete` of the mirror sees the old one go before the new one exists (it would wait
 * for the new one to be deleted too otherwise).
 */
export const MIRROR_RECREATE_MS = 200;

/** What the static pod manager asks of its kubelet. */
export interface StaticPodHost {
  /** Runs a static pod (a worker keyed by its UID). */
  startPod(pod: KubeObject): void;
  /** Terminates it gracefully; false when it does not run. Its end comes through `terminated`. */
  stopPod(uid: string): boolean;
  /** Writes its status again (to a mirror pod just created). */
  refreshStatus(uid: string): void;
}

export interface StaticPodsOptions {
  nodeName: string;
  nodeTree: MemoryTree;
  registry: Registry;
  clock: KubeletClock;
  host: StaticPodHost;
  onError: (error: unknown) => void;
}

interface Entry {
  file: string;
  uid: string;
  pod: KubeObject;
  /** `namespace/name`: one pod of a full name runs at a time. */
  fullName: string;
  state: 'pending' | 'running' | 'terminating';
  /** Simulated time before which a deleted mirror is not made again. */
  recreateAfter?: number;
}

/** Whether `stored` (a pod in the API) is where a worker running `pod` writes its status. */
export function writesStatusTo(stored: KubeObject, pod: KubeObject): boolean {
  if (stored.metadata.uid === pod.metadata.uid) return true;
  return isStaticPod(pod) && mirrorHash(stored) === pod.metadata.uid;
}

export class StaticPods {
  private readonly byFile = new Map<string, Entry>();
  private readonly byUID = new Map<string, Entry>();
  private readonly mirrors = new Map<string, string>();
  private readonly source: ManifestSource;
  private work: Promise<void> = Promise.resolve();
  private readonly timers = new Set<{ cancel(): void }>();
  private stopped = false;

  constructor(private readonly options: StaticPodsOptions) {
    this.source = new ManifestSource({
      nodeName: options.nodeName,
      nodeTree: options.nodeTree,
      storage: options.registry.storage,
      clock: options.clock,
      onListing: (listing) => this.apply(listing),
      onError: options.onError,
    });
  }

  /** Reads the manifests and starts their pods at once, then follows the directory. */
  start(): void {
    this.source.start();
  }

  stop(): void {
    this.stopped = true;
    this.source.stop();
    for (const timer of this.timers) timer.cancel();
  }

  /** The static pod's UID for its mirror pod's (exec, logs and attach name the mirror). */
  staticUID(mirrorUID: string): string | undefined {
    return this.mirrors.get(mirrorUID);
  }

  /** A mirror pod of this node was added or changed in the API. */
  onMirror(mirror: KubeObject): void {
    const entry = this.running(fullName(mirror));
    if (!entry) {
      this.deleteOrphan(mirror);
      return;
    }
    if (mirrorHash(mirror) === entry.uid && !mirror.metadata.deletionTimestamp) {
      if (!this.mirrors.has(mirror.metadata.uid ?? '')) this.adopt(entry, mirror);
      return;
    }
    this.syncMirror(entry);
  }

  /** A mirror pod of this node is gone from the API: the kubelet makes it again. */
  onMirrorDeleted(mirror: KubeObject): void {
    this.mirrors.delete(mirror.metadata.uid ?? '');
    const entry = this.running(fullName(mirror));
    if (!entry) return;
    entry.recreateAfter ??= this.options.clock.now().getTime() + MIRROR_RECREATE_MS;
    this.syncMirror(entry);
  }

  /** A static pod's worker finished terminating: its mirror goes, a waiting successor starts. */
  terminated(pod: KubeObject): void {
    const entry = this.byUID.get(pod.metadata.uid ?? '');
    if (entry) this.finish(entry);
  }

  /** Brings the static pods in line with what the directory holds. */
  private apply(listing: ManifestListing): void {
    const kept = new Set(listing.pods.keys());
    if (!listing.relist) {
      for (const file of listing.unreadable) if (this.byFile.has(file)) kept.add(file);
    }
    for (const [file, entry] of [...this.byFile]) if (!kept.has(file)) this.remove(entry);
    for (const [file, pod] of listing.pods) {
      const current = this.byFile.get(file);
      if (current?.uid === pod.metadata.uid) continue;
      if (current) this.remove(current);
      this.add(file, pod);
    }
    if (!listing.relist) return;
    // What the periodic housekeeping does: orphans go, missing mirrors are made again.
    this.deleteOrphans();
    for (const entry of this.byUID.values()) if (entry.state === 'running') this.syncMirror(entry);
  }

  // ---- static pods -----------------------------------------------------------------

  private add(file: string, pod: KubeObject): void {
    const entry: Entry = {
      file,
      uid: pod.metadata.uid ?? '',
      pod,
      fullName: fullName(pod),
      state: 'pending',
    };
    // Two files naming the same pod: the first runs, the other waits (the kubelet rejects it).
    if (this.byUID.has(entry.uid)) return;
    this.byFile.set(file, entry);
    this.byUID.set(entry.uid, entry);
    this.maybeStart(entry);
  }

  /** A pod starts once no other pod of its full name runs or terminates. */
  private maybeStart(entry: Entry): void {
    if (entry.state !== 'pending') return;
    for (const other of this.byUID.values()) {
      if (other !== entry && other.fullName === entry.fullName && other.state !== 'pending') return;
    }
    const { namespace, name } = entry.pod.metadata;
    const stored = this.options.registry.storage.get('pods', namespace ?? '', name ?? '');
    if (stored && mirrorHash(stored) === entry.uid) {
      // The same pod ran before a restart: its restart counts carry on, as after a reboot.
      const status = (stored.status ?? {}) as Record<string, unknown>;
      entry.pod.status = {
        phase: 'Pending',
        ...(status.initContainerStatuses
          ? { initContainerStatuses: status.initContainerStatuses }
          : {}),
        ...(status.containerStatuses ? { containerStatuses: status.containerStatuses } : {}),
      };
    }
    entry.state = 'running';
    this.options.host.startPod(entry.pod);
    this.syncMirror(entry);
  }

  private remove(entry: Entry): void {
    if (this.byFile.get(entry.file) === entry) this.byFile.delete(entry.file);
    if (entry.state === 'pending') {
      this.byUID.delete(entry.uid);
      return;
    }
    if (entry.state !== 'running') return;
    entry.state = 'terminating';
    if (!this.options.host.stopPod(entry.uid)) this.finish(entry);
  }

  private finish(entry: Entry): void {
    if (this.byUID.get(entry.uid) !== entry) return;
    this.byUID.delete(entry.uid);
    const { namespace, name } = entry.pod.metadata;
    this.queue(async () => {
      const stored = this.options.registry.storage.get('pods', namespace ?? '', name ?? '');
      if (stored && mirrorHash(stored) === entry.uid) await this.deleteMirror(stored);
    });
    for (const other of this.byUID.values()) {
      if (other.fullName === entry.fullName) this.maybeStart(other);
    }
  }

  private running(name: string): Entry | undefined {
    for (const entry of this.byUID.values()) {
      if (entry.fullName === name && entry.state === 'running') return entry;
    }
    return undefined;
  }

  // ---- mirror pods -----------------------------------------------------------------

  /** Makes the API hold this static pod's mirror: adopted, replaced, or created. */
  private syncMirror(entry: Entry): void {
    this.queue(async () => {
      if (this.stopped || entry.state !== 'running' || this.byUID.get(entry.uid) !== entry) return;
      const { registry, nodeName } = this.options;
      const namespace = entry.pod.metadata.namespace ?? 'default';
      const stored = registry.storage.get('pods', namespace, entry.pod.metadata.name ?? '');
      if (stored) {
        const hash = mirrorHash(stored);
        // A pod of the API's own has the name: no mirror (the kubelet only logs it).
        if (hash === undefined) return;
        if (hash === entry.uid && !stored.metadata.deletionTimestamp) {
          this.adopt(entry, stored);
          return;
        }
        await this.deleteMirror(stored);
        entry.recreateAfter = this.options.clock.now().getTime() + MIRROR_RECREATE_MS;
      }
      const wait = (entry.recreateAfter ?? 0) - this.options.clock.now().getTime();
      if (wait > 0) {
        const timer = this.options.clock.setTimer(wait, () => {
          this.timers.delete(timer);
          this.syncMirror(entry);
        });
        this.timers.add(timer);
        return;
      }
      const node = registry.storage.get('nodes', '', nodeName);
      if (!node) return;
      try {
        const identity = { name: nodeName, uid: node.metadata.uid ?? '' };
        const mirror = mirrorPodFor(entry.pod, identity);
        delete entry.recreateAfter;
        // The kubelet writes as `system:node:<name>`: NodeRestriction judges its mirror pods.
        const refusal = admitMirrorPodFromNode(mirror, identity);
        if (refusal) throw refusal;
        this.adopt(
          entry,
          await registry.create(PODS, namespace, mirror, { fieldManager: 'kubelet' }),
        );
      } catch (error) {
        // Refused (a mirror pod referencing API objects, a namespace that does not exist, a name
        // taken meanwhile): "Failed creating a mirror pod" — the static pod runs on, without a
        // mirror, and the relist retries.
        if (!(error instanceof ApiError)) throw error;
      }
    });
  }

  private adopt(entry: Entry, mirror: KubeObject): void {
    this.mirrors.set(mirror.metadata.uid ?? '', entry.uid);
    this.options.host.refreshStatus(entry.uid);
  }

  /** Deletes mirror pods no static pod of this node stands behind (unless one is terminating). */
  private deleteOrphans(): void {
    const { registry, nodeName } = this.options;
    for (const pod of registry.storage.list('pods').items) {
      const spec = pod.spec as { nodeName?: string } | undefined;
      if (spec?.nodeName !== nodeName || mirrorHash(pod) === undefined) continue;
      if (!this.running(fullName(pod))) this.deleteOrphan(pod);
    }
  }

  private deleteOrphan(mirror: KubeObject): void {
    const name = fullName(mirror);
    for (const entry of this.byUID.values()) if (entry.fullName === name) return;
    this.queue(() => this.deleteMirror(mirror));
  }

  /** `DeleteMirrorPod`: grace period 0, only that very pod (UID precondition). */
  private async deleteMirror(mirror: KubeObject): Promise<void> {
    this.mirrors.delete(mirror.metadata.uid ?? '');
    try {
      await this.options.registry.delete(
        PODS,
        mirror.metadata.namespace ?? '',
        mirror.metadata.name ?? '',
        { gracePeriodSeconds: 0, preconditions: { uid: mirror.metadata.uid ?? '' } },
      );
    } catch (error) {
      if (error instanceof ApiError && (error.code === 404 || error.code === 409)) return;
      throw error;
    }
  }

  /** Mirror writes go one at a time, in order, like the kubelet's pod workers' API calls. */
  private queue(job: () => Promise<void>): void {
    // A stopped kubelet leaves the API as it is: the mirrors stay for the next start.
    this.work = this.work
      .then(() => (this.stopped ? undefined : job()))
      .catch((error: unknown) => {
        if (!this.stopped) this.options.onError(error);
      });
  }
}

function fullName(pod: KubeObject): string {
  return `${pod.metadata.namespace ?? 'default'}/${pod.metadata.name ?? ''}`;
}
