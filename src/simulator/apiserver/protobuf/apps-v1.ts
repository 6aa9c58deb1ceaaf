/**
 * apps/v1 Deployment; its pod template lives in core-v1-pod.
 * Numbers from `k8s.io/api/apps/v1/generated.proto` (Kubernetes 1.32).
 */

import { PodTemplateSpec } from './core-v1-pod.js';
import { LabelSelector, ObjectMeta } from './meta-v1.js';
import { message } from './schema.js';

export const Deployment = message('apps.v1.Deployment', [
  [1, 'metadata', () => ObjectMeta],
  [2, 'spec', () => DeploymentSpec],
  [3, 'status', () => DeploymentStatus],
]);

export const DeploymentCondition = message('apps.v1.DeploymentCondition', [
  [1, 'type', 'string', 'req'],
  [2, 'status', 'string', 'req'],
  [6, 'lastUpdateTime', 'time'],
  [7, 'lastTransitionTime', 'time'],
  [4, 'reason', 'string'],
  [5, 'message', 'string'],
]);

export const DeploymentSpec = message('apps.v1.DeploymentSpec', [
  [1, 'replicas', 'int32', 'ptr'],
  [2, 'selector', () => LabelSelector, 'ptr', 'req'],
  [3, 'template', () => PodTemplateSpec],
  [4, 'strategy', () => DeploymentStrategy],
  [5, 'minReadySeconds', 'int32'],
  [6, 'revisionHistoryLimit', 'int32', 'ptr'],
  [7, 'paused', 'bool'],
  [9, 'progressDeadlineSeconds', 'int32', 'ptr'],
]);

export const DeploymentStatus = message('apps.v1.DeploymentStatus', [
  [1, 'observedGeneration', 'int64'],
  [2, 'replicas', 'int32'],
  [3, 'updatedReplicas', 'int32'],
  [7, 'readyReplicas', 'int32'],
  [4, 'availableReplicas', 'int32'],
  [5, 'unavailableReplicas', 'int32'],
  [6, 'conditions', () => DeploymentCondition, 'rep'],
  [8, 'collisionCount', 'int32', 'ptr'],
]);

export const DeploymentStrategy = message('apps.v1.DeploymentStrategy', [
  [1, 'type', 'string'],
  [2, 'rollingUpdate', () => RollingUpdateDeployment, 'ptr'],
]);

export const RollingUpdateDeployment = message('apps.v1.RollingUpdateDeployment', [
  [1, 'maxUnavailable', 'intOrString', 'ptr'],
  [2, 'maxSurge', 'intOrString', 'ptr'],
]);
