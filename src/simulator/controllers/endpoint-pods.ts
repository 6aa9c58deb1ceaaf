/**
 * What the endpoints and EndpointSlice controllers read from Services and Pods, as the shared
 * `k8s.io/endpointslice/util` package does in 1.32: which pods a Service selects, which of them
 * belong in its endpoints (`ShouldPodBeInEndpoints`), whether they are Ready, their IPv4
 * addresses, and the port a Service port reaches on a pod (`FindPort`).
 */

import { asObject, asObjects, asString, type JsonObject } from '../admission/json-access.js';
import { findResource, type ResourceInfo, storageResource } from '../apiserver/resources.js';
import type { KubeObject } from '../kube-object.js';
import { isPodReady, podNodeName, podPhase } from './pod-state.js';

function served(group: string, resource: string): ResourceInfo {
  const info = findResource(group, 'v1', resource);
  if (!info) throw new Error(`${resource} are not served`);
  return info;
}

export const SERVICES = served('', 'services');
export const ENDPOINTS = served('', 'endpoints');
export const ENDPOINT_SLICES = served('discovery.k8s.io', 'endpointslices');
export const SERVICE_STORE = storageResource(SERVICES);
export const ENDPOINTS_STORE = storageResource(ENDPOINTS);
export const ENDPOINT_SLICE_STORE = storageResource(ENDPOINT_SLICES);

/** `v1.EndpointsLastChangeTriggerTime`, on Endpoints and EndpointSlices alike. */
export const LAST_CHANGE_TRIGGER_TIME = 'endpoints.kubernetes.io/last-change-trigger-time';
/** `v1.IsHeadlessService`: set (empty) on the endpoints of a Service without a ClusterIP. */
export const HEADLESS_LABEL = 'service.kubernetes.io/headless';

export { isPodReady };

export function specOf(object: KubeObject): JsonObject {
  return asObject(object.spec) ?? {};
}

/**
 * The Service's selector as a label map, or undefined for a nil one: such a Service gets no
 * endpoints from the controllers (they are the user's). An empty map counts as nil, as it does
 * once the Service has been through storage.
 */
export function serviceSelector(service: KubeObject): Record<string, string> | undefined {
  const selector = asObject(specOf(service).selector);
  if (!selector || Object.keys(selector).length === 0) return undefined;
  return Object.fromEntries(Object.entries(selector).map(([k, v]) => [k, asString(v)]));
}

/** Whether the controllers keep this Service's endpoints: a selector, and not ExternalName. */
export function hasManagedEndpoints(service: KubeObject): boolean {
  return specOf(service).type !== 'ExternalName' && serviceSelector(service) !== undefined;
}

export function selects(
  selector: Record<string, string>,
  labels: Record<string, string> | undefined,
): boolean {
  return Object.entries(selector).every(
    ([key, value]) => labels !== undefined && Object.hasOwn(labels, key) && labels[key] === value,
  );
}

/** `isServiceIPSet`: a ClusterIP that is neither empty nor `None` (not headless). */
export function isServiceIPSet(service: KubeObject): boolean {
  const clusterIP = asString(specOf(service).clusterIP);
  return clusterIP !== '' && clusterIP !== 'None';
}

/** The pods of the Service's namespace its selector picks, in storage order. */
export function selectedPods(
  pods: readonly KubeObject[],
  selector: Record<string, string>,
): KubeObject[] {
  return pods.filter((pod) => selects(selector, pod.metadata.labels));
}

/** The pod's IPv4 addresses, from `status.podIPs` (the one field the controllers read). */
export function podIPv4s(pod: KubeObject): string[] {
  const status = asObject(pod.status) ?? {};
  return asObjects(status.podIPs)
    .map((entry) => asString(entry.ip))
    .filter((ip) => ip !== '' && !ip.includes(':'));
}

function hasPodIP(pod: KubeObject): boolean {
  const status = asObject(pod.status) ?? {};
  return asString(status.podIP) !== '' || asObjects(status.podIPs).length > 0;
}

/**
 * `ShouldPodBeInEndpoints`: not finished (Succeeded/Failed), an IP assigned, and — unless
 * `includeTerminating` — not being deleted. The endpoints controller passes the Service's
 * `publishNotReadyAddresses`; the EndpointSlice controller always includes terminating pods
 * (they carry the `terminating` condition there).
 */
export function shouldPodBeInEndpoints(pod: KubeObject, includeTerminating: boolean): boolean {
  const phase = podPhase(pod);
  if (phase === 'Succeeded' || phase === 'Failed') return false;
  if (!hasPodIP(pod)) return false;
  return includeTerminating || !pod.metadata.deletionTimestamp;
}

/** `ShouldSetHostname`: a pod with `hostname` whose `subdomain` names this Service. */
export function hostnameFor(pod: KubeObject, service: KubeObject): string | undefined {
  const spec = specOf(pod);
  const hostname = asString(spec.hostname);
  const matches =
    hostname !== '' &&
    asString(spec.subdomain) === service.metadata.name &&
    pod.metadata.namespace === service.metadata.namespace;
  return matches ? hostname : undefined;
}

export interface ServicePort {
  name: string;
  protocol: string;
  port: number;
  targetPort: number | string;
  appProtocol?: string;
}

/** `spec.ports` as the defaulted Service holds them (protocol TCP, targetPort = port). */
export function servicePorts(service: KubeObject): ServicePort[] {
  return asObjects(specOf(service).ports).map((p) => {
    const port = typeof p.port === 'number' ? p.port : 0;
    const target = p.targetPort;
    return {
      name: asString(p.name),
      protocol: asString(p.protocol) || 'TCP',
      port,
      targetPort: typeof target === 'number' || typeof target === 'string' ? target : port,
      ...(typeof p.appProtocol === 'string' ? { appProtocol: p.appProtocol } : {}),
    };
  });
}

/**
 * `FindPort`: a numeric targetPort as it is; a named one looked up among the containers' ports
 * with the same protocol, then among sidecars (init containers with `restartPolicy: Always`).
 * Undefined when the pod has no such port: the pod is then left out for this Service port.
 */
export function findPort(pod: KubeObject, port: ServicePort): number | undefined {
  if (typeof port.targetPort === 'number') return port.targetPort;
  const spec = specOf(pod);
  const sidecars = asObjects(spec.initContainers).filter((c) => c.restartPolicy === 'Always');
  for (const container of [...asObjects(spec.containers), ...sidecars]) {
    for (const containerPort of asObjects(container.ports)) {
      if (
        containerPort.name === port.targetPort &&
        (asString(containerPort.protocol) || 'TCP') === port.protocol &&
        typeof containerPort.containerPort === 'number'
      ) {
        return containerPort.containerPort;
      }
    }
  }
  return undefined;
}

/** `v1.ObjectReference` to the pod, as both controllers write it in `targetRef`. */
export function podReference(pod: KubeObject) {
  return {
    kind: 'Pod',
    namespace: pod.metadata.namespace ?? '',
    name: pod.metadata.name ?? '',
    uid: pod.metadata.uid ?? '',
  };
}

export { podNodeName };

/** The keys (`namespace/name`) of the Services whose selectors pick a pod with these labels. */
export function servicesSelecting(
  services: readonly KubeObject[],
  labels: Record<string, string> | undefined,
): string[] {
  const keys: string[] = [];
  for (const service of services) {
    const selector = serviceSelector(service);
    if (selector && selects(selector, labels)) {
      keys.push(`${service.metadata.namespace ?? ''}/${service.metadata.name ?? ''}`);
    }
  }
  return keys;
}

/** What of a pod can change its endpoints; pods whose view is unchanged wake no Service. */
export function endpointView(pod: KubeObject): string {
  const spec = specOf(pod);
  return JSON.stringify([
    pod.metadata.labels ?? {},
    asString(spec.hostname),
    asString(spec.subdomain),
    pod.metadata.deletionTimestamp ?? '',
    isPodReady(pod),
    podIPv4s(pod),
    hasPodIP(pod),
    podPhase(pod),
    podNodeName(pod),
    asObjects(spec.containers).map((c) => c.ports ?? null),
    readyTransition(pod),
  ]);
}

/** `lastTransitionTime` of the Ready condition: the pod's trigger time. */
export function readyTransition(pod: KubeObject): string | undefined {
  const conditions = asObjects(asObject(pod.status)?.conditions);
  const ready = conditions.find((condition) => condition.type === 'Ready');
  const time = ready?.lastTransitionTime;
  return typeof time === 'string' && time !== '' ? time : undefined;
}
