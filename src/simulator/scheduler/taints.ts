/**
 * Taints and tolerations (`v1helper.FindMatchingUntoleratedTaint`, `Toleration.ToleratesTaint`),
 * as the TaintToleration and NodeUnschedulable plugins use them.
 */
import {
  asArray,
  asObject,
  asObjects,
  asString,
  type JsonObject,
} from '../admission/json-access.js';
import type { KubeObject } from '../kube-object.js';

export interface Taint {
  key: string;
  value: string;
  effect: string;
}

export function nodeTaints(node: KubeObject): Taint[] {
  return asObjects(asObject(node.spec)?.taints).map((t) => ({
    key: asString(t.key),
    value: asString(t.value),
    effect: asString(t.effect),
  }));
}

export function podTolerations(pod: KubeObject): JsonObject[] {
  return asArray(asObject(pod.spec)?.tolerations).map((t) => asObject(t) ?? {});
}

/** `Toleration.ToleratesTaint`: an empty effect or key matches all; `Exists` ignores the value. */
export function toleratesTaint(toleration: JsonObject, taint: Taint): boolean {
  const effect = asString(toleration.effect);
  const key = asString(toleration.key);
  if (effect !== '' && effect !== taint.effect) return false;
  if (key !== '' && key !== taint.key) return false;
  switch (asString(toleration.operator)) {
    case '':
    case 'Equal':
      return asString(toleration.value) === taint.value;
    case 'Exists':
      return true;
    default:
      return false;
  }
}

/** The first NoSchedule/NoExecute taint of the node that no toleration tolerates. */
export function untoleratedTaint(taints: Taint[], tolerations: JsonObject[]): Taint | undefined {
  return taints.find(
    (taint) =>
      (taint.effect === 'NoSchedule' || taint.effect === 'NoExecute') &&
      !tolerations.some((toleration) => toleratesTaint(toleration, taint)),
  );
}

/** `TaintToleration` Filter's reason: `node(s) had untolerated taint {key: value}`. */
export function untoleratedTaintReason(taint: Taint): string {
  return `node(s) had untolerated taint {${taint.key}: ${taint.value}}`;
}
