/**
 * core/v1 Service, which `kubectl create service clusterip|nodeport|loadbalancer|externalname`
 * sends as protobuf. Numbers from `k8s.io/api/core/v1/generated.proto` (1.32); fields in Go
 * struct order, pointer and omitempty facts from `types.go`.
 */

import { ObjectMeta } from './meta-v1.js';
import { mapOf, message } from './schema.js';

export const Service = message('core.v1.Service', [
  [1, 'metadata', () => ObjectMeta],
  [2, 'spec', () => ServiceSpec],
  [3, 'status', () => ServiceStatus],
]);

export const ServiceSpec = message('core.v1.ServiceSpec', [
  [1, 'ports', () => ServicePort, 'rep'],
  [2, 'selector', mapOf('string')],
  [3, 'clusterIP', 'string'],
  [18, 'clusterIPs', 'string', 'rep'],
  [4, 'type', 'string'],
  [5, 'externalIPs', 'string', 'rep'],
  [7, 'sessionAffinity', 'string'],
  [8, 'loadBalancerIP', 'string'],
  [9, 'loadBalancerSourceRanges', 'string', 'rep'],
  [10, 'externalName', 'string'],
  [11, 'externalTrafficPolicy', 'string'],
  [12, 'healthCheckNodePort', 'int32'],
  [13, 'publishNotReadyAddresses', 'bool'],
  [14, 'sessionAffinityConfig', () => SessionAffinityConfig, 'ptr'],
  [19, 'ipFamilies', 'string', 'rep'],
  [17, 'ipFamilyPolicy', 'string', 'ptr'],
  [20, 'allocateLoadBalancerNodePorts', 'bool', 'ptr'],
  [21, 'loadBalancerClass', 'string', 'ptr'],
  [22, 'internalTrafficPolicy', 'string', 'ptr'],
  [23, 'trafficDistribution', 'string', 'ptr'],
]);

export const ServicePort = message('core.v1.ServicePort', [
  [1, 'name', 'string'],
  [2, 'protocol', 'string'],
  [6, 'appProtocol', 'string', 'ptr'],
  // `json:"port"`: no omitempty, a zero port is shown.
  [3, 'port', 'int32', 'req'],
  [4, 'targetPort', 'intOrString'],
  [5, 'nodePort', 'int32'],
]);

export const SessionAffinityConfig = message('core.v1.SessionAffinityConfig', [
  [1, 'clientIP', () => ClientIPConfig, 'ptr'],
]);

export const ClientIPConfig = message('core.v1.ClientIPConfig', [
  [1, 'timeoutSeconds', 'int32', 'ptr'],
]);

export const ServiceStatus = message('core.v1.ServiceStatus', [
  [1, 'loadBalancer', () => LoadBalancerStatus],
  [2, 'conditions', () => Condition, 'rep'],
]);

export const LoadBalancerStatus = message('core.v1.LoadBalancerStatus', [
  [1, 'ingress', () => LoadBalancerIngress, 'rep'],
]);

export const LoadBalancerIngress = message('core.v1.LoadBalancerIngress', [
  [1, 'ip', 'string'],
  [2, 'hostname', 'string'],
  [3, 'ipMode', 'string', 'ptr'],
  [4, 'ports', () => PortStatus, 'rep'],
]);

export const PortStatus = message('core.v1.PortStatus', [
  [1, 'port', 'int32', 'req'],
  [2, 'protocol', 'string', 'req'],
  [3, 'error', 'string', 'ptr'],
]);

/** metav1.Condition: every field but observedGeneration is shown even when empty. */
export const Condition = message('meta.v1.Condition', [
  [1, 'type', 'string', 'req'],
  [2, 'status', 'string', 'req'],
  [3, 'observedGeneration', 'int64'],
  [4, 'lastTransitionTime', 'time', 'req'],
  [5, 'reason', 'string', 'req'],
  [6, 'message', 'string', 'req'],
]);
