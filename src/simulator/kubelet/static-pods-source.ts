/**
 * The kubelet's file source (pkg/kubelet/config/file.go) over its node's
 * `/etc/kubernetes/manifests`: the directory is read at start, on every change (the real
 * source watches it with inotify) and relisted every `fileCheckFrequency` (20 s). Hidden files
 * and anything but regular files are skipped. Each look reports the pods of the manifests that
 * decode, and the files that did not: a watch event's error leaves that file's pod as it was
 * (a half-written file), while a relist drops it.
 */
import type { Storage } from '../apiserver/storage.js';
import type { KubeObject } from '../kube-object.js';
import { ContainerFileSystem } from '../runtime/fs/container-file-system.js';
import { FsError } from '../runtime/fs/file-system.js';
import type { MemoryTree } from '../runtime/fs/memory-tree.js';
import type { KubeletClock } from './kubelet-context.js';
import { ManifestError, staticPodFrom } from './static-pods-manifest.js';

export const MANIFESTS_DIR = '/etc/kubernetes/manifests';
/** KubeletConfiguration `fileCheckFrequency` (default 20s): the relist besides the watch. */
export const FILE_CHECK_MS = 20_000;

/** One look at the directory. */
export interface ManifestListing {
  /** The static pod of each file that decoded, by path. */
  pods: Map<string, KubeObject>;
  /** Files that are there but did not decode (or vanished while being read). */
  unreadable: Set<string>;
  /** A periodic relist (true), or a look after a change (false). */
  relist: boolean;
}

export interface ManifestSourceOptions {
  nodeName: string;
  nodeTree: MemoryTree;
  storage: Storage;
  clock: KubeletClock;
  onListing: (listing: ManifestListing) => void;
  onError: (error: unknown) => void;
}

export class ManifestSource {
  private readonly fs: ContainerFileSystem;
  private timer: { cancel(): void } | undefined;
  private unwatch: (() => void) | undefined;
  private lookQueued = false;
  private stopped = false;

  constructor(private readonly options: ManifestSourceOptions) {
    this.fs = ContainerFileSystem.create({ upper: options.nodeTree });
  }

  /** Lists at once (synchronously), then follows the directory. */
  start(): void {
    this.relist();
  }

  stop(): void {
    this.stopped = true;
    this.timer?.cancel();
    this.unwatch?.();
  }

  private relist(): void {
    if (this.stopped) return;
    this.timer?.cancel();
    this.timer = this.options.clock.setTimer(FILE_CHECK_MS, () => this.relist());
    // Watched again each time: the directory may have been removed and made anew.
    this.unwatch?.();
    this.unwatch = undefined;
    try {
      this.unwatch = this.fs.watch(MANIFESTS_DIR, () => this.queueLook());
    } catch {
      // No directory: nothing to watch until a relist finds one.
    }
    this.look(true);
  }

  /** Writes come in bursts (open, then write): one look after the burst. */
  private queueLook(): void {
    if (this.lookQueued || this.stopped) return;
    this.lookQueued = true;
    queueMicrotask(() => {
      this.lookQueued = false;
      try {
        this.look(false);
      } catch (error) {
        this.options.onError(error);
      }
    });
  }

  private look(relist: boolean): void {
    if (this.stopped) return;
    const listing: ManifestListing = { pods: new Map(), unreadable: new Set(), relist };
    for (const name of this.manifestNames()) {
      const file = `${MANIFESTS_DIR}/${name}`;
      try {
        if (this.fs.stat(file).type !== 'file') continue;
        const text = new TextDecoder().decode(this.fs.readFile(file));
        listing.pods.set(
          file,
          staticPodFrom(text, file, this.options.nodeName, {
            storage: this.options.storage,
            now: this.options.clock.now(),
          }),
        );
      } catch (error) {
        if (!(error instanceof ManifestError) && !(error instanceof FsError)) throw error;
        listing.unreadable.add(file);
      }
    }
    this.options.onListing(listing);
  }

  private manifestNames(): string[] {
    try {
      return this.fs
        .readdir(MANIFESTS_DIR)
        .filter((name) => !name.startsWith('.'))
        .sort();
    } catch {
      return [];
    }
  }
}
