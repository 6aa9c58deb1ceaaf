/**
 * The scheduler's explanation when a pod fits no node: `FitError.Error()`
 * (`pkg/scheduler/framework/types.go`) and the DefaultPreemption PostFilter's own FitError,
 * appended as `preemption: …`.
 *
 *   0/3 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: },
 *   2 Insufficient cpu. preemption: 0/3 nodes are available: 1 Preemption is not helpful for
 *   scheduling, 2 No preemption victims found for incoming pod.
 */
import { asObject, asString } from '../admission/json-access.js';
import type { KubeObject } from '../kube-object.js';
import { type CycleState, type Diagnosis, runFilters, type Status } from './filters.js';
import { withoutPods } from './inter-pod-affinity.js';
import { type NodeInfo, nodeInfo, podPriority } from './node-info.js';

const NOT_HELPFUL = 'Preemption is not helpful for scheduling';
const NO_VICTIMS = 'No preemption victims found for incoming pod';

/** `FitError.Error()`: `0/N nodes are available: <sorted histogram>.` plus the PostFilter message. */
export function fitErrorMessage(
  numAllNodes: number,
  diagnosis: Pick<Diagnosis, 'nodeStatuses' | 'absentStatus' | 'preFilterMsg'>,
  postFilterMsg = '',
): string {
  let message = `0/${numAllNodes} nodes are available:`;
  if (diagnosis.preFilterMsg) {
    message += ` ${diagnosis.preFilterMsg}.`;
  } else {
    const reasons = new Map<string, number>();
    const count = (reason: string, n: number) =>
      reasons.set(reason, (reasons.get(reason) ?? 0) + n);
    for (const status of diagnosis.nodeStatuses.values()) {
      for (const reason of status.reasons) count(reason, 1);
    }
    const absent = numAllNodes - diagnosis.nodeStatuses.size;
    if (absent > 0 && diagnosis.absentStatus) {
      for (const reason of diagnosis.absentStatus.reasons) count(reason, absent);
    }
    // Go sorts the "<count> <reason>" strings themselves (so "10 x" sorts before "2 y").
    const histogram = [...reasons].map(([reason, n]) => `${n} ${reason}`).sort(byCodeUnits);
    if (histogram.length > 0) message += ` ${histogram.join(', ')}.`;
  }
  if (postFilterMsg) message += ` ${postFilterMsg}`;
  return message;
}

/** `sort.Strings`: byte order, which for these ASCII texts is UTF-16 code unit order. */
function byCodeUnits(a: string, b: string) {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * DefaultPreemption's PostFilter message for a pod that fits nowhere. Preemption only helps on
 * nodes rejected as plain `Unschedulable` (resources, ports); there it looks for pods of lower
 * priority to evict. The simulator never evicts: a node where evicting lower-priority pods would
 * make room is reported as having no victims.
 */
export function preemptionMessage(
  pod: KubeObject,
  nodes: NodeInfo[],
  diagnosis: Diagnosis,
  state: CycleState = {},
): string {
  if (asString(asObject(pod.spec)?.preemptionPolicy) === 'Never') {
    return 'preemption: not eligible due to preemptionPolicy=Never.';
  }
  const statusOf = (name: string): Status | undefined =>
    diagnosis.nodeStatuses.get(name) ?? diagnosis.absentStatus;
  const potential = nodes.filter((n) => statusOf(n.name)?.code === 'Unschedulable');
  const statuses = new Map<string, Status>();
  const priority = podPriority(pod);
  for (const info of potential) {
    statuses.set(info.name, dryRunPreemption(pod, priority, info, state));
  }
  const fitError = fitErrorMessage(nodes.length, {
    nodeStatuses: statuses,
    absentStatus: { code: 'UnschedulableAndUnresolvable', reasons: [NOT_HELPFUL] },
  });
  return `preemption: ${fitError}`;
}

/** `SelectVictimsOnNode`: without lower-priority pods there is nothing to evict. */
function dryRunPreemption(
  pod: KubeObject,
  priority: number,
  info: NodeInfo,
  state: CycleState,
): Status {
  const remaining = info.pods.filter((p) => podPriority(p) >= priority);
  if (remaining.length === info.pods.length) {
    return { code: 'UnschedulableAndUnresolvable', reasons: [NO_VICTIMS] };
  }
  // With every lower-priority pod gone, does the pod fit? If not, the filters say why. The
  // PreFilter state forgets the victims too (`RunPreFilterExtensionRemovePod`).
  const victims = info.pods.filter((p) => podPriority(p) < priority);
  const trimmed: CycleState = state.interPodAffinity
    ? { interPodAffinity: withoutPods(state.interPodAffinity, info, victims) }
    : {};
  const status = runFilters(pod, nodeInfo(info.node, remaining), trimmed);
  return status ?? { code: 'UnschedulableAndUnresolvable', reasons: [NO_VICTIMS] };
}
