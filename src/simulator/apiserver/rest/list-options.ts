import type { KubeObject } from '../../kube-object.js';
import { matchesFields, parseFieldSelector } from '../field-selector.js';
import { matchesLabels, parseLabelSelector } from '../label-selector.js';
import { type ResourceInfo, storageResource } from '../resources.js';

/** `?labelSelector=…&fieldSelector=…` as one predicate over stored objects. */
export function selectorPredicate(info: ResourceInfo, query: URLSearchParams) {
  const labels = parseLabelSelector(query.get('labelSelector'));
  const fields = parseFieldSelector(query.get('fieldSelector'), storageResource(info));
  return (object: KubeObject) =>
    matchesLabels(labels, object.metadata.labels) &&
    matchesFields(fields, storageResource(info), object);
}

/** Query flags arrive as `true`, `1`, `false` (client-node sends explicit `false`). */
export function queryFlag(query: URLSearchParams, name: string) {
  const value = query.get(name);
  return value === 'true' || value === '1';
}
