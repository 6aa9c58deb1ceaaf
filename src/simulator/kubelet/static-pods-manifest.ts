/**
 * One static pod manifest as the kubelet's file source reads it (pkg/kubelet/config/file.go,
 * common.go): a single v1 Pod in YAML or JSON, defaulted (`applyDefaults`) into the pod the
 * kubelet runs — UID and `kubernetes.io/config.hash` the MD5 of the manifest, this node and
 * the file; name `<name>-<node>`; namespace `default` if unset; `spec.nodeName` this node; a
 * toleration of every NoExecute taint; the source annotations — and the mirror pod that
 * reflects it in the API (plus `kubernetes.io/config.mirror` and the Node as owner).
 */
import { createHash } from 'node:crypto';
import { parseAllDocuments } from 'yaml';
import { withoutServiceAccountAdmission } from '../admission/pod-admission.js';
import { strategyFor } from '../apiserver/registry/strategies.js';
import { findResource, type ResourceInfo } from '../apiserver/resources.js';
import type { Storage } from '../apiserver/storage.js';
import { isPlainObject, type KubeObject } from '../kube-object.js';
import { rfc3339Nano } from './container-log.js';

const PODS = findResource('', 'v1', 'pods') as ResourceInfo;

export const CONFIG_HASH = 'kubernetes.io/config.hash';
export const CONFIG_MIRROR = 'kubernetes.io/config.mirror';
export const CONFIG_SEEN = 'kubernetes.io/config.seen';
export const CONFIG_SOURCE = 'kubernetes.io/config.source';

/** A manifest the file source refused (the kubelet logs it and runs nothing for the file). */
export class ManifestError extends Error {}

/** The annotation that makes a pod in the API a mirror pod; its value is the static pod's hash. */
export function mirrorHash(pod: KubeObject): string | undefined {
  const value = pod.metadata.annotations?.[CONFIG_MIRROR];
  return typeof value === 'string' ? value : undefined;
}

/** A static pod: the kubelet's own, from a file (its config source annotation says so). */
export function isStaticPod(pod: KubeObject): boolean {
  return pod.metadata.annotations?.[CONFIG_SOURCE] === 'file' && mirrorHash(pod) === undefined;
}

/**
 * The static pod the kubelet runs for `text`, found at `path` on `nodeName`. Throws
 * `ManifestError` for anything that is not one valid v1 Pod.
 */
export function staticPodFrom(
  text: string,
  path: string,
  nodeName: string,
  context: { storage: Storage; now: Date },
): KubeObject {
  const manifest = decodeSinglePod(text);
  const meta = isPlainObject(manifest.metadata) ? manifest.metadata : {};
  const declaredUID = typeof meta.uid === 'string' && meta.uid !== '' ? meta.uid : undefined;
  // DeepHashObject hashes the decoded pod, whatever order its fields were written in.
  const hash =
    declaredUID ??
    createHash('md5')
      .update(stableJson(manifest))
      .update(`host:${nodeName}`)
      .update(`file:${path}`)
      .digest('hex');
  const name = typeof meta.name === 'string' ? meta.name : '';
  const pod = structuredClone(manifest) as KubeObject;
  pod.metadata = {
    ...(meta as KubeObject['metadata']),
    name: `${name}-${nodeName.toLowerCase()}`,
    namespace: typeof meta.namespace === 'string' && meta.namespace ? meta.namespace : 'default',
    annotations: {
      ...(isPlainObject(meta.annotations) ? (meta.annotations as Record<string, string>) : {}),
      [CONFIG_HASH]: hash,
      [CONFIG_SEEN]: rfc3339Nano(context.now.getTime()),
      [CONFIG_SOURCE]: 'file',
    },
  };
  const spec = (isPlainObject(pod.spec) ? pod.spec : {}) as Record<string, unknown>;
  pod.spec = spec;
  spec.nodeName = nodeName;
  const tolerations = Array.isArray(spec.tolerations) ? spec.tolerations : [];
  const tolerated = tolerations.some(
    (t) => isPlainObject(t) && t.operator === 'Exists' && !t.key && t.effect === 'NoExecute',
  );
  if (!tolerated) spec.tolerations = [...tolerations, { operator: 'Exists', effect: 'NoExecute' }];
  // Decoding defaults the pod and the file source validates it, as the API server would; the
  // kubelet runs no admission plugin, so the ServiceAccount plugin neither mounts a token nor
  // refuses a service account or Secret here — only the mirror pod's creation can be refused.
  const strategy = strategyFor(PODS);
  const probe = withoutServiceAccountAdmission(structuredClone(pod));
  probe.metadata.annotations = { ...probe.metadata.annotations, [CONFIG_MIRROR]: hash };
  try {
    strategy.prepareForCreate(probe, context);
  } catch (error) {
    throw new ManifestError(`invalid pod: ${(error as Error).message}`);
  }
  const errors = strategy.validateCreate(probe);
  if (errors.length > 0) {
    throw new ManifestError(
      `invalid pod: ${errors.map((e) => `${e.field}: ${e.body}`).join(', ')}`,
    );
  }
  const annotations = { ...probe.metadata.annotations };
  delete annotations[CONFIG_MIRROR];
  return {
    ...probe,
    metadata: { ...probe.metadata, uid: hash, annotations },
    status: { phase: 'Pending' },
  };
}

/** The mirror pod to create for a static pod: the same pod, marked and owned by its Node. */
export function mirrorPodFor(pod: KubeObject, node: { name: string; uid: string }): KubeObject {
  const { uid, resourceVersion: _rv, creationTimestamp: _c, ...meta } = pod.metadata;
  const { status: _s, ...rest } = structuredClone(pod);
  return {
    ...rest,
    metadata: {
      ...structuredClone(meta),
      annotations: { ...meta.annotations, [CONFIG_MIRROR]: uid ?? '' },
      ownerReferences: [
        { apiVersion: 'v1', kind: 'Node', name: node.name, uid: node.uid, controller: true },
      ],
    },
  };
}

function decodeSinglePod(text: string): Record<string, unknown> {
  if (text.trim() === '') throw new ManifestError('file was empty');
  const documents = parseAllDocuments(text);
  const first = Array.isArray(documents) ? documents[0] : undefined;
  if (!first || first.errors.length > 0) {
    throw new ManifestError(`could not parse: ${first?.errors[0]?.message ?? 'no document'}`);
  }
  const value: unknown = first.toJSON();
  if (!isPlainObject(value)) throw new ManifestError('not an object');
  if (value.kind === undefined || value.kind === '') {
    throw new ManifestError("Object 'Kind' is missing");
  }
  if (value.kind !== 'Pod' || value.apiVersion !== 'v1') {
    throw new ManifestError(`invalid pod: not a v1 Pod (${String(value.kind)})`);
  }
  return value;
}

/** JSON with object keys sorted: the same pod hashes the same however its file orders fields. */
function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (isPlainObject(value)) {
    const keys = Object.keys(value).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${stableJson(value[k])}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
