/**
 * core/v1 messages reachable from a Container: ports, env, resources, probes, lifecycle hooks,
 * security context. Numbers from `k8s.io/api/core/v1/generated.proto` (Kubernetes 1.32).
 */

import { LocalObjectReference } from './core-v1-objects.js';
import { type FieldSpec, mapOf, message } from './schema.js';

export const AppArmorProfile = message('core.v1.AppArmorProfile', [
  [1, 'type', 'string', 'req'],
  [2, 'localhostProfile', 'string', 'ptr'],
]);

export const Capabilities = message('core.v1.Capabilities', [
  [1, 'add', 'string', 'rep'],
  [2, 'drop', 'string', 'rep'],
]);

export const ConfigMapEnvSource = message('core.v1.ConfigMapEnvSource', [
  [1, '', () => LocalObjectReference, 'inline'],
  [2, 'optional', 'bool', 'ptr'],
]);

export const ConfigMapKeySelector = message('core.v1.ConfigMapKeySelector', [
  [1, '', () => LocalObjectReference, 'inline'],
  [2, 'key', 'string', 'req'],
  [3, 'optional', 'bool', 'ptr'],
]);

/** The fields of a Container, shared with EphemeralContainerCommon, which has the same ones. */
const CONTAINER_FIELDS: readonly FieldSpec[] = [
  [1, 'name', 'string', 'req'],
  [2, 'image', 'string'],
  [3, 'command', 'string', 'rep'],
  [4, 'args', 'string', 'rep'],
  [5, 'workingDir', 'string'],
  [6, 'ports', () => ContainerPort, 'rep'],
  [19, 'envFrom', () => EnvFromSource, 'rep'],
  [7, 'env', () => EnvVar, 'rep'],
  [8, 'resources', () => ResourceRequirements],
  [23, 'resizePolicy', () => ContainerResizePolicy, 'rep'],
  [24, 'restartPolicy', 'string', 'ptr'],
  [9, 'volumeMounts', () => VolumeMount, 'rep'],
  [21, 'volumeDevices', () => VolumeDevice, 'rep'],
  [10, 'livenessProbe', () => Probe, 'ptr'],
  [11, 'readinessProbe', () => Probe, 'ptr'],
  [22, 'startupProbe', () => Probe, 'ptr'],
  [12, 'lifecycle', () => Lifecycle, 'ptr'],
  [13, 'terminationMessagePath', 'string'],
  [20, 'terminationMessagePolicy', 'string'],
  [14, 'imagePullPolicy', 'string'],
  [15, 'securityContext', () => SecurityContext, 'ptr'],
  [16, 'stdin', 'bool'],
  [17, 'stdinOnce', 'bool'],
  [18, 'tty', 'bool'],
];

export const Container = message('core.v1.Container', CONTAINER_FIELDS);

export const ContainerPort = message('core.v1.ContainerPort', [
  [1, 'name', 'string'],
  [2, 'hostPort', 'int32'],
  [3, 'containerPort', 'int32', 'req'],
  [4, 'protocol', 'string'],
  [5, 'hostIP', 'string'],
]);

export const ContainerResizePolicy = message('core.v1.ContainerResizePolicy', [
  [1, 'resourceName', 'string', 'req'],
  [2, 'restartPolicy', 'string', 'req'],
]);

export const EnvFromSource = message('core.v1.EnvFromSource', [
  [1, 'prefix', 'string'],
  [2, 'configMapRef', () => ConfigMapEnvSource, 'ptr'],
  [3, 'secretRef', () => SecretEnvSource, 'ptr'],
]);

export const EnvVar = message('core.v1.EnvVar', [
  [1, 'name', 'string', 'req'],
  [2, 'value', 'string'],
  [3, 'valueFrom', () => EnvVarSource, 'ptr'],
]);

export const EnvVarSource = message('core.v1.EnvVarSource', [
  [1, 'fieldRef', () => ObjectFieldSelector, 'ptr'],
  [2, 'resourceFieldRef', () => ResourceFieldSelector, 'ptr'],
  [3, 'configMapKeyRef', () => ConfigMapKeySelector, 'ptr'],
  [4, 'secretKeyRef', () => SecretKeySelector, 'ptr'],
]);

export const EphemeralContainer = message('core.v1.EphemeralContainer', [
  [1, '', () => EphemeralContainerCommon, 'inline'],
  [2, 'targetContainerName', 'string'],
]);

// EphemeralContainerCommon repeats Container field for field (same numbers, same JSON).
export const EphemeralContainerCommon = message(
  'core.v1.EphemeralContainerCommon',
  CONTAINER_FIELDS,
);

export const ExecAction = message('core.v1.ExecAction', [[1, 'command', 'string', 'rep']]);

export const GRPCAction = message('core.v1.GRPCAction', [
  [1, 'port', 'int32', 'req'],
  [2, 'service', 'string', 'ptr', 'req'],
]);

export const HTTPGetAction = message('core.v1.HTTPGetAction', [
  [1, 'path', 'string'],
  [2, 'port', 'intOrString'],
  [3, 'host', 'string'],
  [4, 'scheme', 'string'],
  [5, 'httpHeaders', () => HTTPHeader, 'rep'],
]);

export const HTTPHeader = message('core.v1.HTTPHeader', [
  [1, 'name', 'string', 'req'],
  [2, 'value', 'string', 'req'],
]);

export const Lifecycle = message('core.v1.Lifecycle', [
  [1, 'postStart', () => LifecycleHandler, 'ptr'],
  [2, 'preStop', () => LifecycleHandler, 'ptr'],
]);

export const LifecycleHandler = message('core.v1.LifecycleHandler', [
  [1, 'exec', () => ExecAction, 'ptr'],
  [2, 'httpGet', () => HTTPGetAction, 'ptr'],
  [3, 'tcpSocket', () => TCPSocketAction, 'ptr'],
  [4, 'sleep', () => SleepAction, 'ptr'],
]);

export const ObjectFieldSelector = message('core.v1.ObjectFieldSelector', [
  [1, 'apiVersion', 'string'],
  [2, 'fieldPath', 'string', 'req'],
]);

export const Probe = message('core.v1.Probe', [
  [1, '', () => ProbeHandler, 'inline'],
  [2, 'initialDelaySeconds', 'int32'],
  [3, 'timeoutSeconds', 'int32'],
  [4, 'periodSeconds', 'int32'],
  [5, 'successThreshold', 'int32'],
  [6, 'failureThreshold', 'int32'],
  [7, 'terminationGracePeriodSeconds', 'int64', 'ptr'],
]);

export const ProbeHandler = message('core.v1.ProbeHandler', [
  [1, 'exec', () => ExecAction, 'ptr'],
  [2, 'httpGet', () => HTTPGetAction, 'ptr'],
  [3, 'tcpSocket', () => TCPSocketAction, 'ptr'],
  [4, 'grpc', () => GRPCAction, 'ptr'],
]);

export const ResourceClaim = message('core.v1.ResourceClaim', [
  [1, 'name', 'string', 'req'],
  [2, 'request', 'string'],
]);

export const ResourceFieldSelector = message('core.v1.ResourceFieldSelector', [
  [1, 'containerName', 'string'],
  [2, 'resource', 'string', 'req'],
  [3, 'divisor', 'quantity'],
]);

export const ResourceRequirements = message('core.v1.ResourceRequirements', [
  [1, 'limits', mapOf('quantity')],
  [2, 'requests', mapOf('quantity')],
  [3, 'claims', () => ResourceClaim, 'rep'],
]);

export const SeccompProfile = message('core.v1.SeccompProfile', [
  [1, 'type', 'string', 'req'],
  [2, 'localhostProfile', 'string', 'ptr'],
]);

export const SecretEnvSource = message('core.v1.SecretEnvSource', [
  [1, '', () => LocalObjectReference, 'inline'],
  [2, 'optional', 'bool', 'ptr'],
]);

export const SecretKeySelector = message('core.v1.SecretKeySelector', [
  [1, '', () => LocalObjectReference, 'inline'],
  [2, 'key', 'string', 'req'],
  [3, 'optional', 'bool', 'ptr'],
]);

export const SecurityContext = message('core.v1.SecurityContext', [
  [1, 'capabilities', () => Capabilities, 'ptr'],
  [2, 'privileged', 'bool', 'ptr'],
  [3, 'seLinuxOptions', () => SELinuxOptions, 'ptr'],
  [10, 'windowsOptions', () => WindowsSecurityContextOptions, 'ptr'],
  [4, 'runAsUser', 'int64', 'ptr'],
  [8, 'runAsGroup', 'int64', 'ptr'],
  [5, 'runAsNonRoot', 'bool', 'ptr'],
  [6, 'readOnlyRootFilesystem', 'bool', 'ptr'],
  [7, 'allowPrivilegeEscalation', 'bool', 'ptr'],
  [9, 'procMount', 'string', 'ptr'],
  [11, 'seccompProfile', () => SeccompProfile, 'ptr'],
  [12, 'appArmorProfile', () => AppArmorProfile, 'ptr'],
]);

export const SELinuxOptions = message('core.v1.SELinuxOptions', [
  [1, 'user', 'string'],
  [2, 'role', 'string'],
  [3, 'type', 'string'],
  [4, 'level', 'string'],
]);

export const SleepAction = message('core.v1.SleepAction', [[1, 'seconds', 'int64', 'req']]);

export const TCPSocketAction = message('core.v1.TCPSocketAction', [
  [1, 'port', 'intOrString'],
  [2, 'host', 'string'],
]);

export const VolumeDevice = message('core.v1.VolumeDevice', [
  [1, 'name', 'string', 'req'],
  [2, 'devicePath', 'string', 'req'],
]);

export const VolumeMount = message('core.v1.VolumeMount', [
  [1, 'name', 'string', 'req'],
  [2, 'readOnly', 'bool'],
  [7, 'recursiveReadOnly', 'string', 'ptr'],
  [3, 'mountPath', 'string', 'req'],
  [4, 'subPath', 'string'],
  [5, 'mountPropagation', 'string', 'ptr'],
  [6, 'subPathExpr', 'string'],
]);

export const WindowsSecurityContextOptions = message('core.v1.WindowsSecurityContextOptions', [
  [1, 'gmsaCredentialSpecName', 'string', 'ptr'],
  [2, 'gmsaCredentialSpec', 'string', 'ptr'],
  [3, 'runAsUserName', 'string', 'ptr'],
  [4, 'hostProcess', 'bool', 'ptr'],
]);
