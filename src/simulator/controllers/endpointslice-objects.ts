/**
 * The objects of the EndpointSlice controller (`k8s.io/endpointslice` utils.go, util/): an
 * endpoint made from a pod (`podToEndpoint`: addresses, the ready/serving/terminating
 * conditions, target, node, zone), its ports (`getEndpointPorts`), the keys endpoints and port
 * lists are matched by, a slice's labels and a new slice (`newEndpointSlice`).
 */

import { asObjects, asString, type JsonObject } from '../admission/json-access.js';
import type { KubeObject } from '../kube-object.js';
import {
  findPort,
  HEADLESS_LABEL,
  hostnameFor,
  isPodReady,
  isServiceIPSet,
  podIPv4s,
  podNodeName,
  podReference,
  servicePorts,
  specOf,
} from './endpoint-pods.js';
import { semanticEqual } from './semantic-equal.js';

export const CONTROLLER_NAME = 'endpointslice-controller.k8s.io';
export const SERVICE_NAME_LABEL = 'kubernetes.io/service-name';
export const MANAGED_BY_LABEL = 'endpointslice.kubernetes.io/managed-by';
/** `--max-endpoints-per-slice` default. */
export const MAX_ENDPOINTS_PER_SLICE = 100;
const ZONE_LABEL = 'topology.kubernetes.io/zone';
/** The simulated cluster is single-stack: every Service is IPv4. */
export const ADDRESS_TYPE = 'IPv4';

/** `discovery.Endpoint` in Go field order. */
export type Endpoint = JsonObject;

/** `discovery.EndpointPort`: the name is always written, `""` for an unnamed Service port. */
export function endpointPorts(service: KubeObject, pod: KubeObject): JsonObject[] {
  const ports = servicePorts(service);
  const result: JsonObject[] = [];
  for (const port of ports) {
    const number = findPort(pod, port);
    if (number === undefined) continue;
    result.push({
      name: port.name,
      protocol: port.protocol,
      port: number,
      ...(port.appProtocol !== undefined ? { appProtocol: port.appProtocol } : {}),
    });
  }
  return result;
}

/** `podToEndpoint`: ready only when serving and not terminating (or `publishNotReadyAddresses`). */
export function podToEndpoint(pod: KubeObject, node: KubeObject | undefined, service: KubeObject) {
  const serving = isPodReady(pod);
  const terminating = pod.metadata.deletionTimestamp !== undefined;
  const ready = specOf(service).publishNotReadyAddresses === true || (serving && !terminating);
  const hostname = hostnameFor(pod, service);
  const nodeName = podNodeName(pod);
  const zone = node?.metadata.labels?.[ZONE_LABEL];
  return {
    addresses: podIPv4s(pod),
    conditions: { ready, serving, terminating },
    ...(hostname !== undefined ? { hostname } : {}),
    targetRef: podReference(pod),
    ...(nodeName ? { nodeName } : {}),
    ...(zone ? { zone } : {}),
  };
}

/** `hashEndpoint`: the sorted addresses, the hostname and the target's namespace/name. */
export function endpointKey(endpoint: Endpoint): string {
  const target = (endpoint.targetRef ?? {}) as JsonObject;
  const addresses = (Array.isArray(endpoint.addresses) ? endpoint.addresses : []).map(asString);
  return JSON.stringify([
    [...addresses].sort(),
    asString(endpoint.hostname),
    asString(target.namespace),
    asString(target.name),
  ]);
}

/** `EndpointsEqualBeyondHash`: node, zone, the three conditions and the target (its RV aside). */
export function sameBeyondKey(a: Endpoint, b: Endpoint): boolean {
  const target = (e: Endpoint) => {
    const { resourceVersion: _rv, ...rest } = (e.targetRef ?? {}) as JsonObject;
    return rest;
  };
  const conditions = (e: Endpoint) => (e.conditions ?? {}) as JsonObject;
  return (
    a.nodeName === b.nodeName &&
    a.zone === b.zone &&
    (['ready', 'serving', 'terminating'] as const).every(
      (c) => conditions(a)[c] === conditions(b)[c],
    ) &&
    semanticEqual(target(a), target(b))
  );
}

/** `NewPortMapKey`: the ports in a canonical order (a nil list equals an empty one). */
export function portKey(ports: unknown): string {
  return JSON.stringify(
    asObjects(ports)
      .map((p) =>
        JSON.stringify([asString(p.name), asString(p.protocol), p.port ?? null, p.appProtocol]),
      )
      .sort(),
  );
}

export function sliceEndpoints(slice: KubeObject): Endpoint[] {
  return asObjects(slice.endpoints);
}

/** `ownedBy`: a slice whose owner references name this very Service. */
export function ownedBy(slice: KubeObject, service: KubeObject): boolean {
  return (slice.metadata.ownerReferences ?? []).some(
    (o) => o.uid === service.metadata.uid && o.kind === 'Service' && o.apiVersion === 'v1',
  );
}

const RESERVED = new Set([SERVICE_NAME_LABEL, MANAGED_BY_LABEL, HEADLESS_LABEL]);

function unreserved(labels: Record<string, string> | undefined): Record<string, string> {
  return Object.fromEntries(Object.entries(labels ?? {}).filter(([key]) => !RESERVED.has(key)));
}

/**
 * `setEndpointSliceLabels`: the Service's labels (reserved keys aside), the headless mark, the
 * Service name and the managing controller; `changed` when the Service's own labels differ.
 */
export function sliceLabels(slice: KubeObject | undefined, service: KubeObject) {
  const own = unreserved(service.metadata.labels);
  const changed = slice !== undefined && !semanticEqual(unreserved(slice.metadata.labels), own);
  const labels: Record<string, string> = { ...own };
  if (!isServiceIPSet(service)) labels[HEADLESS_LABEL] = '';
  labels[SERVICE_NAME_LABEL] = service.metadata.name ?? '';
  labels[MANAGED_BY_LABEL] = CONTROLLER_NAME;
  return { labels, changed };
}

/** `newEndpointSlice`: named by the API server from `<service>-`, owned by the Service. */
export function newSlice(service: KubeObject, ports: JsonObject[]): KubeObject {
  const name = service.metadata.name ?? '';
  // `<name>-` unless that is no longer a valid name (too long): then the bare name.
  const prefix = name.length + 1 > 253 ? name : `${name}-`;
  return {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: {
      generateName: prefix,
      namespace: service.metadata.namespace ?? '',
      labels: sliceLabels(undefined, service).labels,
      ownerReferences: [
        {
          apiVersion: 'v1',
          kind: 'Service',
          name,
          uid: service.metadata.uid ?? '',
          controller: true,
          blockOwnerDeletion: true,
        },
      ],
    },
    addressType: ADDRESS_TYPE,
    endpoints: [],
    ports,
  };
}
