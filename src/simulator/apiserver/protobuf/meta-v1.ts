/**
 * meta/v1 messages the API kinds below share: ObjectMeta and LabelSelector.
 * Numbers from `k8s.io/apimachinery/pkg/apis/meta/v1/generated.proto` (Kubernetes 1.32).
 */
import { mapOf, message } from './schema.js';

export const LabelSelector = message('meta.v1.LabelSelector', [
  [1, 'matchLabels', mapOf('string')],
  [2, 'matchExpressions', () => LabelSelectorRequirement, 'rep'],
]);

export const LabelSelectorRequirement = message('meta.v1.LabelSelectorRequirement', [
  [1, 'key', 'string', 'req'],
  [2, 'operator', 'string', 'req'],
  [3, 'values', 'string', 'rep'],
]);

export const ManagedFieldsEntry = message('meta.v1.ManagedFieldsEntry', [
  [1, 'manager', 'string'],
  [2, 'operation', 'string'],
  [3, 'apiVersion', 'string'],
  [4, 'time', 'time', 'ptr'],
  [6, 'fieldsType', 'string'],
  [7, 'fieldsV1', 'fieldsV1', 'ptr'],
  [8, 'subresource', 'string'],
]);

export const ObjectMeta = message('meta.v1.ObjectMeta', [
  [1, 'name', 'string'],
  [2, 'generateName', 'string'],
  [3, 'namespace', 'string'],
  [4, 'selfLink', 'string'],
  [5, 'uid', 'string'],
  [6, 'resourceVersion', 'string'],
  [7, 'generation', 'int64'],
  [8, 'creationTimestamp', 'time'],
  [9, 'deletionTimestamp', 'time', 'ptr'],
  [10, 'deletionGracePeriodSeconds', 'int64', 'ptr'],
  [11, 'labels', mapOf('string')],
  [12, 'annotations', mapOf('string')],
  [13, 'ownerReferences', () => OwnerReference, 'rep'],
  [14, 'finalizers', 'string', 'rep'],
  [17, 'managedFields', () => ManagedFieldsEntry, 'rep'],
]);

export const OwnerReference = message('meta.v1.OwnerReference', [
  [5, 'apiVersion', 'string', 'req'],
  [1, 'kind', 'string', 'req'],
  [3, 'name', 'string', 'req'],
  [4, 'uid', 'string', 'req'],
  [6, 'controller', 'bool', 'ptr'],
  [7, 'blockOwnerDeletion', 'bool', 'ptr'],
]);
