/**
 * The Filter plugins of the default profile that apply in the simulator, in the order the
 * scheduler runs them (`getDefaultPlugins`): NodeUnschedulable, TaintToleration, NodeAffinity,
 * NodePorts, NodeResourcesFit, InterPodAffinity. A node's status is the first plugin that rejects
 * it. (NodeName has nothing to do: pods with `spec.nodeName` never reach the scheduler. Volume
 * and topology spread plugins are not simulated.)
 */
import type { KubeObject } from '../kube-object.js';
import { podHostPorts, portsFit } from './host-ports.js';
import {
  type InterPodAffinityState,
  interPodAffinityFilter,
  interPodAffinityPreFilter,
} from './inter-pod-affinity.js';
import {
  matchesNodeAffinity,
  NODE_AFFINITY_CONFLICT,
  NODE_AFFINITY_MISMATCH,
  nodeAffinityPreFilter,
} from './node-affinity.js';
import type { NodeInfo } from './node-info.js';
import { type NamespaceLister, NO_NAMESPACES } from './pod-affinity-term.js';
import { podRequests, type Resources } from './pod-resources.js';
import {
  nodeTaints,
  podTolerations,
  toleratesTaint,
  untoleratedTaint,
  untoleratedTaintReason,
} from './taints.js';

export type PluginName =
  | 'NodeUnschedulable'
  | 'TaintToleration'
  | 'NodeAffinity'
  | 'NodePorts'
  | 'NodeResourcesFit'
  | 'InterPodAffinity';

/** `framework.Code`s of a rejection: only Unschedulable ones may be resolved by preemption. */
export type StatusCode = 'Unschedulable' | 'UnschedulableAndUnresolvable';

export interface Status {
  code: StatusCode;
  reasons: string[];
  plugin?: PluginName;
}

export const NODE_UNSCHEDULABLE = 'node(s) were unschedulable';
export const NODE_PORTS_CONFLICT = "node(s) didn't have free ports for the requested pod ports";

function reject(plugin: PluginName, code: StatusCode, ...reasons: string[]): Status {
  return { code, reasons, plugin };
}

/** NodeUnschedulable: a cordoned node, unless the pod tolerates `node.kubernetes.io/unschedulable`. */
function nodeUnschedulable(pod: KubeObject, info: NodeInfo): Status | undefined {
  const spec = info.node.spec as { unschedulable?: unknown } | undefined;
  if (spec?.unschedulable !== true) return undefined;
  const taint = { key: 'node.kubernetes.io/unschedulable', value: '', effect: 'NoSchedule' };
  if (podTolerations(pod).some((t) => toleratesTaint(t, taint))) return undefined;
  return reject('NodeUnschedulable', 'UnschedulableAndUnresolvable', NODE_UNSCHEDULABLE);
}

function taintToleration(pod: KubeObject, info: NodeInfo): Status | undefined {
  const taint = untoleratedTaint(nodeTaints(info.node), podTolerations(pod));
  if (!taint) return undefined;
  return reject('TaintToleration', 'UnschedulableAndUnresolvable', untoleratedTaintReason(taint));
}

function nodeAffinity(pod: KubeObject, info: NodeInfo): Status | undefined {
  if (matchesNodeAffinity(pod, info.node)) return undefined;
  return reject('NodeAffinity', 'UnschedulableAndUnresolvable', NODE_AFFINITY_MISMATCH);
}

function nodePorts(pod: KubeObject, info: NodeInfo): Status | undefined {
  if (portsFit(podHostPorts(pod), info.usedPorts)) return undefined;
  return reject('NodePorts', 'Unschedulable', NODE_PORTS_CONFLICT);
}

/**
 * `fitsRequest`: every shortage, in this order — pod count, cpu, memory, ephemeral storage,
 * then other resources. Only what the pod requests is checked.
 */
export function insufficientResources(request: Resources, info: NodeInfo): string[] {
  const reasons: string[] = [];
  if (info.pods.length + 1 > info.allowedPods) reasons.push('Too many pods');
  const free = (allocatable: bigint, requested: bigint) => allocatable - requested;
  const { allocatable, requested } = info;
  if (request.milliCPU > 0n && request.milliCPU > free(allocatable.milliCPU, requested.milliCPU))
    reasons.push('Insufficient cpu');
  if (request.memory > 0n && request.memory > free(allocatable.memory, requested.memory))
    reasons.push('Insufficient memory');
  if (
    request.ephemeralStorage > 0n &&
    request.ephemeralStorage > free(allocatable.ephemeralStorage, requested.ephemeralStorage)
  )
    reasons.push('Insufficient ephemeral-storage');
  for (const [name, amount] of request.scalars) {
    if (amount === 0n) continue;
    const available = free(allocatable.scalars.get(name) ?? 0n, requested.scalars.get(name) ?? 0n);
    if (amount > available) reasons.push(`Insufficient ${name}`);
  }
  return reasons;
}

function nodeResourcesFit(pod: KubeObject, info: NodeInfo): Status | undefined {
  const reasons = insufficientResources(podRequests(pod), info);
  return reasons.length === 0 ? undefined : reject('NodeResourcesFit', 'Unschedulable', ...reasons);
}

/** What PreFilter plugins computed for one scheduling cycle (`framework.CycleState`). */
export interface CycleState {
  /** Absent when InterPodAffinity's PreFilter skipped the pod. */
  interPodAffinity?: InterPodAffinityState;
}

function interPodAffinity(_pod: KubeObject, info: NodeInfo, state: CycleState) {
  return state.interPodAffinity ? interPodAffinityFilter(state.interPodAffinity, info) : undefined;
}

type Filter = (pod: KubeObject, info: NodeInfo, state: CycleState) => Status | undefined;

const FILTERS: Filter[] = [
  nodeUnschedulable,
  taintToleration,
  nodeAffinity,
  nodePorts,
  nodeResourcesFit,
  interPodAffinity,
];

/** `RunFilterPlugins`: the first rejection, or undefined when the node fits. */
export function runFilters(
  pod: KubeObject,
  info: NodeInfo,
  state: CycleState = {},
): Status | undefined {
  for (const filter of FILTERS) {
    const status = filter(pod, info, state);
    if (status) return status;
  }
  return undefined;
}

/** Why no node fits (`framework.Diagnosis`). */
export interface Diagnosis {
  /** Statuses of the nodes the filters ran on. */
  nodeStatuses: Map<string, Status>;
  /** The status of nodes PreFilter left out (all of them when PreFilter rejected the pod). */
  absentStatus?: Status;
  /** PreFilter's rejection, which replaces the per-node reasons in the message. */
  preFilterMsg?: string;
  /** Plugins that rejected the pod: only changes they care about requeue it. */
  unschedulablePlugins: Set<PluginName>;
}

/**
 * `findNodesThatFitPod`: PreFilter, then the filters on every candidate node. `namespaces` is the
 * scheduler's namespace informer, which pod affinity's namespace selectors read.
 */
export function findNodesThatFit(
  pod: KubeObject,
  nodes: NodeInfo[],
  namespaces: NamespaceLister = NO_NAMESPACES,
): { feasible: NodeInfo[]; diagnosis: Diagnosis; state: CycleState } {
  const diagnosis: Diagnosis = { nodeStatuses: new Map(), unschedulablePlugins: new Set() };
  const state: CycleState = {};
  const pre = nodeAffinityPreFilter(pod);
  if (pre.kind === 'conflict') {
    diagnosis.absentStatus = reject(
      'NodeAffinity',
      'UnschedulableAndUnresolvable',
      NODE_AFFINITY_CONFLICT,
    );
    diagnosis.preFilterMsg = NODE_AFFINITY_CONFLICT;
    diagnosis.unschedulablePlugins.add('NodeAffinity');
    return { feasible: [], diagnosis, state };
  }
  let candidates = nodes;
  if (pre.kind === 'nodes') {
    candidates = nodes.filter((n) => pre.names.has(n.name));
    diagnosis.unschedulablePlugins.add('NodeAffinity');
    diagnosis.absentStatus = {
      code: 'UnschedulableAndUnresolvable',
      reasons: ["node(s) didn't satisfy plugin(s) [NodeAffinity]"],
    };
  }
  // Counted over every node, not just the candidates: peers may run anywhere.
  const affinityState = interPodAffinityPreFilter(pod, nodes, namespaces);
  if (affinityState) state.interPodAffinity = affinityState;
  const feasible: NodeInfo[] = [];
  for (const info of candidates) {
    const status = runFilters(pod, info, state);
    if (!status) {
      feasible.push(info);
      continue;
    }
    diagnosis.nodeStatuses.set(info.name, status);
    if (status.plugin) diagnosis.unschedulablePlugins.add(status.plugin);
  }
  return { feasible, diagnosis, state };
}

/**
 * The simulator's stand-in for scoring: the highest InterPodAffinity score (`scores`, when that
 * plugin scored), then the feasible node with the fewest pods, then the first by name —
 * deterministic where the real scheduler's scores tie and it picks at random.
 */
export function pickNode(
  feasible: NodeInfo[],
  scores?: ReadonlyMap<string, number>,
): NodeInfo | undefined {
  const scoreOf = (info: NodeInfo) => scores?.get(info.name) ?? 0;
  let best: NodeInfo | undefined;
  for (const info of feasible) {
    if (
      !best ||
      scoreOf(info) > scoreOf(best) ||
      (scoreOf(info) === scoreOf(best) &&
        (info.pods.length < best.pods.length ||
          (info.pods.length === best.pods.length && info.name < best.name)))
    )
      best = info;
  }
  return best;
}
