import type { KubeObject } from '../kube-object.js';

/**
 * Where an object lives: `resource` is the group-qualified plural (`pods`, `deployments.apps`),
 * `namespace` is `''` for cluster-scoped objects.
 */
export interface StoreKey {
  readonly resource: string;
  readonly namespace: string;
  readonly name: string;
}

/** The key of an object about to be written; the API layer has resolved `generateName` by now. */
export function keyOf(resource: string, object: KubeObject): StoreKey {
  const name = object.metadata?.name;
  if (typeof name !== 'string' || name === '') {
    // A programming error in the caller, not a client error: names are checked before the store.
    throw new TypeError(`store: ${resource} object has no metadata.name`);
  }
  const namespace = object.metadata.namespace;
  return { resource, namespace: typeof namespace === 'string' ? namespace : '', name };
}

/**
 * The key inside one resource, shaped like the tail of etcd's `/registry/<resource>/<ns>/<name>`.
 * Lists are sorted by this string's code-unit order, which is etcd's byte order for the ASCII
 * names Kubernetes allows: so `a-b/x` sorts before `a/x`, exactly as a real list does.
 */
export function storageKey(namespace: string, name: string): string {
  return namespace === '' ? name : `${namespace}/${name}`;
}

/** `pods default/web` or `namespaces kube-system`, for messages. */
export function describeKey(key: StoreKey): string {
  return key.namespace === ''
    ? `${key.resource} ${key.name}`
    : `${key.resource} ${key.namespace}/${key.name}`;
}
