/**
 * InterPodAffinity's PreScore, Score and NormalizeScore (`interpodaffinity/scoring.go`, 1.32):
 * every bound pod adds weight to the topologies of its node —
 *
 * - +weight when it matches one of the incoming pod's preferred affinity terms,
 *   −weight for a preferred anti-affinity term;
 * - +hardPodAffinityWeight (1) when its own *required* affinity matches the incoming pod;
 * - ±weight when its own preferred (anti-)affinity matches the incoming pod.
 *
 * A node scores the sum over its labels, normalized to 0–100 across the feasible nodes.
 */
import type { KubeObject } from '../kube-object.js';
import type { NodeInfo } from './node-info.js';
import {
  hasPodAffinity,
  type Labels,
  mergeNamespaces,
  type NamespaceLister,
  nodeLabels,
  preferredTerms,
  requiredTerms,
  termMatches,
  topologyPair,
  type WeightedAffinityTerm,
} from './pod-affinity-term.js';

/** `DefaultHardPodAffinityWeight`. */
const HARD_POD_AFFINITY_WEIGHT = 1;
/** `framework.MaxNodeScore`. */
const MAX_NODE_SCORE = 100;

/**
 * Normalized scores of the feasible nodes, or undefined when no topology got a score (PreScore's
 * `Skip`: the plugin then has no say).
 */
export function interPodAffinityScores(
  pod: KubeObject,
  feasible: NodeInfo[],
  all: NodeInfo[],
  namespaces: NamespaceLister,
): Map<string, number> | undefined {
  const merge = (terms: WeightedAffinityTerm[]) =>
    terms.map(({ term, weight }) => ({ term: mergeNamespaces(term, namespaces), weight }));
  const preferred = merge(preferredTerms(pod, 'podAffinity'));
  const preferredAnti = merge(preferredTerms(pod, 'podAntiAffinity'));
  const hasConstraints = preferred.length > 0 || preferredAnti.length > 0;
  const nsLabels = namespaces.labels(pod.metadata.namespace ?? '') ?? {};

  const topologyScore = new Map<string, number>();
  const add = (node: Labels, key: string, delta: number) => {
    const value = node[key];
    if (value === undefined) return;
    const pair = topologyPair(key, value);
    topologyScore.set(pair, (topologyScore.get(pair) ?? 0) + delta);
  };
  const process = (
    terms: WeightedAffinityTerm[],
    target: KubeObject,
    labels: Labels | undefined,
    node: Labels,
    sign: number,
  ) => {
    for (const { term, weight } of terms) {
      if (termMatches(term, target, labels)) add(node, term.topologyKey, sign * weight);
    }
  };

  for (const info of all) {
    const node = nodeLabels(info.node);
    if (Object.keys(node).length === 0) continue;
    for (const existing of info.pods) {
      // Without preferences of its own, only pods with affinity can move the incoming pod.
      if (!hasConstraints && !hasPodAffinity(existing)) continue;
      process(preferred, existing, undefined, node, 1);
      process(preferredAnti, existing, undefined, node, -1);
      for (const term of requiredTerms(existing, 'podAffinity')) {
        if (termMatches(term, pod, nsLabels)) add(node, term.topologyKey, HARD_POD_AFFINITY_WEIGHT);
      }
      process(preferredTerms(existing, 'podAffinity'), pod, nsLabels, node, 1);
      process(preferredTerms(existing, 'podAntiAffinity'), pod, nsLabels, node, -1);
    }
  }
  // A zero sum still counts as scored, as Go's map entry does.
  if (topologyScore.size === 0) return undefined;

  const raw = feasible.map((info) => {
    let score = 0;
    for (const [key, value] of Object.entries(nodeLabels(info.node))) {
      score += topologyScore.get(topologyPair(key, value)) ?? 0;
    }
    return [info.name, score] as const;
  });
  const scores = raw.map(([, score]) => score);
  const min = Math.min(...scores);
  const spread = Math.max(...scores) - min;
  return new Map(
    raw.map(([name, score]) => [
      name,
      // Go's float order: the fraction first, then × 100, truncated.
      spread > 0 ? Math.trunc(MAX_NODE_SCORE * ((score - min) / spread)) : 0,
    ]),
  );
}
