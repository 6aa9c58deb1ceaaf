/**
 * `getAllReplicaSetsAndSyncRevision` / `getNewReplicaSet` (`sync.go`): the Deployment's new
 * ReplicaSet — the one whose template is the Deployment's — brought up to date (revision,
 * copied annotations, minReadySeconds), or created as `<deployment>-<pod-template-hash>` with
 * the hash in its labels, selector and template, owned by the Deployment, sized for the
 * strategy and announced with `Scaled up replica set <rs> from 0 to <n>`. The Deployment
 * records the new revision and, with a progress deadline, `NewReplicaSetCreated` or
 * `FoundNewReplicaSet`. A name taken by another ReplicaSet is a hash collision: the
 * Deployment's `collisionCount` goes up and the next sync tries another name.
 */

import { ApiError } from '../apiserver/status.js';
import { isPlainObject, type KubeObject } from '../kube-object.js';
import {
  type ControllerContext,
  errorMessage,
  FIELD_MANAGER,
  isRace,
  REPLICA_SET_STORE,
  REPLICA_SETS,
  recordEvent,
} from './controller-context.js';
import { controllerOf, newControllerRef } from './controller-ref.js';
import {
  deploymentStatus,
  getCondition,
  newCondition,
  REASONS,
  setCondition,
} from './deployment-status.js';
import {
  deploymentSettings,
  equalIgnoreHash,
  findNewReplicaSet,
  HASH_LABEL,
  maxRevision,
  newRSNewReplicas,
  REVISION,
  setNewReplicaSetAnnotations,
  templateOf,
} from './deployment-util.js';
import { computeHash } from './pod-template-hash.js';

export const COMPONENT = 'deployment-controller';

/** Writes `d.status` (and its annotations) through the status subresource; refreshes `d`. */
export type StatusWriter = (d: KubeObject) => Promise<void>;

/** `SetDeploymentRevision`: whether the annotation changed. */
function setDeploymentRevision(d: KubeObject, revision: string): boolean {
  d.metadata.annotations ??= {};
  const annotations = d.metadata.annotations;
  if (annotations[REVISION] === revision) return false;
  annotations[REVISION] = revision;
  return true;
}

function setProgressing(d: KubeObject, status: string, reason: string, message: string, now: Date) {
  const next = deploymentStatus(d);
  setCondition(next, newCondition('Progressing', status, reason, message, now));
  d.status = next;
}

export async function replicaSetsAndRevision(
  context: ControllerContext,
  writeStatus: StatusWriter,
  d: KubeObject,
  rsList: KubeObject[],
  create: boolean,
): Promise<{ newRS: KubeObject | undefined; oldRSs: KubeObject[] }> {
  const current = findNewReplicaSet(d, rsList);
  const oldRSs = rsList.filter((rs) => rs.metadata.uid !== current?.metadata.uid);
  const newRS = await newReplicaSet(context, writeStatus, d, current, oldRSs, create);
  return { newRS, oldRSs };
}

async function newReplicaSet(
  context: ControllerContext,
  writeStatus: StatusWriter,
  d: KubeObject,
  existing: KubeObject | undefined,
  oldRSs: KubeObject[],
  create: boolean,
): Promise<KubeObject | undefined> {
  const registry = context.registry;
  const now = context.clock.now();
  const settings = deploymentSettings(d);
  const newRevision = maxRevision(oldRSs) + 1;
  if (existing) {
    const copy = structuredClone(existing);
    const annotationsUpdated = setNewReplicaSetAnnotations(d, copy, newRevision, true);
    const spec = isPlainObject(copy.spec) ? copy.spec : {};
    const minReadyChanged = (spec.minReadySeconds ?? 0) !== settings.minReadySeconds;
    if (annotationsUpdated || minReadyChanged) {
      if (settings.minReadySeconds) spec.minReadySeconds = settings.minReadySeconds;
      else delete spec.minReadySeconds;
      copy.spec = spec;
      return registry.update(
        REPLICA_SETS,
        copy.metadata.namespace ?? '',
        copy.metadata.name ?? '',
        copy,
        { fieldManager: FIELD_MANAGER },
      );
    }
    let needsUpdate = setDeploymentRevision(d, copy.metadata.annotations?.[REVISION] ?? '');
    if (
      settings.progressDeadlineSeconds !== undefined &&
      !getCondition(deploymentStatus(d), 'Progressing')
    ) {
      const message = `Found new replica set "${copy.metadata.name}"`;
      setProgressing(d, 'True', REASONS.foundNewReplicaSet, message, now);
      needsUpdate = true;
    }
    if (needsUpdate) await writeStatus(d);
    return copy;
  }
  if (!create) return undefined;

  const template = structuredClone(templateOf(d));
  const collisionCount = deploymentStatus(d).collisionCount;
  const hash = computeHash(template, collisionCount);
  const meta = isPlainObject(template.metadata) ? template.metadata : {};
  const labels = { ...(isPlainObject(meta.labels) ? meta.labels : {}), [HASH_LABEL]: hash };
  template.metadata = { ...meta, labels };
  const selector = structuredClone(isPlainObject(settings.selector) ? settings.selector : {});
  selector.matchLabels = {
    ...(isPlainObject(selector.matchLabels) ? selector.matchLabels : {}),
    [HASH_LABEL]: hash,
  };
  const name = `${d.metadata.name}-${hash}`;
  const namespace = d.metadata.namespace ?? '';
  const rs: KubeObject = {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: {
      name,
      namespace,
      labels: structuredClone(labels) as Record<string, string>,
      ownerReferences: [newControllerRef(d)],
    },
    spec: {
      replicas: 0,
      ...(settings.minReadySeconds ? { minReadySeconds: settings.minReadySeconds } : {}),
      selector,
      template,
    },
  };
  const replicas = newRSNewReplicas(d, [...oldRSs, rs], rs);
  (rs.spec as Record<string, unknown>).replicas = replicas;
  setNewReplicaSetAnnotations(d, rs, newRevision, false);

  let created: KubeObject;
  let alreadyExisted = false;
  try {
    created = await registry.create(REPLICA_SETS, namespace, rs, { fieldManager: FIELD_MANAGER });
  } catch (error) {
    if (error instanceof ApiError && error.status.reason === 'AlreadyExists') {
      const found = registry.storage.get(REPLICA_SET_STORE, namespace, name);
      if (
        found &&
        controllerOf(found)?.uid === d.metadata.uid &&
        equalIgnoreHash(templateOf(d), templateOf(found))
      ) {
        created = found;
        alreadyExisted = true;
      } else {
        // A hash collision: another name next time.
        const status = deploymentStatus(d);
        status.collisionCount = (status.collisionCount ?? 0) + 1;
        d.status = status;
        await writeStatus(d);
        throw error;
      }
    } else {
      if (isRace(error)) throw error;
      const message = `Failed to create new replica set "${name}": ${errorMessage(error)}`;
      if (settings.progressDeadlineSeconds !== undefined) {
        setProgressing(d, 'False', REASONS.failedCreate, message, now);
        await writeStatus(d).catch(() => undefined);
      }
      recordEvent(context, COMPONENT, d, 'Warning', REASONS.failedCreate, message);
      throw error;
    }
  }
  if (!alreadyExisted && replicas > 0) {
    recordEvent(
      context,
      COMPONENT,
      d,
      'Normal',
      'ScalingReplicaSet',
      `Scaled up replica set ${name} from 0 to ${replicas}`,
    );
  }
  let needsUpdate = setDeploymentRevision(d, String(newRevision));
  if (!alreadyExisted && settings.progressDeadlineSeconds !== undefined) {
    setProgressing(d, 'True', REASONS.newReplicaSet, `Created new replica set "${name}"`, now);
    needsUpdate = true;
  }
  if (needsUpdate) await writeStatus(d);
  return created;
}
