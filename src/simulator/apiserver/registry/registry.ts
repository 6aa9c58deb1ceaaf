import { randomUUID } from 'node:crypto';
import type { KubeObject } from '../../kube-object.js';
import { NotFoundError } from '../../store/index.js';
import { type ResourceInfo, storageResource } from '../resources.js';
import {
  ApiError,
  alreadyExists,
  badRequest,
  conflict,
  type GroupResource,
  invalidObject,
  notFound,
} from '../status.js';
import type { Storage } from '../storage.js';
import {
  type PropagationPolicy,
  planDeletion,
  propagationFinalizers,
  updateFinishesDeletion,
} from './deletion.js';
import { generateNameSuffix } from './generate-name.js';
import { managedFieldsEntry } from './managed-fields.js';
import { dropEmptyMetaCollections, validateMetaOnUpdate } from './object-meta.js';
import { strategyFor } from './strategies.js';
import type { Strategy } from './strategy.js';

export interface WriteOptions {
  fieldManager?: string;
  dryRun?: boolean;
}

export interface DeleteOptions {
  gracePeriodSeconds?: number;
  preconditions?: { uid?: string; resourceVersion?: string };
  dryRun?: boolean;
  /** What the garbage collector does with the object's dependents (default: Background). */
  propagationPolicy?: PropagationPolicy;
  /** The deprecated form of `propagationPolicy: Orphan` (false: Background). */
  orphanDependents?: boolean;
}

/**
 * Object lifecycle shared by every served resource — the part of the real API server's
 * generic registry store the simulator needs: server-set metadata, mutating and validating
 * admission through the resource's strategy, optimistic concurrency, finalizers and graceful
 * deletion. The REST handlers and the simulator's own controllers both write through here.
 */
export class Registry {
  constructor(
    readonly storage: Storage,
    private readonly now: () => Date = () => new Date(),
  ) {}

  get(info: ResourceInfo, namespace: string, name: string): KubeObject {
    const object = this.storage.get(storageResource(info), namespace, name);
    if (!object) throw notFound(groupResource(info), name);
    return object;
  }

  async create(
    info: ResourceInfo,
    namespace: string,
    object: KubeObject,
    options: WriteOptions = {},
  ) {
    const strategy = strategyFor(info);
    const now = this.now();
    const meta = object.metadata;
    dropEmptyMetaCollections(object);
    if (info.namespaced) {
      if (meta.namespace && meta.namespace !== namespace) {
        throw badRequest(
          'the namespace of the provided object does not match the namespace sent on the request',
        );
      }
      meta.namespace = namespace;
      this.requireActiveNamespace(info, namespace, meta.name ?? '');
    } else {
      delete meta.namespace;
    }
    if (!meta.name && meta.generateName)
      meta.name = `${meta.generateName.slice(0, 58)}${generateNameSuffix()}`;
    // Server-owned metadata is never taken from the client on create.
    for (const field of [
      'uid',
      'resourceVersion',
      'creationTimestamp',
      'deletionTimestamp',
      'deletionGracePeriodSeconds',
      'generation',
      'selfLink',
    ] as const) {
      delete meta[field];
    }
    strategy.prepareForCreate(object, { storage: this.storage, now });
    const errors = strategy.validateCreate(object);
    if (errors.length) throw invalidObject(info.kind, info.group, meta.name ?? '', errors);
    meta.uid = randomUUID();
    meta.creationTimestamp = rfc3339(now);
    if (info.hasGeneration) meta.generation = 1;
    meta.managedFields = [managedFieldsEntry(object, options.fieldManager, now)];
    if (this.storage.get(storageResource(info), namespace, meta.name ?? '')) {
      throw alreadyExists(groupResource(info), meta.name ?? '');
    }
    if (options.dryRun) return object;
    return this.storage.create(storageResource(info), object);
  }

  /** PUT (and the write half of PATCH): `subresource` is undefined or `status`. */
  async update(
    info: ResourceInfo,
    namespace: string,
    name: string,
    object: KubeObject,
    options: WriteOptions & { subresource?: string } = {},
  ) {
    const old = this.get(info, namespace, name);
    const strategy = strategyFor(info);
    dropEmptyMetaCollections(object);
    const incoming = object.metadata;
    // The PUT and PATCH handlers' order: `EnsureObjectNamespaceMatchesRequestNamespace` fills in
    // (or clears, for a cluster-scoped resource) the namespace, then `checkName` requires the
    // body's name to be the URL's — an absent name is "" and is refused too, never filled in.
    if (info.namespaced) {
      if (incoming.namespace && incoming.namespace !== namespace) {
        throw badRequest(
          'the namespace of the provided object does not match the namespace sent on the request',
        );
      }
      incoming.namespace = namespace;
    } else {
      delete incoming.namespace;
    }
    if ((incoming.name ?? '') !== name) {
      throw badRequest(
        `the name of the object (${incoming.name ?? ''}) does not match the name on the URL (${name})`,
      );
    }
    const expected = incoming.resourceVersion || undefined;
    if (expected !== undefined && expected !== old.metadata.resourceVersion) {
      throw conflict(
        groupResource(info),
        name,
        'the object has been modified; please apply your changes to the latest version and try again',
      );
    }
    if (options.subresource === 'status') {
      strategy.prepareForStatusUpdate(object, old);
    } else {
      strategy.prepareForUpdate(object, old, { storage: this.storage, now: this.now() });
    }
    // Read only now: a strategy may replace the metadata (the status step keeps the stored
    // object's), and everything below must land in what is stored.
    const meta = object.metadata;
    // Fields only the server sets are carried over, whatever the client sent.
    meta.uid = old.metadata.uid as string;
    meta.creationTimestamp = old.metadata.creationTimestamp as string;
    if (old.metadata.deletionTimestamp) {
      meta.deletionTimestamp = old.metadata.deletionTimestamp;
      if (old.metadata.deletionGracePeriodSeconds !== undefined) {
        meta.deletionGracePeriodSeconds = old.metadata.deletionGracePeriodSeconds;
      }
    } else {
      delete meta.deletionTimestamp;
      delete meta.deletionGracePeriodSeconds;
    }
    if (info.hasGeneration) {
      const generation = old.metadata.generation ?? 1;
      const changed =
        options.subresource !== 'status' &&
        (strategy.generationChanged ?? specChanged)(object, old);
      meta.generation = changed ? generation + 1 : generation;
    } else {
      delete meta.generation;
    }
    const errors =
      options.subresource === 'status'
        ? validateMetaOnUpdate(object, old)
        : strategy.validateUpdate(object, old);
    if (errors.length) throw invalidObject(info.kind, info.group, name, errors);
    meta.managedFields = mergeManagedFields(
      old,
      object,
      options.fieldManager,
      this.now(),
      options.subresource,
    );
    if (options.dryRun) return object;
    // A deleted object whose last finalizer was just removed goes away now.
    if (meta.deletionTimestamp && updateFinishesDeletion(old, object)) {
      const updated = await this.storage.update(storageResource(info), object, {
        expectedResourceVersion: old.metadata.resourceVersion,
      });
      try {
        return await this.storage.delete(storageResource(info), namespace, name);
      } catch (error) {
        // `deleteWithoutFinalizers`: deletion is racy (a kubelet woken by the update above may
        // have removed the pod already); NotFound is ignored and the updated object answered.
        if (error instanceof NotFoundError) return updated;
        throw error;
      }
    }
    return this.storage.update(storageResource(info), object, {
      expectedResourceVersion: old.metadata.resourceVersion,
    });
  }

  /**
   * DELETE. Returns the object as the server answers: gone (immediate deletion) or still
   * there with a deletionTimestamp (finalizers, graceful pod deletion, namespaces).
   */
  async delete(info: ResourceInfo, namespace: string, name: string, options: DeleteOptions = {}) {
    const old = this.get(info, namespace, name);
    const { preconditions } = options;
    if (preconditions?.uid && preconditions.uid !== old.metadata.uid) {
      throw conflict(
        groupResource(info),
        name,
        `Precondition failed: UID in precondition: ${preconditions.uid}, UID in object meta: ${old.metadata.uid}`,
      );
    }
    if (
      preconditions?.resourceVersion &&
      preconditions.resourceVersion !== old.metadata.resourceVersion
    ) {
      throw conflict(
        groupResource(info),
        name,
        `Precondition failed: ResourceVersion in precondition: ${preconditions.resourceVersion}, ResourceVersion in object meta: ${old.metadata.resourceVersion}`,
      );
    }
    const resource = storageResource(info);
    if (info.resource === 'namespaces' && info.group === '') {
      // The namespace REST's own Delete: mark it Terminating; its controller empties and removes it.
      if (old.metadata.deletionTimestamp) return old;
      const updated = structuredClone(old);
      updated.metadata.deletionTimestamp = rfc3339(this.now());
      updated.status = { ...(updated.status as object), phase: 'Terminating' };
      if (options.dryRun) return updated;
      return this.storage.update(resource, updated, {
        expectedResourceVersion: old.metadata.resourceVersion,
      });
    }
    // The garbage collector's finalizers go on first; a graceful deletion under way keeps its own.
    const finalizers = propagationFinalizers(
      info,
      old,
      options.propagationPolicy,
      options.orphanDependents,
    );
    let target = old;
    if (finalizers) {
      target = structuredClone(old);
      if (finalizers.length) target.metadata.finalizers = finalizers;
      else delete target.metadata.finalizers;
    }
    const plan = planDeletion(info, target, options.gracePeriodSeconds, this.now(), rfc3339);
    if (plan.kind === 'pending') return old;
    let last = old;
    if (plan.kind === 'update') {
      if (options.dryRun) return plan.object;
      // The store skips a write that changes nothing (a repeated delete): no new version.
      last = await this.storage.update(resource, plan.object, {
        expectedResourceVersion: old.metadata.resourceVersion,
      });
      if (!plan.deleteAfter) return last;
    }
    if (options.dryRun) return last;
    return this.storage.delete(resource, namespace, name);
  }

  /**
   * NamespaceLifecycle admission: no new object in a namespace that is missing or terminating.
   * The refusal is `apierrors.NewForbidden` on the object being created, with the cause added.
   */
  private requireActiveNamespace(info: ResourceInfo, namespace: string, name: string) {
    const ns = this.storage.get('namespaces', '', namespace);
    if (!ns) throw notFound({ group: '', resource: 'namespaces' }, namespace);
    if (ns.metadata.deletionTimestamp) {
      const resource = info.group ? `${info.resource}.${info.group}` : info.resource;
      throw new ApiError({
        message: `${resource} "${name}" is forbidden: unable to create new content in namespace ${namespace} because it is being terminated`,
        reason: 'Forbidden',
        details: {
          name,
          ...(info.group ? { group: info.group } : {}),
          kind: info.resource,
          causes: [
            {
              reason: 'NamespaceTerminating',
              message: `namespace ${namespace} is being terminated`,
              field: 'metadata.namespace',
            },
          ],
        },
        code: 403,
      });
    }
  }
}

export function groupResource(info: ResourceInfo): GroupResource {
  return { group: info.group, resource: info.resource };
}

/** Timestamps as Kubernetes serialises them: RFC 3339, UTC, whole seconds. */
export function rfc3339(date: Date) {
  return `${date.toISOString().slice(0, 19)}Z`;
}

function specChanged(object: KubeObject, old: KubeObject) {
  const { metadata: _a, status: _b, ...oldRest } = old;
  const { metadata: _c, status: _d, ...newRest } = object;
  return JSON.stringify(oldRest) !== JSON.stringify(newRest);
}

function mergeManagedFields(
  old: KubeObject,
  object: KubeObject,
  manager: string | undefined,
  now: Date,
  subresource: string | undefined,
) {
  const previous = (old.metadata.managedFields ?? []) as {
    manager?: string;
    subresource?: string;
  }[];
  const entry = managedFieldsEntry(object, manager, now, subresource);
  const others = previous.filter(
    (e) => e.manager !== entry.manager || e.subresource !== entry.subresource,
  );
  return [...others, entry];
}

export type { Strategy };
