/**
 * The NodeAffinity plugin: `spec.nodeSelector` and required node affinity
 * (`component-helpers/scheduling/corev1/nodeaffinity`), and its PreFilter, which narrows the
 * nodes to those named by `matchFields` `metadata.name In`.
 */
import {
  asArray,
  asObject,
  asObjects,
  asString,
  type JsonObject,
} from '../admission/json-access.js';
import type { KubeObject } from '../kube-object.js';

/** `ErrReasonPod`. */
export const NODE_AFFINITY_MISMATCH = "node(s) didn't match Pod's node affinity/selector";
/** `errReasonConflict`: every term names nodes by name, and no name is left. */
export const NODE_AFFINITY_CONFLICT = 'pod affinity terms conflict';

function requiredTerms(pod: KubeObject): JsonObject[] | undefined {
  const affinity = asObject(asObject(pod.spec)?.affinity);
  const required = asObject(
    asObject(affinity?.nodeAffinity)?.requiredDuringSchedulingIgnoredDuringExecution,
  );
  return required ? asObjects(required.nodeSelectorTerms) : undefined;
}

/** `strconv.ParseInt(s, 10, 64)`, undefined when it fails. */
function parseInt64(text: string): bigint | undefined {
  if (!/^[+-]?\d+$/.test(text)) return undefined;
  const value = BigInt(text);
  return value >= -(2n ** 63n) && value < 2n ** 63n ? value : undefined;
}

/** One `NodeSelectorRequirement` on labels (`labels.Requirement.Matches`). */
function requirementMatches(requirement: JsonObject, labels: Record<string, string>): boolean {
  const key = asString(requirement.key);
  const values = asArray(requirement.values).map(asString);
  const has = Object.hasOwn(labels, key);
  const value = labels[key] ?? '';
  switch (asString(requirement.operator)) {
    case 'In':
      return has && values.includes(value);
    case 'NotIn':
      return !has || !values.includes(value);
    case 'Exists':
      return has;
    case 'DoesNotExist':
      return !has;
    case 'Gt':
    case 'Lt': {
      if (!has || values.length !== 1) return false;
      const actual = parseInt64(value);
      const bound = parseInt64(values[0] ?? '');
      if (actual === undefined || bound === undefined) return false;
      return requirement.operator === 'Gt' ? actual > bound : actual < bound;
    }
    default:
      return false;
  }
}

/** One `matchFields` requirement: only `metadata.name` with one value, `In` or `NotIn`. */
function fieldRequirementMatches(requirement: JsonObject, nodeName: string): boolean {
  const values = asArray(requirement.values).map(asString);
  if (asString(requirement.key) !== 'metadata.name' || values.length !== 1) return false;
  if (requirement.operator === 'In') return values[0] === nodeName;
  if (requirement.operator === 'NotIn') return values[0] !== nodeName;
  return false;
}

/** `nodeSelectorTerm.match`: all expressions and all fields; an empty term matches nothing. */
function termMatches(term: JsonObject, labels: Record<string, string>, nodeName: string) {
  const expressions = asObjects(term.matchExpressions);
  const fields = asObjects(term.matchFields);
  if (expressions.length === 0 && fields.length === 0) return false;
  return (
    expressions.every((r) => requirementMatches(r, labels)) &&
    fields.every((r) => fieldRequirementMatches(r, nodeName))
  );
}

function nodeLabels(node: KubeObject): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const [k, v] of Object.entries(node.metadata.labels ?? {})) labels[k] = String(v);
  return labels;
}

/** `RequiredNodeAffinity.Match`: the nodeSelector's labels, and any one required term. */
export function matchesNodeAffinity(pod: KubeObject, node: KubeObject): boolean {
  const labels = nodeLabels(node);
  const selector = asObject(asObject(pod.spec)?.nodeSelector) ?? {};
  for (const [key, value] of Object.entries(selector)) {
    if (!Object.hasOwn(labels, key) || labels[key] !== asString(value)) return false;
  }
  const terms = requiredTerms(pod);
  if (terms === undefined) return true;
  const name = node.metadata.name ?? '';
  return terms.some((term) => termMatches(term, labels, name));
}

export type NodeAffinityPreFilter =
  | { kind: 'all' }
  | { kind: 'nodes'; names: Set<string> }
  | { kind: 'conflict' };

/**
 * `NodeAffinity.PreFilter`: when every term names nodes (`matchFields` `metadata.name In`), only
 * those nodes are candidates; when the names intersect to nothing, the pod fits nowhere.
 */
export function nodeAffinityPreFilter(pod: KubeObject): NodeAffinityPreFilter {
  const terms = requiredTerms(pod);
  if (!terms || terms.length === 0) return { kind: 'all' };
  let names: Set<string> | undefined;
  for (const term of terms) {
    let termNames: Set<string> | undefined;
    for (const field of asObjects(term.matchFields)) {
      if (field.key !== 'metadata.name' || field.operator !== 'In') continue;
      const values = new Set(asArray(field.values).map(asString));
      termNames = termNames ? new Set([...termNames].filter((n) => values.has(n))) : values;
    }
    // A term without names allows every node: the terms are ORed.
    if (!termNames) return { kind: 'all' };
    names = new Set([...(names ?? []), ...termNames]);
  }
  if (!names || names.size === 0) return { kind: 'conflict' };
  return { kind: 'nodes', names };
}
