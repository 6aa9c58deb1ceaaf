import type { DeleteOptions } from '../apiserver/registry/registry.js';
import {
  groupVersion,
  RESOURCES,
  type ResourceInfo,
  storageResource,
} from '../apiserver/resources.js';
import type { KubeObject, OwnerReference } from '../kube-object.js';
import { type ChangeType, FIELD_MANAGER, isRace, watchResource } from './controller-context.js';
import { OwnerIndex } from './owner-index.js';
import { QueuedController } from './queued-controller.js';

const ORPHAN = 'orphan';
const FOREGROUND = 'foregroundDeletion';

type Action = 'attempt' | 'orphan' | 'foreground';

/**
 * The garbage collector (`pkg/controller/garbagecollector`): an object whose owners are all
 * gone is deleted — in the background by default, so deleting a Deployment takes its
 * ReplicaSets and then their pods; an owner deleted with `propagationPolicy: Orphan` (its
 * `orphan` finalizer) first has itself removed from its dependents' `ownerReferences`; one
 * deleted with `Foreground` (`foregroundDeletion`) waits until the dependents that block it
 * are gone. References to owners that vanished are dropped from objects that keep another,
 * live owner.
 */
export class GarbageCollector extends QueuedController {
  private readonly index = new OwnerIndex();
  private readonly byStore = new Map<string, ResourceInfo>();

  start() {
    const storage = this.context.registry.storage;
    const from = storage.resourceVersion;
    // Events never own anything nor are owned; they are the busiest resource by far.
    const watched = RESOURCES.filter((r) => r.verbs.includes('watch') && r.resource !== 'events');
    for (const info of watched) this.byStore.set(storageResource(info), info);
    for (const store of this.byStore.keys()) {
      for (const object of storage.list(store).items) this.onChange(store, 'ADDED', object);
    }
    for (const store of this.byStore.keys()) {
      this.stops.push(
        watchResource(this.context, store, from, (type, object) =>
          this.onChange(store, type, object),
        ),
      );
    }
  }

  private onChange(store: string, type: ChangeType, object: KubeObject) {
    const key = itemKey(store, object.metadata.namespace ?? '', object.metadata.name ?? '');
    const deleted = type === 'DELETED';
    this.index.update(key, object, deleted);
    const meta = object.metadata;
    if (deleted) {
      // Its dependents may have lost their last owner.
      for (const dependent of this.index.dependentsOf(meta.uid ?? ''))
        this.add('attempt', dependent);
    } else {
      if (meta.ownerReferences?.length) this.add('attempt', key);
      if (meta.deletionTimestamp && meta.finalizers?.includes(ORPHAN)) this.add('orphan', key);
      if (meta.deletionTimestamp && meta.finalizers?.includes(FOREGROUND)) {
        this.add('foreground', key);
      }
    }
    // An owner deleting in the foreground waits for this object: look at it again.
    for (const ref of meta.ownerReferences ?? []) {
      const owner = this.index.keyOf(ref.uid);
      if (owner && this.deletingInForeground(owner)) this.add('foreground', owner);
    }
  }

  private deletingInForeground(key: string): boolean {
    const [store, namespace, name] = key.split('\u0000') as [string, string, string];
    const meta = this.context.registry.storage.get(store, namespace, name)?.metadata;
    return meta?.deletionTimestamp !== undefined && meta.finalizers?.includes(FOREGROUND) === true;
  }

  private add(action: Action, key: string) {
    this.queue.add(`${action}\u0000${key}`);
  }

  protected async sync(queued: string) {
    const split = queued.indexOf('\u0000');
    const action = queued.slice(0, split) as Action;
    const key = queued.slice(split + 1);
    const [store, namespace, name] = key.split('\u0000') as [string, string, string];
    const info = this.byStore.get(store);
    const object = this.context.registry.storage.get(store, namespace, name);
    if (!info || !object) return;
    if (action === 'attempt') return this.attemptToDelete(info, object);
    if (!object.metadata.deletionTimestamp) return;
    if (action === 'orphan') return this.orphanDependents(info, object);
    return this.finishForeground(info, object);
  }

  /** The owner named by `ref`, as seen from a dependent in `namespace`; undefined when absent. */
  private ownerOf(ref: OwnerReference, namespace: string): KubeObject | 'unknown' | undefined {
    const info = RESOURCES.find((r) => groupVersion(r) === ref.apiVersion && r.kind === ref.kind);
    // A kind this server does not serve cannot be checked: never collect on its account.
    if (!info) return 'unknown';
    const owner = this.context.registry.storage.get(
      storageResource(info),
      info.namespaced ? namespace : '',
      ref.name,
    );
    return owner && owner.metadata.uid === ref.uid ? owner : undefined;
  }

  /** `attemptToDeleteItem`. */
  private async attemptToDelete(info: ResourceInfo, object: KubeObject) {
    const meta = object.metadata;
    if (meta.deletionTimestamp) return;
    const refs = meta.ownerReferences ?? [];
    if (refs.length === 0) return;
    const solid: OwnerReference[] = [];
    const dangling: OwnerReference[] = [];
    const waiting: OwnerReference[] = [];
    for (const ref of refs) {
      const owner = this.ownerOf(ref, meta.namespace ?? '');
      if (owner === undefined) dangling.push(ref);
      else if (owner === 'unknown') solid.push(ref);
      else if (owner.metadata.deletionTimestamp && owner.metadata.finalizers?.includes(FOREGROUND))
        waiting.push(ref);
      else solid.push(ref);
    }
    if (solid.length > 0) {
      if (dangling.length + waiting.length === 0) return;
      const drop = new Set([...dangling, ...waiting].map((ref) => ref.uid));
      const key = itemKey(storageResource(info), meta.namespace ?? '', meta.name ?? '');
      await this.mutate(info, key, (current) => {
        const before = current.metadata.ownerReferences ?? [];
        current.metadata.ownerReferences = before.filter((ref) => !drop.has(ref.uid));
        return current.metadata.ownerReferences.length !== before.length;
      });
      return;
    }
    let policy: DeleteOptions['propagationPolicy'] = 'Background';
    if (waiting.length > 0 && this.index.dependentsOf(meta.uid ?? '').length > 0) {
      policy = 'Foreground';
    } else if (meta.finalizers?.includes(ORPHAN)) {
      policy = 'Orphan';
    } else if (meta.finalizers?.includes(FOREGROUND)) {
      policy = 'Foreground';
    }
    await this.context.registry.delete(info, meta.namespace ?? '', meta.name ?? '', {
      propagationPolicy: policy,
      preconditions: { uid: meta.uid ?? '' },
    });
  }

  /** `orphanDependents`, then the `orphan` finalizer goes and the owner with it. */
  private async orphanDependents(info: ResourceInfo, owner: KubeObject) {
    if (!owner.metadata.finalizers?.includes(ORPHAN)) return;
    const uid = owner.metadata.uid ?? '';
    for (const key of this.index.dependentsOf(uid)) {
      const [store] = key.split('\u0000') as [string];
      const dependentInfo = this.byStore.get(store);
      if (!dependentInfo) continue;
      // Every dependent must be released before the owner may go (a throw retries it all).
      await this.mutate(dependentInfo, key, (dependent) => {
        const refs = dependent.metadata.ownerReferences ?? [];
        if (!refs.some((ref) => ref.uid === uid)) return false;
        dependent.metadata.ownerReferences = refs.filter((ref) => ref.uid !== uid);
        return true;
      });
    }
    await this.removeFinalizer(info, owner, ORPHAN);
  }

  /** `processDeletingDependentsItem`: done once no dependent with `blockOwnerDeletion` is left. */
  private async finishForeground(info: ResourceInfo, owner: KubeObject) {
    if (!owner.metadata.finalizers?.includes(FOREGROUND)) return;
    const uid = owner.metadata.uid ?? '';
    const blocking: string[] = [];
    for (const key of this.index.dependentsOf(uid)) {
      const [store, namespace, name] = key.split('\u0000') as [string, string, string];
      const dependent = this.context.registry.storage.get(store, namespace, name);
      const ref = dependent?.metadata.ownerReferences?.find((r) => r.uid === uid);
      if (ref?.blockOwnerDeletion === true) blocking.push(key);
    }
    if (blocking.length === 0) {
      await this.removeFinalizer(info, owner, FOREGROUND);
      return;
    }
    for (const key of blocking) this.add('attempt', key);
  }

  private removeFinalizer(info: ResourceInfo, object: KubeObject, finalizer: string) {
    const key = itemKey(
      storageResource(info),
      object.metadata.namespace ?? '',
      object.metadata.name ?? '',
    );
    return this.mutate(info, key, (current) => {
      if (current.metadata.uid !== object.metadata.uid) return false;
      const finalizers = current.metadata.finalizers ?? [];
      if (!finalizers.includes(finalizer)) return false;
      current.metadata.finalizers = finalizers.filter((f) => f !== finalizer);
      return true;
    });
  }

  /** Read, change, write; a conflicting write is retried on a fresh read, a vanished object skipped. */
  private async mutate(info: ResourceInfo, key: string, change: (object: KubeObject) => boolean) {
    const [store, namespace, name] = key.split('\u0000') as [string, string, string];
    for (let attempt = 0; ; attempt++) {
      const current = this.context.registry.storage.get(store, namespace, name);
      if (!current) return;
      const copy = structuredClone(current);
      if (!change(copy)) return;
      try {
        await this.context.registry.update(info, namespace, name, copy, {
          fieldManager: FIELD_MANAGER,
        });
        return;
      } catch (error) {
        if (!isRace(error) || attempt >= 4) throw error;
      }
    }
  }
}

function itemKey(store: string, namespace: string, name: string) {
  return `${store}\u0000${namespace}\u0000${name}`;
}
