/**
 * The mutating admission plugins a 1.32 API server runs on a new Pod, in their order:
 * ServiceAccount (default account, the `kube-api-access-*` token volume and its mounts, pull
 * secrets), Priority, DefaultTolerationSeconds.
 */

import { ApiError } from '../apiserver/status.js';
import { asObject, asObjects, asString, isSet, type JsonObject } from './json-access.js';
import { isMirrorPod, projectedSources, referencesSecrets } from './pod-references.js';
import { DEFAULT_FILE_MODE } from './pod-spec-defaults.js';

export interface ServiceAccountInfo {
  automountServiceAccountToken?: boolean;
  imagePullSecrets?: { name: string }[];
}

export interface PriorityClassInfo {
  value: number;
  preemptionPolicy?: string;
}

/** What admission needs to know about the cluster. */
export interface PodAdmissionContext {
  serviceAccount(name: string): ServiceAccountInfo | undefined;
  /** Five characters from `bcdfghjklmnpqrstvwxz2456789`, as `utilrand.String(5)` makes them. */
  randomSuffix(): string;
  /** PriorityClasses other than the two built-in `system-*` ones; none when absent. */
  priorityClass?(name: string): PriorityClassInfo | undefined;
}

export const SERVICE_ACCOUNT_MOUNT_PATH = '/var/run/secrets/kubernetes.io/serviceaccount';
export const TOKEN_VOLUME_PREFIX = 'kube-api-access-';
/** `serviceaccount.WarnOnlyBoundTokenExpirationSeconds`: one hour plus seven seconds. */
export const TOKEN_EXPIRATION_SECONDS = 3607;

const BUILT_IN_PRIORITY_CLASSES: Readonly<Record<string, PriorityClassInfo>> = {
  'system-node-critical': { value: 2000001000, preemptionPolicy: 'PreemptLowerPriority' },
  'system-cluster-critical': { value: 2000000000, preemptionPolicy: 'PreemptLowerPriority' },
};

/** `admission.NewForbidden` for a pod: `pods "x" is forbidden: <reason>` (`pods is forbidden` unnamed). */
export function podForbidden(name: string, reason: string): ApiError {
  const subject = name ? `pods "${name}"` : 'pods';
  return new ApiError({
    message: `${subject} is forbidden: ${reason}`,
    reason: 'Forbidden',
    details: { ...(name ? { name } : {}), kind: 'pods' },
    code: 403,
  });
}

/** The projected volume the ServiceAccount plugin adds (`TokenVolumeSource`), in Go field order. */
export function tokenVolume(name: string): JsonObject {
  return {
    name,
    projected: {
      sources: [
        { serviceAccountToken: { expirationSeconds: TOKEN_EXPIRATION_SECONDS, path: 'token' } },
        {
          configMap: {
            name: 'kube-root-ca.crt',
            items: [{ key: 'ca.crt', path: 'ca.crt' }],
          },
        },
        {
          downwardAPI: {
            items: [
              {
                path: 'namespace',
                fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' },
              },
            ],
          },
        },
      ],
      defaultMode: DEFAULT_FILE_MODE,
    },
  };
}

function mountToken(spec: JsonObject, ctx: PodAdmissionContext): void {
  const volumes = asObjects(spec.volumes);
  const existing = volumes.find((volume) => asString(volume.name).startsWith(TOKEN_VOLUME_PREFIX));
  const volumeName = existing
    ? asString(existing.name)
    : `${TOKEN_VOLUME_PREFIX}${ctx.randomSuffix()}`;
  let needsVolume = false;
  // Init containers first, then containers; ephemeral containers never get the mount.
  for (const field of ['initContainers', 'containers']) {
    for (const container of asObjects(spec[field])) {
      const mounts = asObjects(container.volumeMounts);
      if (mounts.some((mount) => mount.mountPath === SERVICE_ACCOUNT_MOUNT_PATH)) continue;
      container.volumeMounts = [
        ...mounts,
        { name: volumeName, readOnly: true, mountPath: SERVICE_ACCOUNT_MOUNT_PATH },
      ];
      needsVolume = true;
    }
  }
  if (!existing && needsVolume) spec.volumes = [...volumes, tokenVolume(volumeName)];
}

/**
 * The ServiceAccount plugin's reason to refuse a mirror pod, or undefined. The pod is as the
 * API server decoded it: `serviceAccountName` already read from the deprecated alias.
 */
export function serviceAccountMirrorRefusal(spec: JsonObject): string | undefined {
  if (asString(spec.serviceAccountName) !== '') {
    return 'a mirror pod may not reference service accounts';
  }
  if (referencesSecrets(spec)) return 'a mirror pod may not reference secrets';
  const projectsToken = asObjects(spec.volumes).some((volume) =>
    projectedSources(volume).some((source) => asObject(source.serviceAccountToken)),
  );
  if (projectsToken) return 'a mirror pod may not use ServiceAccountToken volume projections';
  return undefined;
}

/**
 * Pods the kubelet defaults for itself (a static pod read from its manifest, see
 * kubelet/static-pods-manifest.ts): no admission plugin runs on the node, so the ServiceAccount
 * plugin neither changes nor refuses them. Only the mirror pod made from one meets the plugin.
 */
const kubeletLocalPods = new WeakSet<object>();

export function withoutServiceAccountAdmission<T extends object>(pod: T): T {
  kubeletLocalPods.add(pod);
  return pod;
}

/**
 * The ServiceAccount plugin; throws 403 when the account does not exist, or when a mirror pod
 * references a service account, a Secret or a projected token.
 */
export function admitServiceAccount(
  pod: JsonObject,
  spec: JsonObject,
  ctx: PodAdmissionContext,
): void {
  const metadata = asObject(pod.metadata) ?? {};
  if (kubeletLocalPods.has(pod)) return;
  if (isMirrorPod(pod)) {
    // Mirror pods are left alone — the kubelet would not recognise its own pod any more — but
    // may not point at API objects (the plugin's `Validate`).
    const refusal = serviceAccountMirrorRefusal(spec);
    if (refusal) throw podForbidden(asString(metadata.name), refusal);
    return;
  }
  // `serviceAccount` is the deprecated alias; the conversion reads it when the new field is empty.
  const name = asString(spec.serviceAccountName) || asString(spec.serviceAccount) || 'default';
  spec.serviceAccountName = name;
  spec.serviceAccount = name;
  const account = ctx.serviceAccount(name);
  if (!account) {
    const namespace = asString(metadata.namespace) || 'default';
    throw podForbidden(
      asString(metadata.name),
      `error looking up service account ${namespace}/${name}: serviceaccount "${name}" not found`,
    );
  }
  const automount =
    typeof spec.automountServiceAccountToken === 'boolean'
      ? spec.automountServiceAccountToken
      : (account.automountServiceAccountToken ?? true);
  if (automount) mountToken(spec, ctx);
  if (asObjects(spec.imagePullSecrets).length === 0 && account.imagePullSecrets?.length) {
    spec.imagePullSecrets = account.imagePullSecrets.map((secret) => ({ name: secret.name }));
  }
}

/** The Priority plugin on create: resolves the class, refuses a contradicting `priority`. */
export function admitPriority(pod: JsonObject, spec: JsonObject, ctx: PodAdmissionContext): void {
  const podName = asString(asObject(pod.metadata)?.name);
  const className = asString(spec.priorityClassName);
  let resolved: PriorityClassInfo = { value: 0, preemptionPolicy: 'PreemptLowerPriority' };
  if (className) {
    const found = BUILT_IN_PRIORITY_CLASSES[className] ?? ctx.priorityClass?.(className);
    if (!found) throw podForbidden(podName, `no PriorityClass with name ${className} was found`);
    resolved = found;
  }
  if (isSet(spec, 'priority') && spec.priority !== resolved.value) {
    throw podForbidden(
      podName,
      `the integer value of priority (${String(spec.priority)}) must not be provided in pod spec; priority admission controller computed ${resolved.value} from the given PriorityClass name`,
    );
  }
  spec.priority = resolved.value;
  if (resolved.preemptionPolicy) {
    if (isSet(spec, 'preemptionPolicy') && spec.preemptionPolicy !== resolved.preemptionPolicy) {
      throw podForbidden(
        podName,
        `the string value of PreemptionPolicy (${String(spec.preemptionPolicy)}) must not be provided in pod spec; priority admission controller computed ${resolved.preemptionPolicy} from the given PriorityClass name`,
      );
    }
    spec.preemptionPolicy = resolved.preemptionPolicy;
  }
}

const NOT_READY = 'node.kubernetes.io/not-ready';
const UNREACHABLE = 'node.kubernetes.io/unreachable';

/** DefaultTolerationSeconds: tolerate not-ready and unreachable nodes for 300 s unless already tolerated. */
export function admitDefaultTolerations(spec: JsonObject): void {
  const tolerations = asObjects(spec.tolerations);
  const tolerates = (key: string) =>
    tolerations.some((toleration) => {
      const tKey = asString(toleration.key);
      const effect = asString(toleration.effect);
      return (tKey === key || tKey === '') && (effect === 'NoExecute' || effect === '');
    });
  const added: JsonObject[] = [];
  for (const key of [NOT_READY, UNREACHABLE]) {
    if (!tolerates(key)) {
      added.push({ key, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 });
    }
  }
  if (added.length) spec.tolerations = [...tolerations, ...added];
}
