/**
 * What in a pod names other API objects, as `pkg/api/pod/util.go` visits it
 * (`VisitPodSecretNames`, `VisitPodConfigmapNames`, over init, regular and ephemeral
 * containers): the admission plugins that keep mirror pods from referencing them ask here.
 */

import { asObject, asObjects, asString, type JsonObject } from './json-access.js';

export const MIRROR_ANNOTATION = 'kubernetes.io/config.mirror';

/** A mirror pod: the API's reflection of a kubelet's static pod. */
export function isMirrorPod(pod: JsonObject): boolean {
  const annotations = asObject(asObject(pod.metadata)?.annotations);
  return annotations !== undefined && Object.hasOwn(annotations, MIRROR_ANNOTATION);
}

/** Init, regular and ephemeral containers (`podutil.AllContainers`). */
function allContainers(spec: JsonObject): JsonObject[] {
  return ['initContainers', 'containers', 'ephemeralContainers'].flatMap((field) =>
    asObjects(spec[field]),
  );
}

/** Volume sources that name a Secret through a `secretRef` (`VisitPodSecretNames`). */
const SECRET_REF_SOURCES = [
  'cephfs',
  'cinder',
  'flexVolume',
  'rbd',
  'scaleIO',
  'iscsi',
  'storageos',
] as const;

/** `podutil.VisitPodSecretNames`: whether anything in the pod names a Secret. */
export function referencesSecrets(spec: JsonObject): boolean {
  if (asObjects(spec.imagePullSecrets).length > 0) return true;
  for (const container of allContainers(spec)) {
    if (asObjects(container.envFrom).some((source) => asObject(source.secretRef))) return true;
    if (asObjects(container.env).some((env) => asObject(asObject(env.valueFrom)?.secretKeyRef))) {
      return true;
    }
  }
  return asObjects(spec.volumes).some((volume) => {
    if (asObject(volume.secret)) return true;
    if (asString(asObject(volume.azureFile)?.secretName) !== '') return true;
    if (SECRET_REF_SOURCES.some((source) => asObject(asObject(volume[source])?.secretRef))) {
      return true;
    }
    if (asObject(asObject(volume.csi)?.nodePublishSecretRef)) return true;
    return projectedSources(volume).some((source) => asObject(source.secret));
  });
}

/** `podutil.VisitPodConfigmapNames`: whether anything in the pod names a ConfigMap. */
export function referencesConfigMaps(spec: JsonObject): boolean {
  for (const container of allContainers(spec)) {
    if (asObjects(container.envFrom).some((source) => asObject(source.configMapRef))) return true;
    if (
      asObjects(container.env).some((env) => asObject(asObject(env.valueFrom)?.configMapKeyRef))
    ) {
      return true;
    }
  }
  return asObjects(spec.volumes).some(
    (volume) =>
      asObject(volume.configMap) !== undefined ||
      projectedSources(volume).some((source) => asObject(source.configMap)),
  );
}

export function projectedSources(volume: JsonObject): JsonObject[] {
  return asObjects(asObject(volume.projected)?.sources);
}
