/**
 * How a Deployment moves its pods between ReplicaSets (`rolling.go`, `recreate.go`,
 * `sync.go scale`): a rolling update grows the new ReplicaSet up to `replicas + maxSurge` pods in
 * all and shrinks old ones while at least `replicas − maxUnavailable` stay available; Recreate
 * scales every old ReplicaSet to 0, waits until none of their pods runs, then scales up the new
 * one; a change of `replicas` in the middle of a rollout is spread over the active ReplicaSets
 * in proportion to their size.
 */

import type { KubeObject } from '../kube-object.js';
import { deploymentComplete, deploymentStatus } from './deployment-status.js';
import {
  activeReplicaSets,
  creationOrder,
  deploymentSettings,
  isSaturated,
  maxSurge,
  maxUnavailable,
  newRSNewReplicas,
  proportion,
  replicasOf,
  statusReplicas,
  sumReplicas,
  sumStatus,
} from './deployment-util.js';
import { podPhase } from './pod-state.js';

/** What the rollout needs from the controller: reads, writes and status updates. */
export interface RolloutHost {
  replicaSets(
    d: KubeObject,
    rsList: KubeObject[],
    create: boolean,
  ): Promise<{ newRS: KubeObject | undefined; oldRSs: KubeObject[] }>;
  /** Scales and records `ScalingReplicaSet`; `operation` is inferred when omitted. */
  scaleReplicaSet(
    rs: KubeObject,
    size: number,
    d: KubeObject,
    operation?: 'up' | 'down',
  ): Promise<{ scaled: boolean; rs: KubeObject }>;
  syncRolloutStatus(all: KubeObject[], newRS: KubeObject | undefined, d: KubeObject): Promise<void>;
  cleanup(oldRSs: KubeObject[], d: KubeObject): Promise<void>;
  /** The Deployment's pods, by the uid of the ReplicaSet that controls them. */
  podsByReplicaSet(d: KubeObject, rsList: KubeObject[]): Map<string, KubeObject[]>;
}

function withNew(oldRSs: KubeObject[], newRS: KubeObject | undefined): KubeObject[] {
  return newRS ? [...oldRSs, newRS] : [...oldRSs];
}

/** `rolloutRolling`. */
export async function rolloutRolling(host: RolloutHost, d: KubeObject, rsList: KubeObject[]) {
  const { newRS, oldRSs } = await host.replicaSets(d, rsList, true);
  const all = withNew(oldRSs, newRS);
  if (newRS && (await reconcileNewReplicaSet(host, all, newRS, d))) {
    return host.syncRolloutStatus(all, newRS, d);
  }
  if (newRS && (await reconcileOldReplicaSets(host, all, activeReplicaSets(oldRSs), newRS, d))) {
    return host.syncRolloutStatus(all, newRS, d);
  }
  if (deploymentComplete(d, deploymentStatus(d))) await host.cleanup(oldRSs, d);
  return host.syncRolloutStatus(all, newRS, d);
}

async function reconcileNewReplicaSet(
  host: RolloutHost,
  all: KubeObject[],
  newRS: KubeObject,
  d: KubeObject,
) {
  const replicas = replicasOf(d);
  if (replicasOf(newRS) === replicas) return false;
  if (replicasOf(newRS) > replicas) return (await host.scaleReplicaSet(newRS, replicas, d)).scaled;
  return (await host.scaleReplicaSet(newRS, newRSNewReplicas(d, all, newRS), d)).scaled;
}

/** `reconcileOldReplicaSets`: unhealthy old pods go first, then as availability allows. */
async function reconcileOldReplicaSets(
  host: RolloutHost,
  all: KubeObject[],
  oldRSs: KubeObject[],
  newRS: KubeObject,
  d: KubeObject,
) {
  if (sumReplicas(oldRSs) === 0) return false;
  const minAvailable = replicasOf(d) - maxUnavailable(d);
  const newUnavailable = replicasOf(newRS) - statusReplicas(newRS, 'availableReplicas');
  const maxScaledDown = sumReplicas(all) - minAvailable - newUnavailable;
  if (maxScaledDown <= 0) return false;
  try {
    const cleaned = await cleanupUnhealthyReplicas(host, oldRSs, d, maxScaledDown);
    const scaled = await scaleDownOldForRollingUpdate(
      host,
      [...cleaned.oldRSs, newRS],
      cleaned.oldRSs,
      d,
    );
    return cleaned.count + scaled > 0;
  } catch {
    // Upstream swallows these errors here (the next sync tries again).
    return false;
  }
}

async function cleanupUnhealthyReplicas(
  host: RolloutHost,
  oldRSs: KubeObject[],
  d: KubeObject,
  maxCleanup: number,
) {
  const sorted = [...oldRSs].sort(creationOrder);
  let total = 0;
  for (let i = 0; i < sorted.length && total < maxCleanup; i++) {
    const rs = sorted[i] as KubeObject;
    const replicas = replicasOf(rs);
    const available = statusReplicas(rs, 'availableReplicas');
    if (replicas === 0 || replicas === available) continue;
    const count = Math.min(maxCleanup - total, replicas - available);
    sorted[i] = (await host.scaleReplicaSet(rs, replicas - count, d)).rs;
    total += count;
  }
  return { oldRSs: sorted, count: total };
}

async function scaleDownOldForRollingUpdate(
  host: RolloutHost,
  all: KubeObject[],
  oldRSs: KubeObject[],
  d: KubeObject,
) {
  const minAvailable = replicasOf(d) - maxUnavailable(d);
  const available = sumStatus(all, 'availableReplicas');
  if (available <= minAvailable) return 0;
  const toScaleDown = available - minAvailable;
  let total = 0;
  for (const rs of [...oldRSs].sort(creationOrder)) {
    if (total >= toScaleDown) break;
    if (replicasOf(rs) === 0) continue;
    const count = Math.min(replicasOf(rs), toScaleDown - total);
    await host.scaleReplicaSet(rs, replicasOf(rs) - count, d);
    total += count;
  }
  return total;
}

/** `rolloutRecreate`. */
export async function rolloutRecreate(host: RolloutHost, d: KubeObject, rsList: KubeObject[]) {
  let { newRS, oldRSs } = await host.replicaSets(d, rsList, false);
  let all = withNew(oldRSs, newRS);
  let scaledDown = false;
  for (const rs of activeReplicaSets(oldRSs)) {
    if ((await host.scaleReplicaSet(rs, 0, d)).scaled) scaledDown = true;
  }
  if (scaledDown) return host.syncRolloutStatus(all, newRS, d);
  if (oldPodsRunning(newRS, oldRSs, host.podsByReplicaSet(d, rsList))) {
    return host.syncRolloutStatus(all, newRS, d);
  }
  if (!newRS) {
    ({ newRS, oldRSs } = await host.replicaSets(d, rsList, true));
    all = withNew(oldRSs, newRS);
  }
  if (newRS) await host.scaleReplicaSet(newRS, replicasOf(d), d);
  if (deploymentComplete(d, deploymentStatus(d))) await host.cleanup(oldRSs, d);
  return host.syncRolloutStatus(all, newRS, d);
}

/** `oldPodsRunning`: an old ReplicaSet still reports pods, or one of its pods is not finished. */
function oldPodsRunning(
  newRS: KubeObject | undefined,
  oldRSs: KubeObject[],
  pods: Map<string, KubeObject[]>,
) {
  if (sumStatus(oldRSs, 'replicas') > 0) return true;
  for (const [uid, list] of pods) {
    if (newRS && newRS.metadata.uid === uid) continue;
    if (list.some((pod) => podPhase(pod) !== 'Failed' && podPhase(pod) !== 'Succeeded')) {
      return true;
    }
  }
  return false;
}

/** `FindActiveOrLatest`: the one active ReplicaSet, or the newest when none is active. */
function activeOrLatest(newRS: KubeObject | undefined, oldRSs: KubeObject[]) {
  if (!newRS && oldRSs.length === 0) return undefined;
  const newestFirst = [...oldRSs].sort((a, b) => creationOrder(b, a));
  const active = activeReplicaSets(withNew(newestFirst, newRS));
  if (active.length === 0) return newRS ?? newestFirst[0];
  return active.length === 1 ? active[0] : undefined;
}

/** `scale`: a scaling event, with proportional scaling during a rolling update. */
export async function scaleDeployment(
  host: RolloutHost,
  d: KubeObject,
  newRS: KubeObject | undefined,
  oldRSs: KubeObject[],
) {
  const replicas = replicasOf(d);
  const single = activeOrLatest(newRS, oldRSs);
  if (single) {
    if (replicasOf(single) !== replicas) await host.scaleReplicaSet(single, replicas, d);
    return;
  }
  if (isSaturated(d, newRS)) {
    for (const old of activeReplicaSets(oldRSs)) await host.scaleReplicaSet(old, 0, d);
    return;
  }
  if (!deploymentSettings(d).rolling) return;
  const all = activeReplicaSets(withNew(oldRSs, newRS));
  const allowed = replicas > 0 ? replicas + maxSurge(d) : 0;
  const toAdd = allowed - sumReplicas(all);
  let operation: 'up' | 'down' | undefined;
  if (toAdd > 0) {
    // Larger first; among equals the newer one grows first…
    all.sort((a, b) => replicasOf(b) - replicasOf(a) || creationOrder(b, a));
    operation = 'up';
  } else if (toAdd < 0) {
    // …and the older one shrinks first.
    all.sort((a, b) => replicasOf(b) - replicasOf(a) || creationOrder(a, b));
    operation = 'down';
  }
  let added = 0;
  const sizes = new Map<KubeObject, number>();
  for (const rs of all) {
    const share = toAdd !== 0 ? proportion(rs, d, toAdd, added) : 0;
    sizes.set(rs, replicasOf(rs) + share);
    added += share;
  }
  for (const [i, rs] of all.entries()) {
    let size = sizes.get(rs) ?? replicasOf(rs);
    // Leftovers go to the largest ReplicaSet.
    if (i === 0 && toAdd !== 0) size = Math.max(0, size + toAdd - added);
    // An explicit direction also refreshes the replica annotations of unchanged sizes.
    await host.scaleReplicaSet(rs, size, d, operation ?? 'up');
  }
}
