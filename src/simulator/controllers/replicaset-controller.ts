import { compileSelector, selectorMatches } from '../admission/label-selector-object.js';
import type { KubeObject } from '../kube-object.js';
import {
  type ChangeType,
  errorMessage,
  FIELD_MANAGER,
  isRace,
  objectKey,
  POD_STORE,
  PODS,
  REPLICA_SET_STORE,
  REPLICA_SETS,
  recordEvent,
  splitKey,
  watchResource,
} from './controller-context.js';
import {
  claimObjects,
  controllerOf,
  newControllerRef,
  withOwnerReference,
  withoutOwnerReference,
} from './controller-ref.js';
import { podFromTemplate } from './pod-from-template.js';
import { isPodActive, podReadySince } from './pod-state.js';
import { podsToDelete } from './pods-to-delete.js';
import { QueuedController } from './queued-controller.js';
import {
  calculateStatus,
  type ManageFailure,
  type ReplicaSetStatus,
  replicaSetSpec,
  statusUpToDate,
} from './replicaset-status.js';
import { slowStartBatch } from './slow-start-batch.js';

const COMPONENT = 'replicaset-controller';
/** `BurstReplicas`: at most this many creations or deletions per sync. */
const BURST_REPLICAS = 500;

/**
 * The ReplicaSet controller (`pkg/controller/replicaset`): keeps as many active pods as a
 * ReplicaSet asks for, claiming the pods its selector matches (adopting orphans, releasing pods
 * whose labels moved away), creating the missing ones from its template in slow-start batches
 * (1, 2, 4, …) and deleting the least useful extra ones, with `SuccessfulCreate` /
 * `SuccessfulDelete` events; then it writes the counts into the ReplicaSet's status.
 */
export class ReplicaSetController extends QueuedController {
  /** The ReplicaSet each pod last named as controller, to wake it when that changes. */
  private readonly podOwners = new Map<string, string>();

  start() {
    const storage = this.context.registry.storage;
    const from = storage.resourceVersion;
    for (const rs of storage.list(REPLICA_SET_STORE).items) this.queue.add(objectKey(rs));
    for (const pod of storage.list(POD_STORE).items) this.onPod('ADDED', pod);
    this.stops.push(
      watchResource(this.context, REPLICA_SET_STORE, from, (_type, rs) =>
        this.queue.add(objectKey(rs)),
      ),
      watchResource(this.context, POD_STORE, from, (type, pod) => this.onPod(type, pod)),
    );
  }

  /** `addPod`/`updatePod`/`deletePod`: wake the pod's controller, or whoever may adopt it. */
  private onPod(type: ChangeType, pod: KubeObject) {
    const uid = pod.metadata.uid ?? '';
    const namespace = pod.metadata.namespace ?? '';
    const ref = controllerOf(pod);
    const owner =
      ref?.kind === 'ReplicaSet' && ref.apiVersion.startsWith('apps/')
        ? `${namespace}/${ref.name}`
        : undefined;
    const previous = this.podOwners.get(uid);
    if (type === 'DELETED' || !owner) this.podOwners.delete(uid);
    else this.podOwners.set(uid, owner);
    if (previous && previous !== owner) this.queue.add(previous);
    if (owner) {
      this.queue.add(owner);
      return;
    }
    if (type === 'DELETED' || pod.metadata.deletionTimestamp) return;
    const candidates = this.context.registry.storage.list(REPLICA_SET_STORE, { namespace }).items;
    for (const rs of candidates) {
      if (selectorMatches(replicaSetSpec(rs).selector, pod.metadata.labels)) {
        this.queue.add(objectKey(rs));
      }
    }
  }

  /** `syncReplicaSet`. */
  protected async sync(key: string) {
    const [namespace, name] = splitKey(key);
    const storage = this.context.registry.storage;
    const rs = storage.get(REPLICA_SET_STORE, namespace, name);
    if (!rs) return;
    const { selector: selectorValue, replicas, minReadySeconds } = replicaSetSpec(rs);
    const selector = compileSelector(selectorValue);
    // An invalid selector is refused by validation; a stored one is left alone, as upstream does.
    if (!selector) return;
    const active = storage.list(POD_STORE, { namespace }).items.filter(isPodActive);
    const pods = await claimObjects(rs, active, {
      matches: (pod) => selector(pod.metadata.labels),
      adopt: (pod) => this.adopt(rs, pod),
      release: (pod) => this.writePod(withoutOwnerReference(pod, rs.metadata.uid ?? '')),
    });
    let failure: (ManageFailure & { error: unknown }) | undefined;
    if (!rs.metadata.deletionTimestamp) failure = await this.manageReplicas(rs, pods, replicas);
    const now = this.context.clock.now();
    const status = calculateStatus(rs, pods, failure, now);
    await this.updateStatus(rs, status);
    // A pod Ready for less than minReadySeconds becomes available later: look again then (the
    // real controller queues the ReplicaSet minReadySeconds + 1 s after a pod turns Ready).
    if (minReadySeconds > 0) {
      const waits = pods
        .map((pod) => podReadySince(pod))
        .filter((since): since is number => since !== undefined)
        .map((since) => since + (minReadySeconds + 1) * 1000 - now.getTime())
        .filter((wait) => wait > 0);
      if (waits.length) this.queue.addAfter(key, Math.min(...waits));
    }
    if (failure) throw failure.error;
  }

  /** `manageReplicas`: create or delete the difference; the first failure is returned. */
  private async manageReplicas(rs: KubeObject, pods: KubeObject[], replicas: number) {
    const diff = pods.length - replicas;
    if (diff < 0) {
      const error = await slowStartBatch(Math.min(-diff, BURST_REPLICAS), () => this.createPod(rs));
      if (error === undefined || isNamespaceTerminating(error)) return undefined;
      return { reason: 'FailedCreate' as const, message: errorMessage(error), error };
    }
    if (diff > 0) {
      const victims = podsToDelete(
        pods,
        this.relatedPods(rs, pods),
        Math.min(diff, BURST_REPLICAS),
        this.context.clock.now().getTime(),
      );
      const results = await Promise.allSettled(victims.map((pod) => this.deletePod(rs, pod)));
      const rejected = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
      if (rejected) {
        return {
          reason: 'FailedDelete' as const,
          message: errorMessage(rejected.reason),
          error: rejected.reason,
        };
      }
    }
    return undefined;
  }

  /** The active pods of this ReplicaSet and of its siblings (same controller), for ranking. */
  private relatedPods(rs: KubeObject, own: KubeObject[]): KubeObject[] {
    const owner = controllerOf(rs);
    if (!owner) return own;
    const storage = this.context.registry.storage;
    const namespace = rs.metadata.namespace ?? '';
    const siblings = new Set(
      storage
        .list(REPLICA_SET_STORE, { namespace })
        .items.filter((other) => controllerOf(other)?.uid === owner.uid)
        .map((other) => other.metadata.uid),
    );
    return storage
      .list(POD_STORE, { namespace })
      .items.filter((pod) => isPodActive(pod) && siblings.has(controllerOf(pod)?.uid));
  }

  /** `GetPodFromTemplate` + create, with its event either way. */
  private async createPod(rs: KubeObject) {
    const pod = podFromTemplate(rs);
    try {
      const created = await this.context.registry.create(PODS, rs.metadata.namespace ?? '', pod, {
        fieldManager: FIELD_MANAGER,
      });
      recordEvent(
        this.context,
        COMPONENT,
        rs,
        'Normal',
        'SuccessfulCreate',
        `Created pod: ${created.metadata.name}`,
      );
    } catch (error) {
      if (!isNamespaceTerminating(error)) {
        recordEvent(
          this.context,
          COMPONENT,
          rs,
          'Warning',
          'FailedCreate',
          `Error creating: ${errorMessage(error)}`,
        );
      }
      throw error;
    }
  }

  private async deletePod(rs: KubeObject, pod: KubeObject) {
    const name = pod.metadata.name ?? '';
    try {
      await this.context.registry.delete(PODS, pod.metadata.namespace ?? '', name);
      recordEvent(
        this.context,
        COMPONENT,
        rs,
        'Normal',
        'SuccessfulDelete',
        `Deleted pod: ${name}`,
      );
    } catch (error) {
      // Already gone: what we wanted (the real controller only lowers its expectations).
      if (isRace(error) && (error as { code: number }).code === 404) return;
      recordEvent(
        this.context,
        COMPONENT,
        rs,
        'Warning',
        'FailedDelete',
        `Error deleting: ${errorMessage(error)}`,
      );
      throw error;
    }
  }

  /** Adoption re-reads the ReplicaSet first (`RecheckDeletionTimestamp`): never adopt for a dying one. */
  private async adopt(rs: KubeObject, pod: KubeObject) {
    const fresh = this.context.registry.get(
      REPLICA_SETS,
      rs.metadata.namespace ?? '',
      rs.metadata.name ?? '',
    );
    if (fresh.metadata.uid !== rs.metadata.uid || fresh.metadata.deletionTimestamp) {
      throw new Error(`original ReplicaSet ${objectKey(rs)} is gone or being deleted`);
    }
    await this.writePod(withOwnerReference(pod, newControllerRef(rs)));
  }

  private async writePod(pod: KubeObject) {
    await this.context.registry.update(
      PODS,
      pod.metadata.namespace ?? '',
      pod.metadata.name ?? '',
      pod,
      { fieldManager: FIELD_MANAGER },
    );
  }

  /** `updateReplicaSetStatus`: written only when something changed, with the generation seen. */
  private async updateStatus(rs: KubeObject, status: ReplicaSetStatus): Promise<KubeObject> {
    if (statusUpToDate(rs, status)) return rs;
    const next = structuredClone(rs);
    const { observedGeneration: _old, conditions, ...counts } = status;
    next.status = {
      ...counts,
      observedGeneration: rs.metadata.generation ?? 1,
      ...(conditions ? { conditions } : {}),
    };
    return this.context.registry.update(
      REPLICA_SETS,
      rs.metadata.namespace ?? '',
      rs.metadata.name ?? '',
      next,
      { fieldManager: FIELD_MANAGER, subresource: 'status' },
    );
  }
}

function isNamespaceTerminating(error: unknown): boolean {
  return isRace(error) && (error as { code: number }).code === 403;
}
