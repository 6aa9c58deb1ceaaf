/**
 * The scheme defaults of a pod spec (`pkg/apis/core/v1/defaults.go`, `SetDefaults_*`), applied
 * in place to decoded JSON. These run for every object that embeds a PodSpec (pods and the pod
 * templates of Deployments and ReplicaSets); the pod-only ones live in `pod-defaults.ts`.
 */

import { isPlainObject } from '../kube-object.js';
import { defaultPullPolicy } from './image-reference.js';
import { asArray, asObject, asObjects, isSet, type JsonObject } from './json-access.js';

/** 0644: the mode of files in secret, configMap, downwardAPI and projected volumes. */
export const DEFAULT_FILE_MODE = 420;
export const DEFAULT_TERMINATION_GRACE_PERIOD_SECONDS = 30;

function setIfEmpty(object: JsonObject, field: string, value: unknown): void {
  if (object[field] === undefined || object[field] === null || object[field] === '') {
    object[field] = value;
  }
}

function setIfUnset(object: JsonObject, field: string, value: unknown): void {
  if (!isSet(object, field)) object[field] = value;
}

/** `SetDefaults_ObjectFieldSelector`. */
function defaultFieldRef(fieldRef: unknown): void {
  const selector = asObject(fieldRef);
  if (selector) setIfEmpty(selector, 'apiVersion', 'v1');
}

/** `SetDefaults_HTTPGetAction`. */
function defaultHandler(handler: unknown): void {
  const httpGet = asObject(asObject(handler)?.httpGet);
  if (!httpGet) return;
  setIfEmpty(httpGet, 'path', '/');
  setIfEmpty(httpGet, 'scheme', 'HTTP');
}

/** `SetDefaults_Probe` (zero means unset for these int32 fields). */
function defaultProbe(value: unknown): void {
  const probe = asObject(value);
  if (!probe) return;
  const defaults: [string, number][] = [
    ['timeoutSeconds', 1],
    ['periodSeconds', 10],
    ['successThreshold', 1],
    ['failureThreshold', 3],
  ];
  for (const [field, fallback] of defaults) {
    if (!probe[field]) probe[field] = fallback;
  }
  defaultHandler(probe);
}

/** `SetDefaults_Container` and the defaults of everything a container holds. */
export function defaultContainer(container: JsonObject): void {
  if (!container.imagePullPolicy) {
    container.imagePullPolicy = defaultPullPolicy(
      typeof container.image === 'string' ? container.image : '',
    );
  }
  setIfEmpty(container, 'terminationMessagePath', '/dev/termination-log');
  setIfEmpty(container, 'terminationMessagePolicy', 'File');
  for (const port of asObjects(container.ports)) setIfEmpty(port, 'protocol', 'TCP');
  for (const env of asObjects(container.env)) defaultFieldRef(asObject(env.valueFrom)?.fieldRef);
  defaultProbe(container.livenessProbe);
  defaultProbe(container.readinessProbe);
  defaultProbe(container.startupProbe);
  const lifecycle = asObject(container.lifecycle);
  if (lifecycle) {
    defaultHandler(lifecycle.postStart);
    defaultHandler(lifecycle.preStop);
  }
  // ResourceRequirements is a struct, never a pointer: it always serializes, as `resources: {}`.
  if (!isPlainObject(container.resources)) container.resources = {};
}

function defaultDownwardApiItems(items: unknown): void {
  for (const item of asObjects(items)) defaultFieldRef(item.fieldRef);
}

/** `SetDefaults_Volume` and the defaults of each volume source. */
export function defaultVolume(volume: JsonObject): void {
  const sources = Object.keys(volume).filter((field) => field !== 'name' && isSet(volume, field));
  if (sources.length === 0) volume.emptyDir = {};
  for (const field of ['secret', 'configMap']) {
    const source = asObject(volume[field]);
    if (source) setIfUnset(source, 'defaultMode', DEFAULT_FILE_MODE);
  }
  const downwardAPI = asObject(volume.downwardAPI);
  if (downwardAPI) {
    setIfUnset(downwardAPI, 'defaultMode', DEFAULT_FILE_MODE);
    defaultDownwardApiItems(downwardAPI.items);
  }
  const projected = asObject(volume.projected);
  if (projected) {
    setIfUnset(projected, 'defaultMode', DEFAULT_FILE_MODE);
    for (const source of asObjects(projected.sources)) {
      const token = asObject(source.serviceAccountToken);
      if (token) setIfUnset(token, 'expirationSeconds', 3600);
      defaultDownwardApiItems(asObject(source.downwardAPI)?.items);
    }
  }
  // A nil HostPathType is defaulted to a pointer to "" (`HostPathUnset`), so `type: ""` shows.
  const hostPath = asObject(volume.hostPath);
  if (hostPath) setIfUnset(hostPath, 'type', '');
  const claimSpec = asObject(asObject(asObject(volume.ephemeral)?.volumeClaimTemplate)?.spec);
  if (claimSpec) setIfUnset(claimSpec, 'volumeMode', 'Filesystem');
}

/** `SetDefaults_PodSpec` plus the defaults of the containers and volumes it holds. */
export function defaultPodSpec(spec: JsonObject): JsonObject {
  setIfEmpty(spec, 'dnsPolicy', 'ClusterFirst');
  setIfEmpty(spec, 'restartPolicy', 'Always');
  if (!isPlainObject(spec.securityContext)) spec.securityContext = {};
  setIfUnset(spec, 'terminationGracePeriodSeconds', DEFAULT_TERMINATION_GRACE_PERIOD_SECONDS);
  setIfEmpty(spec, 'schedulerName', 'default-scheduler');
  for (const field of ['initContainers', 'containers', 'ephemeralContainers']) {
    for (const container of asObjects(spec[field])) defaultContainer(container);
  }
  for (const volume of asArray(spec.volumes)) {
    if (isPlainObject(volume)) defaultVolume(volume);
  }
  return spec;
}
