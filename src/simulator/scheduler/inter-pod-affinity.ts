/**
 * The InterPodAffinity plugin's PreFilter and Filter (`pkg/scheduler/framework/plugins/
 * interpodaffinity/filtering.go`, 1.32). PreFilter counts, per topology pair (`key=value` of a
 * node label), the bound pods that matter to the incoming pod:
 *
 * - pods matching *all* of its required affinity terms (counted for each term's topology key);
 * - pods matching any of its required anti-affinity terms;
 * - pods whose own required anti-affinity matches the incoming pod.
 *
 * Filter then checks one node's labels against those counts, in that order, the first failure
 * giving the node's reason. Bound pods are the scheduler's cache: finished (Succeeded/Failed)
 * pods are not in it, pods being deleted still are — as in the real scheduler, a terminating pod
 * keeps repelling and attracting until it is gone.
 */
import type { KubeObject } from '../kube-object.js';
import type { Status } from './filters.js';
import type { NodeInfo } from './node-info.js';
import {
  type AffinityTerm,
  hasPodAffinity,
  type Labels,
  matchesAllTerms,
  mergeNamespaces,
  type NamespaceLister,
  nodeLabels,
  requiredTerms,
  termMatches,
  topologyPair,
} from './pod-affinity-term.js';

/** `ErrReasonAffinityRulesNotMatch`. */
export const AFFINITY_RULES_MISMATCH = "node(s) didn't match pod affinity rules";
/** `ErrReasonAntiAffinityRulesNotMatch`. */
export const ANTI_AFFINITY_RULES_MISMATCH = "node(s) didn't match pod anti-affinity rules";
/** `ErrReasonExistingAntiAffinityRulesNotMatch`. */
export const EXISTING_ANTI_AFFINITY_MISMATCH =
  "node(s) didn't satisfy existing pods anti-affinity rules";

type Counts = Map<string, number>;

/** `preFilterState`. */
export interface InterPodAffinityState {
  pod: KubeObject;
  /** The incoming pod's required terms, namespace selectors unrolled. */
  affinityTerms: AffinityTerm[];
  antiAffinityTerms: AffinityTerm[];
  /** The labels of the incoming pod's namespace. */
  namespaceLabels: Labels;
  affinityCounts: Counts;
  antiAffinityCounts: Counts;
  existingAntiAffinityCounts: Counts;
}

function update(counts: Counts, node: Labels, key: string, delta: number) {
  const value = node[key];
  if (value === undefined) return;
  const pair = topologyPair(key, value);
  const next = (counts.get(pair) ?? 0) + delta;
  if (next === 0) counts.delete(pair);
  else counts.set(pair, next);
}

/** `updateWithPod`: one bound pod's contribution to every count (`delta` ±1). */
function count(state: InterPodAffinityState, existing: KubeObject, node: Labels, delta: number) {
  for (const term of requiredTerms(existing, 'podAntiAffinity')) {
    if (termMatches(term, state.pod, state.namespaceLabels)) {
      update(state.existingAntiAffinityCounts, node, term.topologyKey, delta);
    }
  }
  if (matchesAllTerms(state.affinityTerms, existing)) {
    for (const term of state.affinityTerms) {
      update(state.affinityCounts, node, term.topologyKey, delta);
    }
  }
  // The incoming pod's terms have their namespace selectors unrolled: no labels needed here.
  for (const term of state.antiAffinityTerms) {
    if (termMatches(term, existing))
      update(state.antiAffinityCounts, node, term.topologyKey, delta);
  }
}

/**
 * `PreFilter` over every node of the snapshot. Undefined is its `Skip`: the pod has no required
 * (anti-)affinity and no bound pod's anti-affinity rejects it, so Filter has nothing to do.
 */
export function interPodAffinityPreFilter(
  pod: KubeObject,
  nodes: NodeInfo[],
  namespaces: NamespaceLister,
): InterPodAffinityState | undefined {
  const state: InterPodAffinityState = {
    pod,
    affinityTerms: requiredTerms(pod, 'podAffinity').map((t) => mergeNamespaces(t, namespaces)),
    antiAffinityTerms: requiredTerms(pod, 'podAntiAffinity').map((t) =>
      mergeNamespaces(t, namespaces),
    ),
    namespaceLabels: namespaces.labels(pod.metadata.namespace ?? '') ?? {},
    affinityCounts: new Map(),
    antiAffinityCounts: new Map(),
    existingAntiAffinityCounts: new Map(),
  };
  // Without terms of its own, only bound pods with anti-affinity can matter to the pod.
  const hasTerms = state.affinityTerms.length > 0 || state.antiAffinityTerms.length > 0;
  for (const info of nodes) {
    const pods = hasTerms ? info.pods : info.pods.filter(hasPodAffinity);
    if (pods.length === 0) continue;
    const labels = nodeLabels(info.node);
    for (const existing of pods) count(state, existing, labels, 1);
  }
  const nothingToCheck =
    state.existingAntiAffinityCounts.size === 0 &&
    state.affinityTerms.length === 0 &&
    state.antiAffinityTerms.length === 0;
  return nothingToCheck ? undefined : state;
}

/**
 * `RemovePod` (the PreFilter extension preemption uses): the state with `removed`, bound to
 * `info`'s node, no longer counted. The original state is left as it was.
 */
export function withoutPods(
  state: InterPodAffinityState,
  info: NodeInfo,
  removed: KubeObject[],
): InterPodAffinityState {
  const copy: InterPodAffinityState = {
    ...state,
    affinityCounts: new Map(state.affinityCounts),
    antiAffinityCounts: new Map(state.antiAffinityCounts),
    existingAntiAffinityCounts: new Map(state.existingAntiAffinityCounts),
  };
  const labels = nodeLabels(info.node);
  for (const pod of removed) count(copy, pod, labels, -1);
  return copy;
}

/**
 * `satisfyPodAffinity`: the node has every term's topology key, and in each of its topologies a
 * pod matches — or, for the first pod of a group that selects itself, no pod matches anywhere.
 */
function satisfiesPodAffinity(state: InterPodAffinityState, node: Labels): boolean {
  let podsExist = true;
  for (const term of state.affinityTerms) {
    const value = node[term.topologyKey];
    if (value === undefined) return false;
    if ((state.affinityCounts.get(topologyPair(term.topologyKey, value)) ?? 0) <= 0) {
      podsExist = false;
    }
  }
  if (podsExist) return true;
  return state.affinityCounts.size === 0 && matchesAllTerms(state.affinityTerms, state.pod);
}

/** `satisfyPodAntiAffinity`: no pod the incoming pod repels in the node's topologies. */
function satisfiesPodAntiAffinity(state: InterPodAffinityState, node: Labels): boolean {
  if (state.antiAffinityCounts.size === 0) return true;
  return state.antiAffinityTerms.every((term) => {
    const value = node[term.topologyKey];
    if (value === undefined) return true;
    return (state.antiAffinityCounts.get(topologyPair(term.topologyKey, value)) ?? 0) <= 0;
  });
}

/** `satisfyExistingPodsAntiAffinity`: no bound pod repels the incoming one from any node label. */
function satisfiesExistingAntiAffinity(state: InterPodAffinityState, node: Labels): boolean {
  if (state.existingAntiAffinityCounts.size === 0) return true;
  return Object.entries(node).every(
    ([key, value]) => (state.existingAntiAffinityCounts.get(topologyPair(key, value)) ?? 0) <= 0,
  );
}

function reject(code: Status['code'], reason: string): Status {
  return { code, reasons: [reason], plugin: 'InterPodAffinity' };
}

/**
 * `Filter`. Affinity failures are UnschedulableAndUnresolvable (evicting pods cannot bring a
 * wanted pod); anti-affinity ones are Unschedulable, which preemption may resolve.
 */
export function interPodAffinityFilter(
  state: InterPodAffinityState,
  info: NodeInfo,
): Status | undefined {
  const node = nodeLabels(info.node);
  if (!satisfiesPodAffinity(state, node)) {
    return reject('UnschedulableAndUnresolvable', AFFINITY_RULES_MISMATCH);
  }
  if (!satisfiesPodAntiAffinity(state, node)) {
    return reject('Unschedulable', ANTI_AFFINITY_RULES_MISMATCH);
  }
  if (!satisfiesExistingAntiAffinity(state, node)) {
    return reject('Unschedulable', EXISTING_ANTI_AFFINITY_MISMATCH);
  }
  return undefined;
}
