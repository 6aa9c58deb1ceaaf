/**
 * InterPodAffinity's queueing hints (`isSchedulableAfterPodChange`, `isSchedulableAfterNodeChange`
 * in `interpodaffinity/plugin.go`, 1.32) and the queue's pre-check for bound-pod adds and label
 * updates (`getUnschedulablePodsWithCrossTopologyTerm`). They are what makes a pod waiting for
 * its affinity peer be retried as soon as the peer is bound.
 *
 * Known gaps of 1.32 reproduced on purpose: a pod rejected only by a bound pod's anti-affinity is
 * not retried when that pod goes (fixed upstream in 1.35, kubernetes#134393), nor when a bound
 * pod's labels change unless one of the waiting pod's affinity terms matches it; the 5-minute
 * flush retries it then.
 */
import type { KubeObject } from '../kube-object.js';
import {
  type AffinityTerm,
  type Labels,
  matchesAllTerms,
  nodeLabels,
  requiredTerms,
  termMatches,
} from './pod-affinity-term.js';
import type { ClusterEvent } from './queueing-hints.js';

/** The queue only offers a bound pod's add or label change to pods with a term it matches. */
function crossTopologyPreCheck(terms: AffinityTerm[], pod: KubeObject, nsLabels: Labels) {
  return terms.some((term) => termMatches(term, pod, nsLabels));
}

function afterNodeChange(pod: KubeObject, old: KubeObject | undefined, node: KubeObject) {
  const after = nodeLabels(node);
  const before = old ? nodeLabels(old) : undefined;
  for (const { topologyKey: key } of requiredTerms(pod, 'podAffinity')) {
    // A node with the key joins, gains it, or moves to another topology.
    if (after[key] === undefined) continue;
    if (before === undefined || before[key] !== after[key]) return true;
  }
  for (const { topologyKey: key } of requiredTerms(pod, 'podAntiAffinity')) {
    // Anti-affinity passes nodes without the key: any new node may do.
    if (before === undefined) return true;
    if (before[key] !== after[key]) return true;
  }
  return false;
}

/** Whether `event` may make `pod`, rejected by InterPodAffinity, schedulable. */
export function interPodAffinityHint(pod: KubeObject, event: ClusterEvent): boolean {
  const terms = requiredTerms(pod, 'podAffinity');
  const antiTerms = requiredTerms(pod, 'podAntiAffinity');
  switch (event.kind) {
    case 'node':
      return afterNodeChange(pod, event.old, event.node);
    case 'assigned-pod-added':
      return (
        crossTopologyPreCheck(terms, event.pod, event.namespaceLabels) &&
        matchesAllTerms(terms, event.pod)
      );
    case 'assigned-pod-updated':
      if (!crossTopologyPreCheck(terms, event.pod, event.namespaceLabels)) return false;
      return (
        (!matchesAllTerms(terms, event.old) && matchesAllTerms(terms, event.pod)) ||
        (matchesAllTerms(antiTerms, event.old) && !matchesAllTerms(antiTerms, event.pod))
      );
    case 'assigned-pod-gone':
      return matchesAllTerms(antiTerms, event.pod);
    case 'own-update':
      // The pod itself is unscheduled: its own changes never help this plugin.
      return false;
  }
}
