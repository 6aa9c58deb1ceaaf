/**
 * Where a log, exec or attach request goes: the API server's `LogLocation` / `streamLocation`
 * (pkg/registry/core/pod/strategy.go) and the node lookup of `NodeConnectionInfoGetter`.
 * Every refusal here is the real server's: a missing pod is 404, a missing or ambiguous
 * container 400, an unscheduled pod 400 for exec/attach and "no location" for logs.
 */
import { cloneObject, isPlainObject, type KubeObject } from '../../kube-object.js';
import type { Registry } from '../registry/registry.js';
import { findResource, type ResourceInfo } from '../resources.js';
import { ApiError, badRequest } from '../status.js';
import type { ContainerTarget } from './node-streams.js';

export const POD_INFO: ResourceInfo = requireResource('pods');
const NODE_INFO: ResourceInfo = requireResource('nodes');

/** The address types the API server dials a kubelet at (`--kubelet-preferred-address-types` default). */
const PREFERRED_ADDRESS_TYPES = [
  'Hostname',
  'InternalDNS',
  'InternalIP',
  'ExternalDNS',
  'ExternalIP',
];

export interface PodContainers {
  init: string[];
  regular: string[];
  ephemeral: string[];
}

export function podContainers(pod: KubeObject): PodContainers {
  const spec = isPlainObject(pod.spec) ? pod.spec : {};
  const names = (field: string) =>
    Array.isArray(spec[field])
      ? (spec[field] as unknown[]).map((c) =>
          isPlainObject(c) && typeof c.name === 'string' ? c.name : '',
        )
      : [];
  return {
    init: names('initContainers'),
    regular: names('containers'),
    ephemeral: names('ephemeralContainers'),
  };
}

/**
 * `validateContainer`: an empty name defaults to the only container; otherwise the name must be
 * one of the pod's containers of any kind (init and ephemeral included).
 */
export function validateContainer(container: string, pod: KubeObject): string {
  const podName = pod.metadata.name ?? '';
  const { init, regular, ephemeral } = podContainers(pod);
  if (container === '') {
    if (regular.length === 1) return regular[0] ?? '';
    if (regular.length === 0)
      throw badRequest(`a container name must be specified for pod ${podName}`);
    // podutil.VisitContainers order, printed with Go's %s of a []string.
    const all = [...init, ...regular, ...ephemeral];
    throw badRequest(
      `a container name must be specified for pod ${podName}, choose one of: [${all.join(' ')}]`,
    );
  }
  if (![...init, ...regular, ...ephemeral].includes(container)) {
    throw badRequest(`container ${container} is not valid for pod ${podName}`);
  }
  return container;
}

/**
 * Resolves a request to its container. Returns undefined for the logs of a pod that has no
 * node yet: the real server then has no location and answers 204 No Content.
 */
export function locateContainer(
  registry: Registry,
  namespace: string,
  name: string,
  container: string,
  purpose: 'log' | 'exec' | 'attach',
): ContainerTarget | undefined {
  const pod = registry.get(POD_INFO, namespace, name);
  const resolved = validateContainer(container, pod);
  const spec = isPlainObject(pod.spec) ? pod.spec : {};
  const nodeName = typeof spec.nodeName === 'string' ? spec.nodeName : '';
  if (nodeName === '') {
    if (purpose === 'log') return undefined;
    throw badRequest(`pod ${name} does not have a host assigned`);
  }
  requireKubeletAddress(registry, nodeName);
  return {
    namespace,
    podName: pod.metadata.name ?? name,
    podUID: pod.metadata.uid ?? '',
    container: resolved,
    nodeName,
    pod: cloneObject(pod),
  };
}

/**
 * `NodeConnectionInfoGetter.GetConnectionInfo`: the Node must exist (404 `nodes "x" not found`)
 * and report an address the API server can dial (otherwise a plain error, hence a 500 with no reason).
 */
function requireKubeletAddress(registry: Registry, nodeName: string) {
  const node = registry.get(NODE_INFO, '', nodeName);
  const status = isPlainObject(node.status) ? node.status : {};
  const addresses = Array.isArray(status.addresses) ? (status.addresses as unknown[]) : [];
  const usable = addresses.some(
    (a) => isPlainObject(a) && PREFERRED_ADDRESS_TYPES.includes(String(a.type)) && a.address,
  );
  if (!usable) {
    const known = addresses
      .map((a) =>
        isPlainObject(a) ? `{${String(a.type ?? '')} ${String(a.address ?? '')}}` : '{ }',
      )
      .join(' ');
    throw new ApiError({
      message: `no preferred addresses found; known addresses: [${known}]`,
      code: 500,
    });
  }
}

function requireResource(plural: string): ResourceInfo {
  const info = findResource('', 'v1', plural);
  if (!info) throw new Error(`the core/v1 resource ${plural} is not served`);
  return info;
}
