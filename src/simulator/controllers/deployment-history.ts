import type { KubeObject } from '../kube-object.js';
import { type ControllerContext, isRace, REPLICA_SETS } from './controller-context.js';
import {
  creationOrder,
  deploymentSettings,
  replicasOf,
  revisionOf,
  statusOf,
  statusReplicas,
} from './deployment-util.js';

/**
 * `cleanupDeployment`: a Deployment keeps `revisionHistoryLimit` old ReplicaSets for
 * `kubectl rollout undo`; older ones go, lowest revision first — but only empty ones whose
 * controller has caught up, and none already being deleted.
 */
export async function cleanupDeployment(
  context: ControllerContext,
  oldRSs: KubeObject[],
  d: KubeObject,
) {
  const limit = deploymentSettings(d).revisionHistoryLimit;
  if (limit === undefined) return;
  const alive = oldRSs.filter((rs) => !rs.metadata.deletionTimestamp);
  const diff = alive.length - limit;
  if (diff <= 0) return;
  alive.sort((a, b) => {
    const ra = revisionOf(a);
    const rb = revisionOf(b);
    return ra === undefined || rb === undefined || ra === rb ? creationOrder(a, b) : ra - rb;
  });
  for (const rs of alive.slice(0, diff)) {
    const observed = (statusOf(rs).observedGeneration as number | undefined) ?? 0;
    if (
      statusReplicas(rs, 'replicas') !== 0 ||
      replicasOf(rs) !== 0 ||
      (rs.metadata.generation ?? 0) > observed
    ) {
      continue;
    }
    try {
      await context.registry.delete(
        REPLICA_SETS,
        rs.metadata.namespace ?? '',
        rs.metadata.name ?? '',
      );
    } catch (error) {
      if (!isRace(error)) throw error;
    }
  }
}
