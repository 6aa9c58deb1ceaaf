/**
 * Resource arithmetic of the scheduler (`framework.Resource`, `resource.PodRequests` of
 * component-helpers): what a pod requests, and what a node can give.
 */
import { asObject, asObjects, asString, type JsonObject } from '../admission/json-access.js';
import { parseQuantity } from '../admission/quantity.js';
import type { KubeObject } from '../kube-object.js';

/** Amounts in the units the scheduler compares: millicores for cpu, plain units otherwise. */
export interface Resources {
  milliCPU: bigint;
  memory: bigint;
  ephemeralStorage: bigint;
  /** Extended resources, hugepages, attachable volumes. */
  scalars: Map<string, bigint>;
}

export function emptyResources(): Resources {
  return { milliCPU: 0n, memory: 0n, ephemeralStorage: 0n, scalars: new Map() };
}

/** `schedutil.IsScalarResourceName`: extended (domain-prefixed), hugepages, attachable volumes. */
function isScalar(name: string) {
  return (
    name.startsWith('hugepages-') ||
    name.startsWith('attachable-volumes-') ||
    (name.includes('/') && !name.startsWith('requests.'))
  );
}

/** Exact quantities (nanos) per resource name, as a `v1.ResourceList` holds them. */
type ResourceList = Map<string, bigint>;

function resourceList(value: unknown): ResourceList {
  const list: ResourceList = new Map();
  for (const [name, quantity] of Object.entries(asObject(value) ?? {})) {
    try {
      list.set(name, parseQuantity(String(quantity)).nanos);
    } catch {
      // Validation keeps malformed quantities out; an unreadable one counts as nothing.
    }
  }
  return list;
}

function add(into: ResourceList, from: ResourceList) {
  for (const [name, nanos] of from) into.set(name, (into.get(name) ?? 0n) + nanos);
}

function max(into: ResourceList, from: ResourceList) {
  for (const [name, nanos] of from) {
    const current = into.get(name);
    if (current === undefined || nanos > current) into.set(name, nanos);
  }
}

const NANO = 1_000_000_000n;
const ceilDiv = (value: bigint, divisor: bigint) =>
  value <= 0n ? 0n : (value + divisor - 1n) / divisor;

/** `NewResource`: cpu as `MilliValue()`, the rest as `Value()`, both rounding up. */
function toResources(list: ResourceList): Resources {
  const out = emptyResources();
  for (const [name, nanos] of list) {
    if (name === 'cpu') out.milliCPU = ceilDiv(nanos, 1_000_000n);
    else if (name === 'memory') out.memory = ceilDiv(nanos, NANO);
    else if (name === 'ephemeral-storage') out.ephemeralStorage = ceilDiv(nanos, NANO);
    else if (isScalar(name)) out.scalars.set(name, ceilDiv(nanos, NANO));
  }
  return out;
}

function containerRequests(container: JsonObject): ResourceList {
  return resourceList(asObject(container.resources)?.requests);
}

/**
 * `resource.PodRequests`: the containers' requests summed; an init container needs its own
 * requests plus the sidecars started before it, so the pod needs the largest of those; sidecars
 * (init containers with `restartPolicy: Always`) keep running and add to the sum; plus overhead.
 */
export function podRequests(pod: KubeObject): Resources {
  const spec = asObject(pod.spec) ?? {};
  const requests: ResourceList = new Map();
  for (const container of asObjects(spec.containers)) add(requests, containerRequests(container));
  const sidecars: ResourceList = new Map();
  const initMax: ResourceList = new Map();
  for (const container of asObjects(spec.initContainers)) {
    const own = containerRequests(container);
    if (asString(container.restartPolicy) === 'Always') {
      add(requests, own);
      add(sidecars, own);
      max(initMax, sidecars);
    } else {
      const during: ResourceList = new Map();
      add(during, own);
      add(during, sidecars);
      max(initMax, during);
    }
  }
  max(requests, initMax);
  add(requests, resourceList(spec.overhead));
  return toResources(requests);
}

/** A node's `status.allocatable`, and how many pods it takes. */
export function nodeAllocatable(node: KubeObject): { resources: Resources; pods: number } {
  const allocatable = asObject(asObject(node.status)?.allocatable);
  const list = resourceList(allocatable);
  const pods = list.get('pods');
  return { resources: toResources(list), pods: pods === undefined ? 0 : Number(pods / NANO) };
}

export function addResources(into: Resources, from: Resources) {
  into.milliCPU += from.milliCPU;
  into.memory += from.memory;
  into.ephemeralStorage += from.ephemeralStorage;
  for (const [name, value] of from.scalars)
    into.scalars.set(name, (into.scalars.get(name) ?? 0n) + value);
}
