/**
 * Pod (anti-)affinity terms as the scheduler reads them (`framework.AffinityTerm`,
 * `framework.NewPodInfo`): a label selector, the namespaces it looks in (the pod's own by default),
 * a namespace selector and a topology key. Shared by the InterPodAffinity filter, its scoring and
 * its queueing hints.
 *
 * `matchLabelKeys` / `mismatchLabelKeys` are not read here: in 1.32 (MatchLabelKeysInPodAffinity,
 * beta) the API server folds them into `labelSelector` when the pod is created, so the scheduler
 * never sees them either.
 */
import {
  asArray,
  asObject,
  asObjects,
  asString,
  type JsonObject,
} from '../admission/json-access.js';
import { type LabelRequirement, matchesLabels } from '../apiserver/label-selector.js';
import type { KubeObject } from '../kube-object.js';

/** `labels.Selector`: `null` is `labels.Nothing()`; an empty list is `labels.Everything()`. */
export type Selector = LabelRequirement[] | null;

export type Labels = Readonly<Record<string, string>>;

export interface AffinityTerm {
  namespaces: Set<string>;
  selector: Selector;
  topologyKey: string;
  namespaceSelector: Selector;
}

export interface WeightedAffinityTerm {
  term: AffinityTerm;
  weight: number;
}

/** What the scheduler's namespace informer knows. */
export interface NamespaceLister {
  /** A namespace's labels; undefined when it does not exist (read as no labels). */
  labels(name: string): Labels | undefined;
  /** The names of the namespaces whose labels `selector` matches. */
  matching(selector: Selector): string[];
}

function labelsOf(object: KubeObject | undefined): Labels {
  const labels: Record<string, string> = {};
  for (const [k, v] of Object.entries(object?.metadata.labels ?? {})) labels[k] = String(v);
  return labels;
}

/**
 * A lister over namespace objects, read afresh on every call (there are few); `get` reads one
 * by name when the caller has a faster way than listing.
 */
export function namespaceLister(
  list: () => Iterable<KubeObject>,
  get?: (name: string) => KubeObject | undefined,
): NamespaceLister {
  return {
    labels(name) {
      if (get) {
        const ns = get(name);
        return ns ? labelsOf(ns) : undefined;
      }
      for (const ns of list()) if (ns.metadata.name === name) return labelsOf(ns);
      return undefined;
    },
    matching(selector) {
      const names: string[] = [];
      for (const ns of list()) {
        if (selectorMatches(selector, labelsOf(ns))) names.push(ns.metadata.name ?? '');
      }
      return names;
    },
  };
}

export const NO_NAMESPACES: NamespaceLister = namespaceLister(() => []);

export function podLabels(pod: KubeObject): Labels {
  return labelsOf(pod);
}

export function sameLabels(a: KubeObject, b: KubeObject): boolean {
  const x = labelsOf(a);
  const y = labelsOf(b);
  const keys = Object.keys(x);
  return keys.length === Object.keys(y).length && keys.every((k) => x[k] === y[k]);
}

/**
 * `metav1.LabelSelectorAsSelector`: nil matches nothing, `{}` everything. An operator it does not
 * know is an error there; validation refuses such pods, so here it simply matches nothing.
 */
export function labelSelectorAsSelector(value: unknown): Selector {
  const selector = asObject(value);
  if (!selector) return null;
  const requirements: LabelRequirement[] = [];
  for (const [key, v] of Object.entries(asObject(selector.matchLabels) ?? {})) {
    requirements.push({ key, op: 'in', values: [asString(v)] });
  }
  for (const expression of asObjects(selector.matchExpressions)) {
    const key = asString(expression.key);
    const values = asArray(expression.values).map(asString);
    const op = OPERATORS[asString(expression.operator)];
    if (!op) return null;
    requirements.push({ key, op, values });
  }
  return requirements;
}

const OPERATORS: Record<string, LabelRequirement['op']> = {
  In: 'in',
  NotIn: 'notin',
  Exists: 'exists',
  DoesNotExist: '!',
};

export function selectorMatches(selector: Selector, labels: Labels | undefined): boolean {
  return selector !== null && matchesLabels(selector, { ...labels });
}

/** `getNamespacesFromPodAffinityTerm`: no namespaces and no selector mean the pod's own. */
function newAffinityTerm(pod: KubeObject, term: JsonObject): AffinityTerm {
  const listed = asArray(term.namespaces).map(asString);
  const hasSelector = term.namespaceSelector !== undefined && term.namespaceSelector !== null;
  const namespaces = new Set(
    listed.length === 0 && !hasSelector ? [pod.metadata.namespace ?? ''] : listed,
  );
  return {
    namespaces,
    selector: labelSelectorAsSelector(term.labelSelector),
    topologyKey: asString(term.topologyKey),
    namespaceSelector: labelSelectorAsSelector(term.namespaceSelector),
  };
}

type AffinityKind = 'podAffinity' | 'podAntiAffinity';

function affinityOf(pod: KubeObject, kind: AffinityKind): JsonObject | undefined {
  return asObject(asObject(asObject(pod.spec)?.affinity)?.[kind]);
}

/** `RequiredAffinityTerms` / `RequiredAntiAffinityTerms` of a pod. */
export function requiredTerms(pod: KubeObject, kind: AffinityKind): AffinityTerm[] {
  const affinity = affinityOf(pod, kind);
  return asObjects(affinity?.requiredDuringSchedulingIgnoredDuringExecution).map((term) =>
    newAffinityTerm(pod, term),
  );
}

/** `PreferredAffinityTerms` / `PreferredAntiAffinityTerms` of a pod. */
export function preferredTerms(pod: KubeObject, kind: AffinityKind): WeightedAffinityTerm[] {
  const affinity = affinityOf(pod, kind);
  return asObjects(affinity?.preferredDuringSchedulingIgnoredDuringExecution).map((weighted) => ({
    term: newAffinityTerm(pod, asObject(weighted.podAffinityTerm) ?? {}),
    weight: typeof weighted.weight === 'number' ? weighted.weight : 0,
  }));
}

/** `PodsWithAffinity`: pods with any pod affinity or anti-affinity at all. */
export function hasPodAffinity(pod: KubeObject): boolean {
  return (
    affinityOf(pod, 'podAffinity') !== undefined || affinityOf(pod, 'podAntiAffinity') !== undefined
  );
}

/**
 * `AffinityTerm.Matches`: the pod is in one of the term's namespaces (or its namespace's labels
 * match the namespace selector) and its labels match the selector.
 */
export function termMatches(term: AffinityTerm, pod: KubeObject, nsLabels?: Labels): boolean {
  const inNamespace =
    term.namespaces.has(pod.metadata.namespace ?? '') ||
    selectorMatches(term.namespaceSelector, nsLabels);
  return inNamespace && selectorMatches(term.selector, podLabels(pod));
}

/** `podMatchesAllAffinityTerms`: no terms match nothing. */
export function matchesAllTerms(terms: AffinityTerm[], pod: KubeObject): boolean {
  return terms.length > 0 && terms.every((term) => termMatches(term, pod));
}

/**
 * `mergeAffinityTermNamespacesIfNotEmpty`, for the incoming pod's terms: a namespace selector
 * other than `{}` is unrolled into the namespaces it matches now, and then matches nothing itself,
 * so matching existing pods never needs their namespaces' labels.
 */
export function mergeNamespaces(term: AffinityTerm, namespaces: NamespaceLister): AffinityTerm {
  if (term.namespaceSelector !== null && term.namespaceSelector.length === 0) return term;
  const merged = new Set(term.namespaces);
  for (const name of namespaces.matching(term.namespaceSelector)) merged.add(name);
  return { ...term, namespaces: merged, namespaceSelector: null };
}

/** Topology pairs as map keys: label keys and values cannot hold a NUL. */
export function topologyPair(key: string, value: string): string {
  return `${key}\u0000${value}`;
}

export function nodeLabels(node: KubeObject): Labels {
  return labelsOf(node);
}
