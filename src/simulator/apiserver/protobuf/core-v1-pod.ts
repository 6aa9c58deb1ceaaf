/**
 * core/v1 PodTemplateSpec and PodSpec, with scheduling (affinity, tolerations, spread),
 * DNS and pod security context. Numbers from `k8s.io/api/core/v1/generated.proto` (1.32).
 */

import {
  AppArmorProfile,
  Container,
  EphemeralContainer,
  ResourceRequirements,
  SELinuxOptions,
  SeccompProfile,
  WindowsSecurityContextOptions,
} from './core-v1-container.js';
import { LocalObjectReference } from './core-v1-objects.js';
import { Volume } from './core-v1-volume.js';
import { LabelSelector, ObjectMeta } from './meta-v1.js';
import { mapOf, message } from './schema.js';

export const Affinity = message('core.v1.Affinity', [
  [1, 'nodeAffinity', () => NodeAffinity, 'ptr'],
  [2, 'podAffinity', () => PodAffinity, 'ptr'],
  [3, 'podAntiAffinity', () => PodAntiAffinity, 'ptr'],
]);

export const HostAlias = message('core.v1.HostAlias', [
  [1, 'ip', 'string', 'req'],
  [2, 'hostnames', 'string', 'rep'],
]);

export const NodeAffinity = message('core.v1.NodeAffinity', [
  [1, 'requiredDuringSchedulingIgnoredDuringExecution', () => NodeSelector, 'ptr'],
  [2, 'preferredDuringSchedulingIgnoredDuringExecution', () => PreferredSchedulingTerm, 'rep'],
]);

export const NodeSelector = message('core.v1.NodeSelector', [
  [1, 'nodeSelectorTerms', () => NodeSelectorTerm, 'rep', 'req'],
]);

export const NodeSelectorRequirement = message('core.v1.NodeSelectorRequirement', [
  [1, 'key', 'string', 'req'],
  [2, 'operator', 'string', 'req'],
  [3, 'values', 'string', 'rep'],
]);

export const NodeSelectorTerm = message('core.v1.NodeSelectorTerm', [
  [1, 'matchExpressions', () => NodeSelectorRequirement, 'rep'],
  [2, 'matchFields', () => NodeSelectorRequirement, 'rep'],
]);

export const PodAffinity = message('core.v1.PodAffinity', [
  [1, 'requiredDuringSchedulingIgnoredDuringExecution', () => PodAffinityTerm, 'rep'],
  [2, 'preferredDuringSchedulingIgnoredDuringExecution', () => WeightedPodAffinityTerm, 'rep'],
]);

export const PodAffinityTerm = message('core.v1.PodAffinityTerm', [
  [1, 'labelSelector', () => LabelSelector, 'ptr'],
  [2, 'namespaces', 'string', 'rep'],
  [3, 'topologyKey', 'string', 'req'],
  [4, 'namespaceSelector', () => LabelSelector, 'ptr'],
  [5, 'matchLabelKeys', 'string', 'rep'],
  [6, 'mismatchLabelKeys', 'string', 'rep'],
]);

export const PodAntiAffinity = message('core.v1.PodAntiAffinity', [
  [1, 'requiredDuringSchedulingIgnoredDuringExecution', () => PodAffinityTerm, 'rep'],
  [2, 'preferredDuringSchedulingIgnoredDuringExecution', () => WeightedPodAffinityTerm, 'rep'],
]);

export const PodDNSConfig = message('core.v1.PodDNSConfig', [
  [1, 'nameservers', 'string', 'rep'],
  [2, 'searches', 'string', 'rep'],
  [3, 'options', () => PodDNSConfigOption, 'rep'],
]);

export const PodDNSConfigOption = message('core.v1.PodDNSConfigOption', [
  [1, 'name', 'string'],
  [2, 'value', 'string', 'ptr'],
]);

export const PodOS = message('core.v1.PodOS', [[1, 'name', 'string', 'req']]);

export const PodReadinessGate = message('core.v1.PodReadinessGate', [
  [1, 'conditionType', 'string', 'req'],
]);

export const PodResourceClaim = message('core.v1.PodResourceClaim', [
  [1, 'name', 'string', 'req'],
  [3, 'resourceClaimName', 'string', 'ptr'],
  [4, 'resourceClaimTemplateName', 'string', 'ptr'],
]);

export const PodSchedulingGate = message('core.v1.PodSchedulingGate', [
  [1, 'name', 'string', 'req'],
]);

export const PodSecurityContext = message('core.v1.PodSecurityContext', [
  [1, 'seLinuxOptions', () => SELinuxOptions, 'ptr'],
  [8, 'windowsOptions', () => WindowsSecurityContextOptions, 'ptr'],
  [2, 'runAsUser', 'int64', 'ptr'],
  [6, 'runAsGroup', 'int64', 'ptr'],
  [3, 'runAsNonRoot', 'bool', 'ptr'],
  [4, 'supplementalGroups', 'int64', 'rep'],
  [12, 'supplementalGroupsPolicy', 'string', 'ptr'],
  [5, 'fsGroup', 'int64', 'ptr'],
  [7, 'sysctls', () => Sysctl, 'rep'],
  [9, 'fsGroupChangePolicy', 'string', 'ptr'],
  [10, 'seccompProfile', () => SeccompProfile, 'ptr'],
  [11, 'appArmorProfile', () => AppArmorProfile, 'ptr'],
  [13, 'seLinuxChangePolicy', 'string', 'ptr'],
]);

export const PodSpec = message('core.v1.PodSpec', [
  [1, 'volumes', () => Volume, 'rep'],
  [20, 'initContainers', () => Container, 'rep'],
  [2, 'containers', () => Container, 'rep', 'req'],
  [34, 'ephemeralContainers', () => EphemeralContainer, 'rep'],
  [3, 'restartPolicy', 'string'],
  [4, 'terminationGracePeriodSeconds', 'int64', 'ptr'],
  [5, 'activeDeadlineSeconds', 'int64', 'ptr'],
  [6, 'dnsPolicy', 'string'],
  [7, 'nodeSelector', mapOf('string')],
  [8, 'serviceAccountName', 'string'],
  [9, 'serviceAccount', 'string'],
  [21, 'automountServiceAccountToken', 'bool', 'ptr'],
  [10, 'nodeName', 'string'],
  [11, 'hostNetwork', 'bool'],
  [12, 'hostPID', 'bool'],
  [13, 'hostIPC', 'bool'],
  [27, 'shareProcessNamespace', 'bool', 'ptr'],
  [14, 'securityContext', () => PodSecurityContext, 'ptr'],
  [15, 'imagePullSecrets', () => LocalObjectReference, 'rep'],
  [16, 'hostname', 'string'],
  [17, 'subdomain', 'string'],
  [18, 'affinity', () => Affinity, 'ptr'],
  [19, 'schedulerName', 'string'],
  [22, 'tolerations', () => Toleration, 'rep'],
  [23, 'hostAliases', () => HostAlias, 'rep'],
  [24, 'priorityClassName', 'string'],
  [25, 'priority', 'int32', 'ptr'],
  [26, 'dnsConfig', () => PodDNSConfig, 'ptr'],
  [28, 'readinessGates', () => PodReadinessGate, 'rep'],
  [29, 'runtimeClassName', 'string', 'ptr'],
  [30, 'enableServiceLinks', 'bool', 'ptr'],
  [31, 'preemptionPolicy', 'string', 'ptr'],
  [32, 'overhead', mapOf('quantity')],
  [33, 'topologySpreadConstraints', () => TopologySpreadConstraint, 'rep'],
  [35, 'setHostnameAsFQDN', 'bool', 'ptr'],
  [36, 'os', () => PodOS, 'ptr'],
  [37, 'hostUsers', 'bool', 'ptr'],
  [38, 'schedulingGates', () => PodSchedulingGate, 'rep'],
  [39, 'resourceClaims', () => PodResourceClaim, 'rep'],
  [40, 'resources', () => ResourceRequirements, 'ptr'],
]);

export const PodTemplateSpec = message('core.v1.PodTemplateSpec', [
  [1, 'metadata', () => ObjectMeta],
  [2, 'spec', () => PodSpec],
]);

export const PreferredSchedulingTerm = message('core.v1.PreferredSchedulingTerm', [
  [1, 'weight', 'int32', 'req'],
  [2, 'preference', () => NodeSelectorTerm],
]);

export const Sysctl = message('core.v1.Sysctl', [
  [1, 'name', 'string', 'req'],
  [2, 'value', 'string', 'req'],
]);

export const Toleration = message('core.v1.Toleration', [
  [1, 'key', 'string'],
  [2, 'operator', 'string'],
  [3, 'value', 'string'],
  [4, 'effect', 'string'],
  [5, 'tolerationSeconds', 'int64', 'ptr'],
]);

export const TopologySpreadConstraint = message('core.v1.TopologySpreadConstraint', [
  [1, 'maxSkew', 'int32', 'req'],
  [2, 'topologyKey', 'string', 'req'],
  [3, 'whenUnsatisfiable', 'string', 'req'],
  [4, 'labelSelector', () => LabelSelector, 'ptr'],
  [5, 'minDomains', 'int32', 'ptr'],
  [6, 'nodeAffinityPolicy', 'string', 'ptr'],
  [7, 'nodeTaintsPolicy', 'string', 'ptr'],
  [8, 'matchLabelKeys', 'string', 'rep'],
]);

export const WeightedPodAffinityTerm = message('core.v1.WeightedPodAffinityTerm', [
  [1, 'weight', 'int32', 'req'],
  [2, 'podAffinityTerm', () => PodAffinityTerm],
]);
