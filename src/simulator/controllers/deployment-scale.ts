import { isPlainObject, type KubeObject } from '../kube-object.js';
import {
  type ControllerContext,
  FIELD_MANAGER,
  REPLICA_SETS,
  recordEvent,
} from './controller-context.js';
import { COMPONENT } from './deployment-new-replicaset.js';
import {
  maxSurge,
  replicasAnnotationsNeedUpdate,
  replicasOf,
  setReplicasAnnotations,
} from './deployment-util.js';

/**
 * `scaleReplicaSet` (and `scaleReplicaSetAndRecordEvent` when no direction is given): sets a
 * ReplicaSet's size and its desired/max-replicas annotations, and records
 * `Scaled up|down replica set <rs> from <old> to <new>` on the Deployment (1.32's wording).
 * With an explicit direction, annotations of an unchanged size are refreshed too.
 */
export async function scaleReplicaSet(
  context: ControllerContext,
  rs: KubeObject,
  size: number,
  d: KubeObject,
  operation?: 'up' | 'down',
): Promise<{ scaled: boolean; rs: KubeObject }> {
  const current = replicasOf(rs);
  const sizeChanges = current !== size;
  const max = replicasOf(d) + maxSurge(d);
  if (!operation && !sizeChanges) return { scaled: false, rs };
  if (!sizeChanges && !replicasAnnotationsNeedUpdate(rs, replicasOf(d), max)) {
    return { scaled: false, rs };
  }
  const copy = structuredClone(rs);
  copy.spec = { ...(isPlainObject(copy.spec) ? copy.spec : {}), replicas: size };
  setReplicasAnnotations(copy, replicasOf(d), max);
  const updated = await context.registry.update(
    REPLICA_SETS,
    copy.metadata.namespace ?? '',
    copy.metadata.name ?? '',
    copy,
    { fieldManager: FIELD_MANAGER },
  );
  if (sizeChanges) {
    const direction = operation ?? (current < size ? 'up' : 'down');
    recordEvent(
      context,
      COMPONENT,
      d,
      'Normal',
      'ScalingReplicaSet',
      `Scaled ${direction} replica set ${updated.metadata.name} from ${current} to ${size}`,
    );
  }
  return { scaled: sizeChanges, rs: updated };
}
