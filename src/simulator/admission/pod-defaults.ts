/**
 * Everything a 1.32 API server fills in on a new Pod before validation: the scheme defaults
 * (`SetDefaults_Pod`, `SetDefaults_PodSpec` and below) and the mutating admission plugins
 * (ServiceAccount, Priority, DefaultTolerationSeconds). `kubectl run nginx --image=nginx`
 * comes back with all of them (reference pod-facts §1.4).
 */

import { asObject, asObjects, ensureObject, type JsonObject } from './json-access.js';
import {
  admitDefaultTolerations,
  admitPriority,
  admitServiceAccount,
  type PodAdmissionContext,
} from './pod-admission.js';
import { defaultPodSpec } from './pod-spec-defaults.js';

export type {
  PodAdmissionContext,
  PriorityClassInfo,
  ServiceAccountInfo,
} from './pod-admission.js';
export { defaultContainer, defaultPodSpec, defaultVolume } from './pod-spec-defaults.js';

/** Requests default to limits for every resource that has a limit but no request. */
function defaultRequestsFromLimits(container: JsonObject): void {
  const resources = asObject(container.resources);
  const limits = asObject(resources?.limits);
  if (!resources || !limits) return;
  const requests = ensureObject(resources, 'requests');
  for (const [name, quantity] of Object.entries(limits)) {
    if (requests[name] === undefined) requests[name] = quantity;
  }
}

/** With hostNetwork, a container port's hostPort defaults to its containerPort. */
function defaultHostNetworkPorts(container: JsonObject): void {
  for (const port of asObjects(container.ports)) {
    if (!port.hostPort) port.hostPort = port.containerPort;
  }
}

/** The scheme defaults only a Pod gets, not a pod template (`SetDefaults_Pod`). */
export function defaultPodOnly(spec: JsonObject): void {
  for (const field of ['containers', 'initContainers']) {
    for (const container of asObjects(spec[field])) defaultRequestsFromLimits(container);
  }
  if (spec.enableServiceLinks === undefined || spec.enableServiceLinks === null) {
    spec.enableServiceLinks = true;
  }
  if (spec.hostNetwork === true) {
    for (const field of ['containers', 'initContainers']) {
      for (const container of asObjects(spec[field])) defaultHostNetworkPorts(container);
    }
  }
}

/**
 * Fields of alpha (or default-off beta) features in 1.32, which the pod strategy drops from new
 * pods (`dropDisabledPodFields`): resize policies, dynamic resource claims, pod-level
 * resources, user namespaces, image volumes, two security context policies.
 */
export function dropDisabledPodFields(spec: JsonObject, oldSpec?: JsonObject): void {
  const inUse = (field: string) => oldSpec?.[field] !== undefined;
  for (const field of ['resourceClaims', 'resources', 'hostUsers']) {
    if (!inUse(field)) delete spec[field];
  }
  for (const field of ['containers', 'initContainers']) {
    for (const container of asObjects(spec[field])) {
      delete container.resizePolicy;
      delete asObject(container.resources)?.claims;
    }
  }
  const security = asObject(spec.securityContext);
  if (security) {
    delete security.supplementalGroupsPolicy;
    delete security.seLinuxChangePolicy;
  }
  for (const volume of asObjects(spec.volumes)) delete volume.image;
}

/**
 * Defaults a new Pod in place and returns it: scheme defaults, then admission, then the
 * strategy's dropping of disabled fields. Throws the API server's 403 when the ServiceAccount
 * is missing or the priority contradicts its class. `metadata.namespace` should already hold
 * the request's namespace (it names the account).
 */
export function defaultPod<T extends JsonObject>(pod: T, ctx: PodAdmissionContext): T {
  const spec = ensureObject(pod, 'spec');
  defaultPodSpec(spec);
  defaultPodOnly(spec);
  admitServiceAccount(pod, spec, ctx);
  admitPriority(pod, spec, ctx);
  admitDefaultTolerations(spec);
  dropDisabledPodFields(spec);
  return pod;
}

/**
 * Defaults the new version of an existing Pod (PUT or a patch result) before
 * `validatePodUpdate`: scheme defaults again, DefaultTolerationSeconds (it runs on updates
 * too), and Priority keeping the values it set at creation.
 */
export function defaultPodForUpdate<T extends JsonObject>(pod: T, oldPod: JsonObject): T {
  const spec = ensureObject(pod, 'spec');
  const oldSpec = asObject(oldPod.spec) ?? {};
  defaultPodSpec(spec);
  defaultPodOnly(spec);
  for (const field of ['priority', 'preemptionPolicy']) {
    if ((spec[field] === undefined || spec[field] === null) && oldSpec[field] !== undefined) {
      spec[field] = oldSpec[field];
    }
  }
  admitDefaultTolerations(spec);
  dropDisabledPodFields(spec, oldSpec);
  return pod;
}

/**
 * What a new or updated Secret gets before validation: `stringData` merged into `data`
 * (base64-encoded, overwriting; the conversion to the internal type does this, so `stringData`
 * is never stored) and `SetDefaults_Secret`'s type `Opaque`.
 */
export function defaultSecret<T extends JsonObject>(secret: T): T {
  const object: JsonObject = secret;
  const stringData = asObject(object.stringData);
  if (stringData && Object.keys(stringData).length > 0) {
    const data = ensureObject(object, 'data');
    for (const [k, v] of Object.entries(stringData)) {
      data[k] = Buffer.from(typeof v === 'string' ? v : '', 'utf8').toString('base64');
    }
  }
  delete object.stringData;
  if (!object.type) object.type = 'Opaque';
  return secret;
}
