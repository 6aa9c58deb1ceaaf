import { rfc3339 } from '../apiserver/registry/registry.js';
import { every } from '../events/timer-clock.js';
import { isPlainObject, type KubeObject } from '../kube-object.js';
import { type ControllerContext, isRace, POD_STORE, PODS } from './controller-context.js';
import { podNodeName, podPhase } from './pod-state.js';

/** `gcCheckPeriod`. */
export const GC_CHECK_PERIOD_MS = 20_000;
/** `quarantineTime`: how long a node must stay missing before its pods are collected. */
export const QUARANTINE_MS = 40_000;
/** `--terminated-pod-gc-threshold`'s default. */
export const TERMINATED_POD_THRESHOLD = 12_500;

/**
 * The pod garbage collector (`pkg/controller/podgc`), every 20 s of simulated time:
 * - pods bound to a node that does not exist — once it has been missing for the 40 s quarantine
 *   — are marked Failed with a `DisruptionTarget` condition (`DeletionByPodGC`) and deleted at
 *   once, as for a node that was removed from the cluster;
 * - pods being deleted that were never scheduled are deleted at once;
 * - finished pods beyond 12 500 are deleted, oldest first.
 * No event is recorded, as upstream records none.
 */
export class PodGarbageCollector {
  /** Missing node → when it may be collected (first seen missing + quarantine). */
  private readonly quarantine = new Map<string, number>();
  private stopTimer: (() => void) | undefined;
  private running: Promise<void> | undefined;

  constructor(private readonly context: ControllerContext) {}

  start() {
    this.stopTimer = every(this.context.clock, GC_CHECK_PERIOD_MS, () => {
      if (this.running !== undefined) return;
      this.running = this.gc()
        .catch((error: unknown) => this.context.onError(error))
        .finally(() => {
          this.running = undefined;
        });
    });
  }

  stop() {
    this.stopTimer?.();
    this.stopTimer = undefined;
  }

  /** Resolves once a collection under way is done. */
  async idle() {
    while (this.running !== undefined) await this.running;
  }

  /** One pass of `gc`, callable directly. */
  async gc() {
    const storage = this.context.registry.storage;
    const pods = storage.list(POD_STORE).items;
    await this.gcTerminated(pods);
    await this.gcOrphaned(pods);
    await this.gcUnscheduledTerminating(pods);
  }

  private async gcTerminated(pods: KubeObject[]) {
    const terminated = pods.filter((pod) => {
      const phase = podPhase(pod);
      return phase !== 'Pending' && phase !== 'Running' && phase !== 'Unknown';
    });
    const excess = terminated.length - TERMINATED_POD_THRESHOLD;
    if (excess <= 0) return;
    const created = (pod: KubeObject) => pod.metadata.creationTimestamp ?? '';
    terminated.sort((a, b) => (created(a) < created(b) ? -1 : created(a) > created(b) ? 1 : 0));
    for (const pod of terminated.slice(0, excess)) await this.forceDelete(pod, undefined);
  }

  /** `gcOrphaned`: pods of nodes that stayed missing through their quarantine. */
  private async gcOrphaned(pods: KubeObject[]) {
    const storage = this.context.registry.storage;
    const now = this.context.clock.now().getTime();
    const missing = new Set<string>();
    for (const pod of pods) {
      const node = podNodeName(pod);
      if (node && !storage.get('nodes', '', node)) missing.add(node);
    }
    for (const node of [...this.quarantine.keys()]) {
      if (!missing.has(node)) this.quarantine.delete(node);
    }
    for (const node of missing) {
      const due = this.quarantine.get(node);
      if (due === undefined) {
        this.quarantine.set(node, now + QUARANTINE_MS);
        continue;
      }
      // Checked once more against the API (the store) before anything is deleted.
      if (due > now || storage.get('nodes', '', node)) continue;
      this.quarantine.delete(node);
      for (const pod of pods) {
        if (podNodeName(pod) === node) await this.forceDelete(pod, 'PodGC: node no longer exists');
      }
    }
  }

  /** `gcUnscheduledTerminating`: a deletion with no kubelet to finish it. */
  private async gcUnscheduledTerminating(pods: KubeObject[]) {
    for (const pod of pods) {
      if (pod.metadata.deletionTimestamp && !podNodeName(pod))
        await this.forceDelete(pod, undefined);
    }
  }

  /**
   * `markFailedAndDeletePodWithCondition`: a pod not yet finished is marked Failed (with the
   * DisruptionTarget condition when there is a reason), then deleted with no grace period.
   */
  private async forceDelete(pod: KubeObject, message: string | undefined) {
    const registry = this.context.registry;
    const namespace = pod.metadata.namespace ?? '';
    const name = pod.metadata.name ?? '';
    try {
      const phase = podPhase(pod);
      if (phase !== 'Succeeded' && phase !== 'Failed') {
        const copy = structuredClone(pod);
        const status = isPlainObject(copy.status) ? copy.status : {};
        status.phase = 'Failed';
        if (message) {
          const conditions = Array.isArray(status.conditions) ? status.conditions : [];
          status.conditions = [
            ...conditions.filter((c) => !(isPlainObject(c) && c.type === 'DisruptionTarget')),
            {
              type: 'DisruptionTarget',
              status: 'True',
              lastTransitionTime: rfc3339(this.context.clock.now()),
              reason: 'DeletionByPodGC',
              message,
            },
          ];
        }
        copy.status = status;
        await registry.update(PODS, namespace, name, copy, {
          fieldManager: 'PodGC',
          subresource: 'status',
        });
      }
      await registry.delete(PODS, namespace, name, { gracePeriodSeconds: 0 });
    } catch (error) {
      if (!isRace(error)) throw error;
    }
  }
}
