import type { KubeObject } from '../kube-object.js';
import type { ChangeEvent, ChangeType, WatchHistory } from './watch-history.js';

/**
 * Watch fan-out. Each watcher has a cursor (the last resourceVersion it has been shown or has
 * skipped); the hub hands it every durable change with a higher resourceVersion, in order.
 *
 * Delivery is asynchronous and never waits for a consumer: a new watch replays from the history
 * in a microtask (so `watch()` has returned its handle first), and live events are handed out
 * when their journal batch is on disk, just before the writers' promises resolve. `onEvent` is
 * called synchronously from there: it must only enqueue (e.g. `res.write`), never block. A
 * consumer that throws is stopped and its error goes to `onError`.
 */

export type StoreWatchEvent =
  | { readonly type: ChangeType; readonly object: KubeObject; readonly resourceVersion: string }
  /** The requested resourceVersion is older than the history (or the watcher fell behind it).
   *  The watch is over; the API layer answers with a 410 Expired ERROR event. */
  | { readonly type: 'EXPIRED'; readonly message: string };

export interface WatchOptions {
  /** Only objects in this namespace; all namespaces when undefined. */
  namespace?: string | undefined;
  /**
   * Undefined: start at the current resourceVersion, no replay (the API layer lists first).
   * A decimal string: replay every change after it, then go on live. `"0"` has a special
   * meaning in the API ("any") that the API layer resolves before calling the store.
   */
  fromResourceVersion?: string | undefined;
  /**
   * Label/field selector. Filtered like the real watch cache: an update that makes an object
   * match arrives as ADDED, one that makes it stop matching as DELETED (previous content, new rv).
   */
  predicate?: ((object: KubeObject) => boolean) | undefined;
  onEvent: (event: StoreWatchEvent) => void;
  onError?: ((error: unknown) => void) | undefined;
}

export interface StoreWatch {
  /** Every change up to this resourceVersion has been delivered or filtered out (for bookmarks). */
  readonly resourceVersion: string;
  readonly stopped: boolean;
  stop(): void;
}

interface Watcher {
  readonly resource: string;
  readonly requested: string;
  readonly options: WatchOptions;
  cursor: number;
  active: boolean;
  stopped: boolean;
}

export class WatchHub {
  private readonly active = new Map<string, Set<Watcher>>();
  private delivered: number;

  constructor(
    private readonly history: WatchHistory,
    durableRV: number,
  ) {
    this.delivered = durableRV;
  }

  /** Number of running watches, for diagnostics and tests. */
  get size(): number {
    let n = 0;
    for (const set of this.active.values()) n += set.size;
    return n;
  }

  add(resource: string, cursor: number, requested: string, options: WatchOptions): StoreWatch {
    const watcher: Watcher = {
      resource,
      requested,
      options,
      cursor,
      active: false,
      stopped: false,
    };
    queueMicrotask(() => this.start(watcher));
    const hub = this;
    return {
      get resourceVersion() {
        return String(watcher.active ? Math.max(watcher.cursor, hub.delivered) : watcher.cursor);
      },
      get stopped() {
        return watcher.stopped;
      },
      stop: () => this.remove(watcher),
    };
  }

  /** Hands out every change up to `rv`, now that it is durable. */
  deliverUpTo(rv: number): void {
    for (let r = this.delivered + 1; r <= rv; r++) {
      this.delivered = r;
      const event = this.history.get(r);
      if (event === undefined) {
        // One batch outgrew the history: nobody can be shown a complete stream any more.
        for (const set of [...this.active.values()]) {
          for (const w of [...set]) this.expire(w, String(w.cursor));
        }
        continue;
      }
      const set = this.active.get(event.resource);
      if (set === undefined) continue;
      for (const w of set) {
        if (r <= w.cursor) continue;
        w.cursor = r;
        this.offer(w, event);
      }
    }
  }

  stopAll(): void {
    for (const set of this.active.values()) {
      for (const w of set) w.stopped = true;
    }
    this.active.clear();
  }

  private start(w: Watcher): void {
    if (w.stopped) return;
    if (w.cursor < this.history.start) {
      this.expire(w, w.requested);
      return;
    }
    for (let r = w.cursor + 1; r <= this.delivered; r++) {
      const event = this.history.get(r);
      if (event === undefined || event.resource !== w.resource) continue;
      w.cursor = r;
      this.offer(w, event);
      if (w.stopped) return;
    }
    w.cursor = Math.max(w.cursor, this.delivered);
    w.active = true;
    let set = this.active.get(w.resource);
    if (set === undefined) {
      set = new Set();
      this.active.set(w.resource, set);
    }
    set.add(w);
  }

  private offer(w: Watcher, event: ChangeEvent): void {
    const { namespace, predicate, onEvent } = w.options;
    if (namespace !== undefined && namespace !== event.namespace) return;
    try {
      let type: ChangeType = event.type;
      let object = JSON.parse(event.json) as KubeObject;
      if (predicate !== undefined) {
        const now = event.type !== 'DELETED' && predicate(object);
        const before = event.prevJson !== undefined && predicate(JSON.parse(event.prevJson));
        if (!now && !before) return;
        type = now ? (before ? 'MODIFIED' : 'ADDED') : 'DELETED';
        if (type === 'DELETED' && event.type === 'MODIFIED' && event.prevJson !== undefined) {
          // cache_watcher.go: "a delete event with the previous object content, but with the
          // event's resource version".
          object = JSON.parse(event.prevJson) as KubeObject;
          object.metadata.resourceVersion = String(event.rv);
        }
      }
      onEvent({ type, object, resourceVersion: String(event.rv) });
    } catch (error) {
      this.remove(w);
      this.report(w, error);
    }
  }

  private expire(w: Watcher, requested: string): void {
    this.remove(w);
    try {
      w.options.onEvent({
        type: 'EXPIRED',
        message: `too old resource version: ${requested} (${this.history.start})`,
      });
    } catch (error) {
      this.report(w, error);
    }
  }

  private remove(w: Watcher): void {
    w.stopped = true;
    const set = this.active.get(w.resource);
    if (set === undefined) return;
    set.delete(w);
    if (set.size === 0) this.active.delete(w.resource);
  }

  private report(w: Watcher, error: unknown): void {
    // Never let one consumer's bug reach the writers that are delivering to it.
    if (w.options.onError !== undefined) {
      try {
        w.options.onError(error);
        return;
      } catch (inner) {
        error = inner;
      }
    }
    const why = error instanceof Error ? error.message : String(error);
    process.emitWarning(`store watch on ${w.resource} stopped: its consumer threw: ${why}`);
  }
}
