/**
 * Which pods a ReplicaSet deletes when it scales down (`getPodsToDelete`,
 * `controller.ActivePodsWithRanks`): the least useful first — not yet scheduled, then Pending
 * before Running, not Ready before Ready, lower `controller.kubernetes.io/pod-deletion-cost`,
 * pods sharing a node with more of their siblings, Ready for less time, more restarts, and
 * finally the newest. Times compare on a logarithmic scale (`LogarithmicScaleDown`, on since
 * 1.22), so pods of about the same age are told apart by uid.
 */

import type { KubeObject } from '../kube-object.js';
import {
  isPodReady,
  maxContainerRestarts,
  podNodeName,
  podPhase,
  podReadySince,
} from './pod-state.js';

const PHASE_ORDER: Record<string, number> = { Pending: 0, Unknown: 1, Running: 2 };

function deletionCost(pod: KubeObject): number {
  const value = pod.metadata.annotations?.['controller.kubernetes.io/pod-deletion-cost'];
  const cost = value !== undefined && /^[+-]?\d+$/.test(value) ? Number(value) : 0;
  return Number.isFinite(cost) ? cost : 0;
}

/** `logarithmicRankDiff`: the difference of ⌊log2(age in ns)⌋, -1 for a zero age. */
function logRank(time: number, now: number): number {
  const age = (now - time) * 1e6;
  return age > 0 ? Math.floor(Math.log2(age)) : -1;
}

interface Ranked {
  pod: KubeObject;
  /** How many related pods share its node (a doubled-up pod goes first). */
  rank: number;
}

function compareTimes(
  a: number | undefined,
  b: number | undefined,
  now: number,
  tie: () => number,
) {
  if (a === b) return 0;
  // A missing time sorts first (`afterOrZero`).
  if (a === undefined) return -1;
  if (b === undefined) return 1;
  const diff = logRank(a, now) - logRank(b, now);
  return diff === 0 ? tie() : diff;
}

function compare(x: Ranked, y: Ranked, now: number): number {
  const i = x.pod;
  const j = y.pod;
  const nodeI = podNodeName(i);
  const nodeJ = podNodeName(j);
  if (nodeI !== nodeJ && (nodeI === '' || nodeJ === '')) return nodeI === '' ? -1 : 1;
  const phaseI = PHASE_ORDER[podPhase(i)] ?? 0;
  const phaseJ = PHASE_ORDER[podPhase(j)] ?? 0;
  if (phaseI !== phaseJ) return phaseI - phaseJ;
  const readyI = isPodReady(i);
  const readyJ = isPodReady(j);
  if (readyI !== readyJ) return readyI ? 1 : -1;
  const costDiff = deletionCost(i) - deletionCost(j);
  if (costDiff !== 0) return costDiff;
  if (x.rank !== y.rank) return y.rank - x.rank;
  const byUid = () => ((i.metadata.uid ?? '') < (j.metadata.uid ?? '') ? -1 : 1);
  if (readyI && readyJ) {
    const order = compareTimes(podReadySince(i), podReadySince(j), now, byUid);
    // Ready for less time (a higher timestamp, a lower rank) goes first.
    if (order !== 0) return order;
  }
  const restarts = maxContainerRestarts(j) - maxContainerRestarts(i);
  if (restarts !== 0) return restarts;
  const created = (pod: KubeObject) => {
    const time = Date.parse(pod.metadata.creationTimestamp ?? '');
    return Number.isNaN(time) ? undefined : time;
  };
  return compareTimes(created(i), created(j), now, byUid);
}

/**
 * The `count` pods of `pods` to delete. `related` are the active pods of this ReplicaSet and
 * its siblings (same owner), which decide how crowded each node is.
 */
export function podsToDelete(
  pods: readonly KubeObject[],
  related: readonly KubeObject[],
  count: number,
  now: number,
): KubeObject[] {
  if (count >= pods.length) return [...pods];
  const perNode = new Map<string, number>();
  for (const pod of related) {
    const node = podNodeName(pod);
    if (node) perNode.set(node, (perNode.get(node) ?? 0) + 1);
  }
  const ranked = pods.map((pod) => ({ pod, rank: perNode.get(podNodeName(pod)) ?? 0 }));
  ranked.sort((x, y) => compare(x, y, now));
  return ranked.slice(0, count).map((r) => r.pod);
}
