/**
 * NodeRestriction (`plugin/pkg/admission/noderestriction`, `admitPodCreate`, 1.32) for a pod a
 * kubelet creates as `system:node:<name>`: only mirror pods, of its own node, owned by its Node
 * alone, and referencing no service account, Secret, ConfigMap, ClusterTrustBundle or
 * PersistentVolumeClaim — a static pod lives outside the API. The kubelets of the simulator are
 * in-process, so their mirror-pod writes ask `admitMirrorPodFromNode` first, which also runs the
 * ServiceAccount plugin's check before it, in the API server's plugin order.
 *
 * A refusal is a 403 `pods "<name>" is forbidden: <reason>`. The kubelet logs it ("Failed
 * creating a mirror pod"), retries at its next sync and keeps running the static pod, which
 * `kubectl get pods` then never shows.
 */

import type { ApiError } from '../apiserver/status.js';
import { asObject, asObjects, asString, type JsonObject } from './json-access.js';
import { podForbidden, serviceAccountMirrorRefusal } from './pod-admission.js';
import {
  isMirrorPod,
  MIRROR_ANNOTATION,
  projectedSources,
  referencesConfigMaps,
  referencesSecrets,
} from './pod-references.js';

export interface NodeIdentity {
  name: string;
  uid: string;
}

/** NodeRestriction's reason to refuse a pod the kubelet of `node` creates, or undefined. */
export function nodeRestrictionRefusal(pod: JsonObject, node: NodeIdentity): string | undefined {
  const name = JSON.stringify(node.name);
  const spec = asObject(pod.spec) ?? {};
  if (!isMirrorPod(pod)) {
    return `pod does not have "${MIRROR_ANNOTATION}" annotation, node ${name} can only create mirror pods`;
  }
  if (asString(spec.nodeName) !== node.name) {
    return `node ${name} can only create pods with spec.nodeName set to itself`;
  }
  const owners = asObjects(asObject(pod.metadata)?.ownerReferences);
  if (owners.length > 1) {
    return `node ${name} can only create pods with a single owner reference set to itself`;
  }
  const owner = owners[0];
  if (!owner) return `node ${name} can only create pods with an owner reference set to itself`;
  if (owner.apiVersion !== 'v1' || owner.kind !== 'Node' || owner.name !== node.name) {
    return `node ${name} can only create pods with an owner reference set to itself`;
  }
  if (owner.controller !== true) {
    return `node ${name} can only create pods with a controller owner reference set to itself`;
  }
  if (owner.blockOwnerDeletion === true) {
    return `node ${name} must not set blockOwnerDeletion on an owner reference`;
  }
  if (owner.uid !== node.uid) {
    return `node ${node.name} UID mismatch: expected ${asString(owner.uid)} got ${node.uid}`;
  }
  if (asString(spec.serviceAccountName) !== '') {
    return `node ${name} can not create pods that reference a service account`;
  }
  if (referencesSecrets(spec)) return `node ${name} can not create pods that reference secrets`;
  if (referencesConfigMaps(spec)) {
    return `node ${name} can not create pods that reference configmaps`;
  }
  const volumes = asObjects(spec.volumes);
  if (volumes.some((v) => projectedSources(v).some((s) => asObject(s.clusterTrustBundle)))) {
    return `node ${name} can not create pods that reference clustertrustbundles`;
  }
  if (volumes.some((volume) => asObject(volume.persistentVolumeClaim))) {
    return `node ${name} can not create pods that reference persistentvolumeclaims`;
  }
  return undefined;
}

/**
 * The answer to a kubelet creating the mirror pod of one of its static pods, before the pod
 * reaches storage: the ServiceAccount plugin first, then NodeRestriction.
 */
export function admitMirrorPodFromNode(pod: JsonObject, node: NodeIdentity): ApiError | undefined {
  const spec = asObject(pod.spec) ?? {};
  const reason =
    (isMirrorPod(pod) ? serviceAccountMirrorRefusal(spec) : undefined) ??
    nodeRestrictionRefusal(pod, node);
  return reason === undefined
    ? undefined
    : podForbidden(asString(asObject(pod.metadata)?.name), reason);
}
