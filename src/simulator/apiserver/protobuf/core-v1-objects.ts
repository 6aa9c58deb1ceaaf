/**
 * core/v1 kinds `kubectl create` sends whole: Secret, ConfigMap, Namespace, ServiceAccount,
 * and the references they hold. Numbers from `k8s.io/api/core/v1/generated.proto` (1.32).
 */

import { ObjectMeta } from './meta-v1.js';
import { mapOf, message } from './schema.js';

export const ConfigMap = message('core.v1.ConfigMap', [
  [1, 'metadata', () => ObjectMeta],
  [4, 'immutable', 'bool', 'ptr'],
  [2, 'data', mapOf('string')],
  [3, 'binaryData', mapOf('bytes')],
]);

export const LocalObjectReference = message('core.v1.LocalObjectReference', [
  [1, 'name', 'string'],
]);

export const Namespace = message('core.v1.Namespace', [
  [1, 'metadata', () => ObjectMeta],
  [2, 'spec', () => NamespaceSpec],
  [3, 'status', () => NamespaceStatus],
]);

export const NamespaceCondition = message('core.v1.NamespaceCondition', [
  [1, 'type', 'string', 'req'],
  [2, 'status', 'string', 'req'],
  [4, 'lastTransitionTime', 'time'],
  [5, 'reason', 'string'],
  [6, 'message', 'string'],
]);

export const NamespaceSpec = message('core.v1.NamespaceSpec', [[1, 'finalizers', 'string', 'rep']]);

export const NamespaceStatus = message('core.v1.NamespaceStatus', [
  [1, 'phase', 'string'],
  [2, 'conditions', () => NamespaceCondition, 'rep'],
]);

export const ObjectReference = message('core.v1.ObjectReference', [
  [1, 'kind', 'string'],
  [2, 'namespace', 'string'],
  [3, 'name', 'string'],
  [4, 'uid', 'string'],
  [5, 'apiVersion', 'string'],
  [6, 'resourceVersion', 'string'],
  [7, 'fieldPath', 'string'],
]);

export const Secret = message('core.v1.Secret', [
  [1, 'metadata', () => ObjectMeta],
  [5, 'immutable', 'bool', 'ptr'],
  [2, 'data', mapOf('bytes')],
  [4, 'stringData', mapOf('string')],
  [3, 'type', 'string'],
]);

export const ServiceAccount = message('core.v1.ServiceAccount', [
  [1, 'metadata', () => ObjectMeta],
  [2, 'secrets', () => ObjectReference, 'rep'],
  [3, 'imagePullSecrets', () => LocalObjectReference, 'rep'],
  [4, 'automountServiceAccountToken', 'bool', 'ptr'],
]);
