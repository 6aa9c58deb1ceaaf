/**
 * The EndpointSlice reconciler of 1.32 (`k8s.io/endpointslice` reconciler.go, utils.go), as
 * a plan: given a Service, the pods its selector picks and the slices this controller already
 * keeps for it, which slices to create, update and delete. Pods are grouped by the ports they
 * offer (one set of slices per distinct port list), at most 100 endpoints per slice; existing
 * slices are kept and filled before new ones are made; a Service without any endpoint still has
 * one empty "placeholder" slice. The controller (endpointslice-controller.ts) carries the plan out.
 */

import { asObjects, type JsonObject } from '../admission/json-access.js';
import type { KubeObject } from '../kube-object.js';
import { podNodeName, shouldPodBeInEndpoints, specOf } from './endpoint-pods.js';
import {
  ADDRESS_TYPE,
  type Endpoint,
  endpointKey,
  endpointPorts,
  MAX_ENDPOINTS_PER_SLICE,
  newSlice,
  ownedBy,
  podToEndpoint,
  portKey,
  sameBeyondKey,
  sliceEndpoints,
  sliceLabels,
} from './endpointslice-objects.js';
import { semanticEqual } from './semantic-equal.js';

export interface SlicePlan {
  create: KubeObject[];
  update: KubeObject[];
  delete: KubeObject[];
  /** Pods that could not be placed (their node is gone): the Service is synced again. */
  errors: string[];
}

/** Whether `slice` is already the placeholder a Service without endpoints keeps. */
function isPlaceholder(slice: KubeObject, placeholder: KubeObject): boolean {
  return (
    slice.metadata.namespace === placeholder.metadata.namespace &&
    semanticEqual(slice.metadata.labels ?? {}, placeholder.metadata.labels ?? {}) &&
    semanticEqual(slice.metadata.ownerReferences, placeholder.metadata.ownerReferences) &&
    slice.addressType === placeholder.addressType &&
    sliceEndpoints(slice).length === 0 &&
    asObjects(slice.ports).length === 0
  );
}

interface Desired {
  ports: JsonObject[];
  endpoints: Map<string, Endpoint>;
}

/**
 * `reconcileByAddressType` (IPv4 only). `node` looks a Node up by name. Slices of another
 * address type, or that another Service owns (a Service recreated under the same name), go.
 */
export function planSlices(
  service: KubeObject,
  pods: readonly KubeObject[],
  existing: readonly KubeObject[],
  node: (name: string) => KubeObject | undefined,
): SlicePlan {
  const plan: SlicePlan = { create: [], update: [], delete: [], errors: [] };
  const ours = existing.filter((slice) => slice.addressType === ADDRESS_TYPE);
  const toDelete: KubeObject[] = [];
  const existingByPorts = new Map<string, KubeObject[]>();
  for (const slice of ours) {
    if (!ownedBy(slice, service)) {
      toDelete.push(slice);
      continue;
    }
    const key = portKey(slice.ports);
    existingByPorts.set(key, [...(existingByPorts.get(key) ?? []), slice]);
  }
  const desiredByPorts = new Map<string, Desired>();
  const publishNotReady = specOf(service).publishNotReadyAddresses === true;
  for (const pod of pods) {
    if (!shouldPodBeInEndpoints(pod, true)) continue;
    const ports = endpointPorts(service, pod);
    const key = portKey(ports);
    let desired = desiredByPorts.get(key);
    if (!desired) {
      desired = { ports, endpoints: new Map() };
      desiredByPorts.set(key, desired);
    }
    const nodeName = podNodeName(pod);
    const found = node(nodeName);
    if (!found && !publishNotReady) {
      plan.errors.push(
        `skipping Pod ${pod.metadata.name} for Service ${service.metadata.namespace}/${service.metadata.name}: Node ${nodeName} Not Found`,
      );
      continue;
    }
    const endpoint = podToEndpoint(pod, found, service);
    if (endpoint.addresses.length > 0) desired.endpoints.set(endpointKey(endpoint), endpoint);
  }
  for (const [key, desired] of desiredByPorts) {
    const part = planByPorts(service, existingByPorts.get(key) ?? [], desired);
    plan.create.push(...part.create);
    plan.update.push(...part.update);
    toDelete.push(...part.delete);
  }
  for (const [key, slices] of existingByPorts) {
    if (!desiredByPorts.has(key)) toDelete.push(...slices);
  }
  // No slice would be left: keep (or make) the placeholder, so the Service is seen as empty.
  if (ours.length === toDelete.length && plan.create.length === 0) {
    const placeholder = newSlice(service, []);
    const only = toDelete.length === 1 ? toDelete[0] : undefined;
    if (only && isPlaceholder(only, placeholder)) toDelete.length = 0;
    else plan.create.push(placeholder);
  }
  // Slices of another address type go too (`Reconcile`).
  plan.delete.push(...toDelete, ...existing.filter((slice) => slice.addressType !== ADDRESS_TYPE));
  return plan;
}

/** `reconcileByPortMapping`: keep what is still wanted, fill changed slices, then add slices. */
function planByPorts(service: KubeObject, existing: readonly KubeObject[], desired: Desired) {
  const byName = new Map<string, KubeObject>();
  const unchanged = new Set<string>();
  const toUpdate = new Set<string>();
  const toDelete = new Set<string>();
  const wanted = desired.endpoints;
  for (const slice of existing) {
    const name = slice.metadata.name ?? '';
    byName.set(name, slice);
    const kept: Endpoint[] = [];
    let updated = false;
    const current = sliceEndpoints(slice);
    for (const endpoint of current) {
      const key = endpointKey(endpoint);
      const got = wanted.get(key);
      if (!got) continue;
      kept.push(got);
      if (!sameBeyondKey(got, endpoint)) updated = true;
      wanted.delete(key);
    }
    const { labels, changed } = sliceLabels(slice, service);
    if (updated || kept.length !== current.length) {
      if (kept.length === 0) {
        toDelete.add(name);
      } else {
        const copy = structuredClone(slice);
        copy.endpoints = kept;
        copy.metadata.labels = labels;
        byName.set(name, copy);
        toUpdate.add(name);
      }
    } else if (changed) {
      const copy = structuredClone(slice);
      copy.metadata.labels = labels;
      byName.set(name, copy);
      toUpdate.add(name);
    } else {
      unchanged.add(name);
    }
  }
  const take = () => {
    const [key, endpoint] = wanted.entries().next().value as [string, Endpoint];
    wanted.delete(key);
    return endpoint;
  };
  const fill = (slice: KubeObject) => {
    const endpoints = sliceEndpoints(slice);
    while (wanted.size > 0 && endpoints.length < MAX_ENDPOINTS_PER_SLICE) endpoints.push(take());
    slice.endpoints = endpoints;
  };
  // Slices being written anyway are filled first, the fullest first.
  if (wanted.size > 0 && toUpdate.size > 0) {
    const slices = [...toUpdate].map((name) => byName.get(name) as KubeObject);
    slices.sort((a, b) => sliceEndpoints(b).length - sliceEndpoints(a).length);
    for (const slice of slices) fill(slice);
  }
  const create: KubeObject[] = [];
  while (wanted.size > 0) {
    let target: KubeObject | undefined;
    if (wanted.size < MAX_ENDPOINTS_PER_SLICE && unchanged.size > 0) {
      const candidates = [...unchanged].map((name) => byName.get(name) as KubeObject);
      const chosen = sliceToFill(candidates, wanted.size);
      if (chosen) {
        target = structuredClone(chosen);
        byName.set(chosen.metadata.name ?? '', target);
      }
    }
    target ??= newSlice(service, desired.ports);
    fill(target);
    const name = target.metadata.name;
    if (name) {
      toUpdate.add(name);
      unchanged.delete(name);
    } else {
      create.push(target);
    }
  }
  const pick = (names: Set<string>) => [...names].map((name) => byName.get(name) as KubeObject);
  return { create, update: pick(toUpdate), delete: pick(toDelete) };
}

/** `getSliceToFill`: the slice that ends up closest to full once `count` endpoints are added. */
function sliceToFill(slices: readonly KubeObject[], count: number): KubeObject | undefined {
  let closest: KubeObject | undefined;
  let closestDiff = MAX_ENDPOINTS_PER_SLICE;
  for (const slice of slices) {
    const diff = MAX_ENDPOINTS_PER_SLICE - (count + sliceEndpoints(slice).length);
    if (diff >= 0 && diff < closestDiff) {
      closestDiff = diff;
      closest = slice;
      if (diff === 0) return closest;
    }
  }
  return closest;
}
