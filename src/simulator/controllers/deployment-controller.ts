import { compileSelector, selectorMatches } from '../admission/label-selector-object.js';
import { isPlainObject, type KubeObject } from '../kube-object.js';
import {
  type ChangeType,
  DEPLOYMENT_STORE,
  DEPLOYMENTS,
  FIELD_MANAGER,
  objectKey,
  POD_STORE,
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
import { cleanupDeployment } from './deployment-history.js';
import { COMPONENT, replicaSetsAndRevision } from './deployment-new-replicaset.js';
import {
  type RolloutHost,
  rolloutRecreate,
  rolloutRolling,
  scaleDeployment,
} from './deployment-rollout.js';
import { scaleReplicaSet } from './deployment-scale.js';
import {
  calculateStatus,
  type DeploymentStatus,
  deploymentStatus,
  getCondition,
  newCondition,
  normalise,
  REASONS,
  replicaFailure,
  rolloutStatus,
  setCondition,
  statusEqual,
} from './deployment-status.js';
import {
  activeReplicaSets,
  DESIRED_REPLICAS,
  deploymentSettings,
  replicasOf,
} from './deployment-util.js';
import { QueuedController } from './queued-controller.js';

/**
 * The Deployment controller (`pkg/controller/deployment`): claims the ReplicaSets a Deployment
 * selects, then — unless it is being deleted or paused — treats a change of `replicas` as a
 * scaling event and anything else as a rollout by its strategy, and keeps its status and
 * conditions. Every ReplicaSet size change is a `ScalingReplicaSet` event on the Deployment.
 */
export class DeploymentController extends QueuedController implements RolloutHost {
  /** The Deployment each ReplicaSet last named as controller, to wake it when that changes. */
  private readonly rsOwners = new Map<string, string>();

  start() {
    const storage = this.context.registry.storage;
    const from = storage.resourceVersion;
    for (const d of storage.list(DEPLOYMENT_STORE).items) this.queue.add(objectKey(d));
    for (const rs of storage.list(REPLICA_SET_STORE).items) this.onReplicaSet('ADDED', rs);
    this.stops.push(
      watchResource(this.context, DEPLOYMENT_STORE, from, (_type, d) =>
        this.queue.add(objectKey(d)),
      ),
      watchResource(this.context, REPLICA_SET_STORE, from, (type, rs) =>
        this.onReplicaSet(type, rs),
      ),
      watchResource(this.context, POD_STORE, from, (type, pod) => {
        if (type === 'DELETED') this.onPodDeleted(pod);
      }),
    );
  }

  private onReplicaSet(type: ChangeType, rs: KubeObject) {
    const uid = rs.metadata.uid ?? '';
    const namespace = rs.metadata.namespace ?? '';
    const ref = controllerOf(rs);
    const owner = ref?.kind === 'Deployment' ? `${namespace}/${ref.name}` : undefined;
    const previous = this.rsOwners.get(uid);
    if (type === 'DELETED' || !owner) this.rsOwners.delete(uid);
    else this.rsOwners.set(uid, owner);
    if (previous && previous !== owner) this.queue.add(previous);
    if (owner) {
      this.queue.add(owner);
      return;
    }
    if (type === 'DELETED') return;
    for (const d of this.context.registry.storage.list(DEPLOYMENT_STORE, { namespace }).items) {
      const selector = compileSelector(deploymentSettings(d).selector);
      if (selector && !selector.empty && selector(rs.metadata.labels)) this.queue.add(objectKey(d));
    }
  }

  /** A Recreate rollout waits for the old pods to be gone: their deletion wakes it. */
  private onPodDeleted(pod: KubeObject) {
    const storage = this.context.registry.storage;
    const namespace = pod.metadata.namespace ?? '';
    const podRef = controllerOf(pod);
    if (podRef?.kind !== 'ReplicaSet') return;
    const rs = storage.get(REPLICA_SET_STORE, namespace, podRef.name);
    const rsRef = rs && rs.metadata.uid === podRef.uid ? controllerOf(rs) : undefined;
    if (rsRef?.kind !== 'Deployment') return;
    const d = storage.get(DEPLOYMENT_STORE, namespace, rsRef.name);
    if (d && d.metadata.uid === rsRef.uid && deploymentSettings(d).recreate) {
      this.queue.add(objectKey(d));
    }
  }

  /** `syncDeployment`. */
  protected async sync(key: string) {
    const [namespace, name] = splitKey(key);
    const stored = this.context.registry.storage.get(DEPLOYMENT_STORE, namespace, name);
    if (!stored) return;
    const d = structuredClone(stored);
    const selector = deploymentSettings(d).selector;
    if (isPlainObject(selector) && compileSelector(selector)?.empty) {
      recordEvent(
        this.context,
        COMPONENT,
        d,
        'Warning',
        'SelectingAll',
        'This deployment is selecting all pods. A non-empty selector is required.',
      );
      const status = deploymentStatus(d);
      if ((status.observedGeneration ?? 0) < (d.metadata.generation ?? 0)) {
        d.status = { ...status, observedGeneration: d.metadata.generation };
        await this.writeStatus(d);
      }
      return;
    }
    const rsList = await this.claimReplicaSets(d);
    if (d.metadata.deletionTimestamp) {
      const { newRS, oldRSs } = await this.replicaSets(d, rsList, false);
      return this.syncDeploymentStatus(withNew(oldRSs, newRS), newRS, d);
    }
    await this.checkPausedConditions(d);
    if (deploymentSettings(d).paused || (await this.isScalingEvent(d, rsList))) {
      return this.syncScale(d, rsList);
    }
    if (deploymentSettings(d).recreate) return rolloutRecreate(this, d, rsList);
    return rolloutRolling(this, d, rsList);
  }

  /** `getReplicaSetsForDeployment`: adopt matching orphans, release what no longer matches. */
  private claimReplicaSets(d: KubeObject): Promise<KubeObject[]> {
    const namespace = d.metadata.namespace ?? '';
    const selector = compileSelector(deploymentSettings(d).selector);
    const all = this.context.registry.storage.list(REPLICA_SET_STORE, { namespace }).items;
    if (!selector) return Promise.resolve([]);
    const write = (rs: KubeObject) =>
      this.context.registry.update(REPLICA_SETS, namespace, rs.metadata.name ?? '', rs, {
        fieldManager: FIELD_MANAGER,
      });
    return claimObjects(d, all, {
      matches: (rs) => selector(rs.metadata.labels),
      adopt: async (rs) => {
        const fresh = this.context.registry.get(DEPLOYMENTS, namespace, d.metadata.name ?? '');
        if (fresh.metadata.uid !== d.metadata.uid || fresh.metadata.deletionTimestamp) {
          throw new Error(`original Deployment ${objectKey(d)} is gone or being deleted`);
        }
        await write(withOwnerReference(rs, newControllerRef(d)));
      },
      release: async (rs) => {
        await write(withoutOwnerReference(rs, d.metadata.uid ?? ''));
      },
    });
  }

  /** `checkPausedConditions`: `DeploymentPaused` / `DeploymentResumed` as Progressing Unknown. */
  private async checkPausedConditions(d: KubeObject) {
    const settings = deploymentSettings(d);
    if (settings.progressDeadlineSeconds === undefined) return;
    const status = deploymentStatus(d);
    const condition = getCondition(status, 'Progressing');
    if (condition?.reason === REASONS.timedOut) return;
    const pausedShown = condition?.reason === REASONS.paused;
    const now = this.context.clock.now();
    if (settings.paused && !pausedShown) {
      setCondition(
        status,
        newCondition('Progressing', 'Unknown', REASONS.paused, 'Deployment is paused', now),
      );
    } else if (!settings.paused && pausedShown) {
      setCondition(
        status,
        newCondition('Progressing', 'Unknown', REASONS.resumed, 'Deployment is resumed', now),
      );
    } else {
      return;
    }
    d.status = status;
    await this.writeStatus(d);
  }

  /** `isScalingEvent`: an active ReplicaSet was sized for another `replicas`. */
  private async isScalingEvent(d: KubeObject, rsList: KubeObject[]) {
    const { newRS, oldRSs } = await this.replicaSets(d, rsList, false);
    return activeReplicaSets(withNew(oldRSs, newRS)).some((rs) => {
      const desired = rs.metadata.annotations?.[DESIRED_REPLICAS];
      return desired !== undefined && /^-?\d+$/.test(desired) && Number(desired) !== replicasOf(d);
    });
  }

  /** `sync`: scaling, or a paused Deployment. */
  private async syncScale(d: KubeObject, rsList: KubeObject[]) {
    const { newRS, oldRSs } = await this.replicaSets(d, rsList, false);
    await scaleDeployment(this, d, newRS, oldRSs);
    if (deploymentSettings(d).paused) await this.cleanup(oldRSs, d);
    return this.syncDeploymentStatus(withNew(oldRSs, newRS), newRS, d);
  }

  replicaSets(d: KubeObject, rsList: KubeObject[], create: boolean) {
    return replicaSetsAndRevision(this.context, (x) => this.writeStatus(x), d, rsList, create);
  }

  scaleReplicaSet(rs: KubeObject, size: number, d: KubeObject, operation?: 'up' | 'down') {
    return scaleReplicaSet(this.context, rs, size, d, operation);
  }

  /** `syncRolloutStatus`. */
  async syncRolloutStatus(all: KubeObject[], newRS: KubeObject | undefined, d: KubeObject) {
    const now = this.context.clock.now();
    const { status, recheckMs } = rolloutStatus(all, newRS, d, replicaFailure(all, newRS), now);
    if (statusEqual(deploymentStatus(d), status)) {
      if (recheckMs !== undefined) this.queue.addAfter(objectKey(d), recheckMs);
      return;
    }
    d.status = status;
    await this.writeStatus(d);
  }

  private async syncDeploymentStatus(
    all: KubeObject[],
    newRS: KubeObject | undefined,
    d: KubeObject,
  ) {
    const status = calculateStatus(all, newRS, d, this.context.clock.now());
    if (statusEqual(deploymentStatus(d), status)) return;
    d.status = status;
    await this.writeStatus(d);
  }

  cleanup(oldRSs: KubeObject[], d: KubeObject) {
    return cleanupDeployment(this.context, oldRSs, d);
  }

  podsByReplicaSet(d: KubeObject, rsList: KubeObject[]) {
    const byUid = new Map<string, KubeObject[]>(rsList.map((rs) => [rs.metadata.uid ?? '', []]));
    const selector = deploymentSettings(d).selector;
    const pods = this.context.registry.storage.list(POD_STORE, {
      namespace: d.metadata.namespace ?? '',
      predicate: (pod) => selectorMatches(selector, pod.metadata.labels),
    }).items;
    for (const pod of pods) byUid.get(controllerOf(pod)?.uid ?? '')?.push(pod);
    return byUid;
  }

  /** The status subresource (it may also carry the revision annotation); `d` takes the new version. */
  private async writeStatus(d: KubeObject) {
    // Zero counts are `omitempty`: a real status never shows `unavailableReplicas: 0`.
    d.status = normalise((d.status ?? {}) as DeploymentStatus);
    const written = await this.context.registry.update(
      DEPLOYMENTS,
      d.metadata.namespace ?? '',
      d.metadata.name ?? '',
      structuredClone(d),
      { fieldManager: FIELD_MANAGER, subresource: 'status' },
    );
    if (written.metadata.resourceVersion)
      d.metadata.resourceVersion = written.metadata.resourceVersion;
  }
}

function withNew(oldRSs: KubeObject[], newRS: KubeObject | undefined) {
  return newRS ? [...oldRSs, newRS] : [...oldRSs];
}
