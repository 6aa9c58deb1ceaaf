/**
 * What a DELETE answers once the object is gone. The generic registry store returns the deleted
 * object only where the resource's storage sets `ReturnDeletedObject` (pods, namespaces,
 * serviceaccounts, services among the served ones); every other resource answers a Success Status whose
 * details name the object — kubectl reads its `uid` to wait for the deletion. A deletion still
 * pending (finalizers, a pod's grace period) answers the object everywhere.
 */

import type { KubeObject } from '../../kube-object.js';
import type { ResourceInfo } from '../resources.js';
import { storageResource } from '../resources.js';
import type { RestContext } from './rest-handler.js';

/** `ReturnDeletedObject: true` in the 1.32 storage of these (core) resources. */
const RETURNS_DELETED_OBJECT = new Set(['pods', 'namespaces', 'serviceaccounts', 'services']);

/** Whether the answer to this finished DELETE is a Status rather than the object. */
export function deletedObjectIsStatus(
  info: ResourceInfo,
  context: RestContext,
  namespace: string,
  name: string,
  dryRun: boolean,
  result: KubeObject,
): boolean {
  if (info.group === '' && RETURNS_DELETED_OBJECT.has(info.resource)) return false;
  // A dry run stores nothing; its answer is pending exactly when it carries a deletionTimestamp.
  if (dryRun) return !result.metadata.deletionTimestamp;
  return context.registry.storage.get(storageResource(info), namespace, name) === undefined;
}

/** `finalizeDelete`'s Status: kind is the resource (sic), as the real store fills it. */
export function deletedStatus(info: ResourceInfo, object: KubeObject) {
  return {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Success',
    details: {
      name: object.metadata.name ?? '',
      ...(info.group ? { group: info.group } : {}),
      kind: info.resource,
      ...(object.metadata.uid ? { uid: object.metadata.uid } : {}),
    },
  };
}
