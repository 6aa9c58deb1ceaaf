/**
 * The scheduling queue (`pkg/scheduler/backend/queue/scheduling_queue.go` `PriorityQueue`):
 *
 * - activeQ: pods to try now, highest priority first, then the longest waiting;
 * - backoffQ: pods to retry once their back-off is over (1 s after the first failure,
 *   doubling per attempt, at most 10 s);
 * - unschedulable pods: pods that fit nowhere, parked until a cluster change that a plugin which
 *   rejected them says may help (queueing-hints.ts), or until they have waited 5 minutes
 *   (checked every 30 s).
 *
 * Pods with scheduling gates wait among the unschedulable pods until their gates are gone.
 * Timing runs on the simulator's clock.
 */
import { asArray, asObject } from '../admission/json-access.js';
import type { TimerHandle } from '../clock.js';
import { every, type TimerClock } from '../events/timer-clock.js';
import type { KubeObject } from '../kube-object.js';
import type { PluginName } from './filters.js';
import { podPriority } from './node-info.js';
import { type ClusterEvent, hint } from './queueing-hints.js';

export const INITIAL_BACKOFF_MS = 1_000;
export const MAX_BACKOFF_MS = 10_000;
export const MAX_UNSCHEDULABLE_MS = 5 * 60_000;
const FLUSH_UNSCHEDULABLE_EVERY_MS = 30_000;

export interface QueuedPod {
  key: string;
  pod: KubeObject;
  /** When the pod was added, or when its last attempt failed. */
  timestamp: number;
  /** Scheduling attempts so far. */
  attempts: number;
  /** Plugins that rejected it last time; empty after an error (retried on back-off alone). */
  unschedulablePlugins: Set<PluginName>;
  gated: boolean;
  backoffTimer?: TimerHandle;
}

export function podKey(pod: KubeObject) {
  return `${pod.metadata.namespace ?? ''}/${pod.metadata.name ?? ''}`;
}

function isGated(pod: KubeObject) {
  return asArray(asObject(pod.spec)?.schedulingGates).length > 0;
}

export class SchedulingQueue {
  private readonly active = new Map<string, QueuedPod>();
  private readonly backoff = new Map<string, QueuedPod>();
  private readonly unschedulable = new Map<string, QueuedPod>();
  /** The pod being scheduled (popped, not yet back in a queue or done). */
  private readonly inFlight = new Map<string, QueuedPod>();
  private stopFlush: (() => void) | undefined;

  constructor(
    private readonly clock: TimerClock,
    /** Called whenever activeQ gains a pod. */
    private readonly onActive: () => void,
  ) {}

  start() {
    this.stopFlush = every(this.clock, FLUSH_UNSCHEDULABLE_EVERY_MS, () =>
      this.flushUnschedulableLeftover(),
    );
  }

  stop() {
    this.stopFlush?.();
    for (const info of this.backoff.values()) info.backoffTimer?.cancel();
  }

  get activeCount() {
    return this.active.size;
  }

  /** A new unscheduled pod (`Add`): gated pods wait, others go to activeQ. */
  add(pod: KubeObject) {
    const key = podKey(pod);
    if (this.has(key)) {
      this.update(pod, pod);
      return;
    }
    const info: QueuedPod = {
      key,
      pod,
      timestamp: this.clock.now().getTime(),
      attempts: 0,
      unschedulablePlugins: new Set(),
      gated: isGated(pod),
    };
    if (info.gated) this.unschedulable.set(key, info);
    else this.toActive(info);
  }

  /** The pod changed while waiting (`Update`): keep the newest copy, maybe move it on. */
  update(old: KubeObject, pod: KubeObject) {
    const key = podKey(pod);
    const inFlight = this.inFlight.get(key);
    if (inFlight) inFlight.pod = pod;
    const queued = this.active.get(key) ?? this.backoff.get(key);
    if (queued) {
      queued.pod = pod;
      return;
    }
    const waiting = this.unschedulable.get(key);
    if (!waiting) return;
    waiting.pod = pod;
    if (waiting.gated) {
      if (!isGated(pod)) {
        waiting.gated = false;
        this.unschedulable.delete(key);
        this.toActive(waiting);
      }
      return;
    }
    this.requeueIfHelped(waiting, { kind: 'own-update', old, pod });
  }

  /** The pod was deleted, bound or finished: forget it. */
  delete(pod: KubeObject) {
    const key = podKey(pod);
    this.backoff.get(key)?.backoffTimer?.cancel();
    this.active.delete(key);
    this.backoff.delete(key);
    this.unschedulable.delete(key);
    this.inFlight.delete(key);
  }

  /** A cluster change: requeue the parked pods it may help (`MoveAllToActiveOrBackoffQueue`). */
  clusterChanged(event: ClusterEvent) {
    for (const info of [...this.unschedulable.values()]) {
      if (!info.gated) this.requeueIfHelped(info, event);
    }
  }

  /** `Pop`: the next pod to schedule, its attempt counted. */
  pop(): QueuedPod | undefined {
    let next: QueuedPod | undefined;
    for (const info of this.active.values()) {
      if (!next || before(info, next)) next = info;
    }
    if (!next) return undefined;
    this.active.delete(next.key);
    next.attempts++;
    this.inFlight.set(next.key, next);
    return next;
  }

  /** The attempt is over without a retry to plan (bound, or the pod went away). */
  done(key: string) {
    this.inFlight.delete(key);
  }

  /**
   * `AddUnschedulableIfNotPresent` after a failed attempt: parked when plugins rejected it,
   * straight to back-off after an error.
   */
  addUnschedulable(info: QueuedPod, plugins: Set<PluginName>) {
    if (this.inFlight.get(info.key) !== info) return; // deleted meanwhile
    this.inFlight.delete(info.key);
    info.timestamp = this.clock.now().getTime();
    info.unschedulablePlugins = plugins;
    if (plugins.size === 0) this.toBackoff(info);
    else this.unschedulable.set(info.key, info);
  }

  private has(key: string) {
    return (
      this.active.has(key) ||
      this.backoff.has(key) ||
      this.unschedulable.has(key) ||
      this.inFlight.has(key)
    );
  }

  private requeueIfHelped(info: QueuedPod, event: ClusterEvent) {
    const helped = [...info.unschedulablePlugins].some((plugin) => hint(plugin, info.pod, event));
    if (!helped) return;
    this.unschedulable.delete(info.key);
    this.moveToActiveOrBackoff(info);
  }

  /** Every 30 s: pods parked for more than 5 minutes are tried again whatever happened. */
  private flushUnschedulableLeftover() {
    const now = this.clock.now().getTime();
    for (const info of [...this.unschedulable.values()]) {
      if (!info.gated && now - info.timestamp > MAX_UNSCHEDULABLE_MS) {
        this.unschedulable.delete(info.key);
        this.moveToActiveOrBackoff(info);
      }
    }
  }

  private moveToActiveOrBackoff(info: QueuedPod) {
    if (this.backoffExpiry(info) > this.clock.now().getTime()) this.toBackoff(info);
    else this.toActive(info);
  }

  /** `calculateBackoffDuration`: 1 s doubled per attempt after the first, at most 10 s. */
  private backoffExpiry(info: QueuedPod): number {
    if (info.attempts === 0) return info.timestamp;
    let duration = INITIAL_BACKOFF_MS;
    for (let i = 1; i < info.attempts && duration < MAX_BACKOFF_MS; i++) duration *= 2;
    return info.timestamp + Math.min(duration, MAX_BACKOFF_MS);
  }

  private toBackoff(info: QueuedPod) {
    this.backoff.set(info.key, info);
    const delay = this.backoffExpiry(info) - this.clock.now().getTime();
    info.backoffTimer = this.clock.setTimer(delay, () => {
      if (this.backoff.get(info.key) !== info) return;
      this.backoff.delete(info.key);
      this.toActive(info);
    });
  }

  private toActive(info: QueuedPod) {
    this.active.set(info.key, info);
    this.onActive();
  }
}

/** `PrioritySort`: higher priority first, then earlier in the queue. */
function before(a: QueuedPod, b: QueuedPod) {
  const pa = podPriority(a.pod);
  const pb = podPriority(b.pod);
  return pa > pb || (pa === pb && a.timestamp < b.timestamp);
}
