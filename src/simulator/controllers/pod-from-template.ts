import { nameIsDnsSubdomain } from '../admission/name-validation.js';
import { isPlainObject, type KubeObject } from '../kube-object.js';
import { newControllerRef } from './controller-ref.js';
import { replicaSetSpec } from './replicaset-status.js';

/**
 * `controller.GetPodFromTemplate`: the pod a ReplicaSet creates — its template's labels,
 * annotations, finalizers and spec, `generateName: "<rs>-"` (the server adds five random
 * characters) and the ReplicaSet as its controller.
 */
export function podFromTemplate(rs: KubeObject): KubeObject {
  const { template } = replicaSetSpec(rs);
  const meta = isPlainObject(template.metadata) ? template.metadata : {};
  const name = rs.metadata.name ?? '';
  // `getPodsPrefix`: without the dash when that would not be a valid prefix.
  const prefix = nameIsDnsSubdomain(`${name}-`, true).length === 0 ? `${name}-` : name;
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      generateName: prefix,
      ...(isPlainObject(meta.labels) ? { labels: structuredClone(meta.labels) } : {}),
      ...(isPlainObject(meta.annotations)
        ? { annotations: structuredClone(meta.annotations) }
        : {}),
      ...(Array.isArray(meta.finalizers) ? { finalizers: structuredClone(meta.finalizers) } : {}),
      ownerReferences: [newControllerRef(rs)],
    } as KubeObject['metadata'],
    spec: structuredClone(template.spec ?? {}),
  };
}
