/**
 * What kube-controller-manager's controllers share in the simulator: the registry they read
 * and write through (as clients of the API server would), the simulated clock their delays run
 * on, an event recorder, and the store watches that stand in for their informers.
 */

import type { Registry } from '../apiserver/registry/registry.js';
import { findResource, type ResourceInfo, storageResource } from '../apiserver/resources.js';
import { ApiError } from '../apiserver/status.js';
import type { EventType } from '../events/core-event.js';
import type { EventRecorder } from '../events/event-recorder.js';
import type { TimerClock } from '../events/timer-clock.js';
import type { KubeObject } from '../kube-object.js';

export interface ControllerContext {
  registry: Registry;
  clock: TimerClock;
  recorder: EventRecorder;
  /** Unexpected failures; the controller goes on (and retries what failed). */
  onError: (error: unknown) => void;
}

/** The managedFields manager of every controller write, as in a real cluster. */
export const FIELD_MANAGER = 'kube-controller-manager';

function served(group: string, resource: string): ResourceInfo {
  const info = findResource(group, 'v1', resource);
  if (!info) throw new Error(`${resource} are not served`);
  return info;
}

export const PODS = served('', 'pods');
export const REPLICA_SETS = served('apps', 'replicasets');
export const DEPLOYMENTS = served('apps', 'deployments');
export const POD_STORE = storageResource(PODS);
export const REPLICA_SET_STORE = storageResource(REPLICA_SETS);
export const DEPLOYMENT_STORE = storageResource(DEPLOYMENTS);

export type ChangeType = 'ADDED' | 'MODIFIED' | 'DELETED';

/**
 * An informer over one resource: `onChange` for every change after `from`. If the watch falls
 * behind the store's history it is restarted, every current object replayed as ADDED.
 */
export function watchResource(
  context: ControllerContext,
  resource: string,
  from: string,
  onChange: (type: ChangeType, object: KubeObject) => void,
): () => void {
  const storage = context.registry.storage;
  let current: { stop(): void } | undefined;
  let stopped = false;
  const start = (rv: string) => {
    current = storage.watch(resource, {
      fromResourceVersion: rv,
      onEvent: (event) => {
        if (event.type !== 'EXPIRED') {
          onChange(event.type, event.object);
          return;
        }
        queueMicrotask(() => {
          if (stopped) return;
          const { items, resourceVersion } = storage.list(resource);
          for (const item of items) onChange('ADDED', item);
          start(resourceVersion);
        });
      },
      onError: context.onError,
    });
  };
  start(from);
  return () => {
    stopped = true;
    current?.stop();
  };
}

/** `<namespace>/<name>`, the work queue key of a namespaced object. */
export function objectKey(object: KubeObject): string {
  return `${object.metadata.namespace ?? ''}/${object.metadata.name ?? ''}`;
}

export function splitKey(key: string): [string, string] {
  const slash = key.indexOf('/');
  return [key.slice(0, slash), key.slice(slash + 1)];
}

/**
 * Errors a controller meets in the normal course of things: the object changed or vanished
 * under it (409, 404 — the change that caused it queues another sync), or its namespace is
 * being deleted (403 NamespaceTerminating).
 */
export function isRace(error: unknown): boolean {
  if (!(error instanceof ApiError)) return false;
  if (error.code === 404 || error.code === 409) return true;
  return (
    error.code === 403 &&
    (error.status.details?.causes ?? []).some((c) => c.reason === 'NamespaceTerminating')
  );
}

/** Records an event through the legacy recorder of `component`; never waits for it. */
export function recordEvent(
  context: ControllerContext,
  component: string,
  object: KubeObject,
  type: EventType,
  reason: string,
  message: string,
) {
  context.recorder
    .recordEvent(object, type, reason, message, { component })
    .catch((error: unknown) => context.onError(error));
}

/** The message of an API error as client-go prints it in events (`Error creating: …`). */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
