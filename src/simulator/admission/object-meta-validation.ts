/**
 * `ValidateObjectMeta` and `ValidateObjectMetaUpdate` (apimachinery + the core finalizer rule):
 * the metadata checks every object gets on create and update.
 */

import type { FieldError } from '../apiserver/status.js';
import {
  child,
  fieldForbidden,
  fieldInvalid,
  fieldRequired,
  goValue,
  index,
} from './field-errors.js';
import { goQuote } from './go-text.js';
import { asArray, asObject, asObjects, asString, type JsonObject } from './json-access.js';
import {
  isQualifiedName,
  type NameRule,
  NEGATIVE_ERROR,
  nameIsDnsLabel,
  validateAnnotations,
  validateLabels,
} from './name-validation.js';

export interface ObjectMetaRules {
  /** The name rule of the resource: DNS subdomain for most, DNS label for namespaces. */
  name: NameRule;
  requiresNamespace: boolean;
}

const STANDARD_FINALIZERS = new Set(['kubernetes', 'orphan', 'foregroundDeletion']);

function validateFinalizers(finalizers: string[], path: string): FieldError[] {
  const errors: FieldError[] = [];
  for (const finalizer of finalizers) {
    for (const msg of isQualifiedName(finalizer)) errors.push(fieldInvalid(path, finalizer, msg));
  }
  if (finalizers.includes('orphan') && finalizers.includes('foregroundDeletion')) {
    errors.push(
      fieldInvalid(
        path,
        goValue(goStringSlice(finalizers)),
        'finalizer orphan and foregroundDeletion cannot be both set',
      ),
    );
  }
  // The core API adds its own rule per finalizer: unqualified names must be standard ones.
  finalizers.forEach((finalizer, i) => {
    if (isQualifiedName(finalizer).length === 0 && !finalizer.includes('/')) {
      if (!STANDARD_FINALIZERS.has(finalizer)) {
        errors.push(
          fieldInvalid(
            index(path, i),
            finalizer,
            'name is neither a standard finalizer name nor is it fully qualified',
          ),
        );
      }
    } else {
      for (const msg of isQualifiedName(finalizer)) {
        errors.push(fieldInvalid(index(path, i), finalizer, msg));
      }
    }
  });
  return errors;
}

/** `%#v` of a `[]string`. */
export function goStringSlice(values: string[]): string {
  return `[]string{${values.map(goQuote).join(', ')}}`;
}

function validateOwnerReferences(references: JsonObject[], path: string): FieldError[] {
  const errors: FieldError[] = [];
  for (const reference of references) {
    const apiVersion = asString(reference.apiVersion);
    const version = apiVersion.includes('/')
      ? apiVersion.slice(apiVersion.indexOf('/') + 1)
      : apiVersion;
    if (!version)
      errors.push(fieldInvalid(child(path, 'apiVersion'), apiVersion, 'version must not be empty'));
    if (!asString(reference.kind))
      errors.push(fieldInvalid(child(path, 'kind'), '', 'must not be empty'));
    if (!asString(reference.name))
      errors.push(fieldInvalid(child(path, 'name'), '', 'must not be empty'));
    if (!asString(reference.uid))
      errors.push(fieldInvalid(child(path, 'uid'), '', 'must not be empty'));
  }
  return errors;
}

/** `ValidateObjectMeta` on create (the name was already generated from `generateName`). */
export function validateObjectMeta(
  metadata: unknown,
  rules: ObjectMetaRules,
  path = 'metadata',
): FieldError[] {
  const meta = asObject(metadata) ?? {};
  const errors: FieldError[] = [];
  const generateName = asString(meta.generateName);
  if (generateName) {
    for (const msg of rules.name(generateName, true)) {
      errors.push(fieldInvalid(child(path, 'generateName'), generateName, msg));
    }
  }
  const name = asString(meta.name);
  if (!name) errors.push(fieldRequired(child(path, 'name'), 'name or generateName is required'));
  else
    for (const msg of rules.name(name, false))
      errors.push(fieldInvalid(child(path, 'name'), name, msg));
  const namespace = asString(meta.namespace);
  if (rules.requiresNamespace) {
    if (!namespace) errors.push(fieldRequired(child(path, 'namespace')));
    else {
      for (const msg of nameIsDnsLabel(namespace, false)) {
        errors.push(fieldInvalid(child(path, 'namespace'), namespace, msg));
      }
    }
  } else if (namespace) {
    errors.push(fieldForbidden(child(path, 'namespace'), 'not allowed on this type'));
  }
  const generation = meta.generation;
  if (typeof generation === 'number' && generation < 0) {
    errors.push(fieldInvalid(child(path, 'generation'), generation, NEGATIVE_ERROR));
  }
  errors.push(...validateLabels(meta.labels, child(path, 'labels')));
  errors.push(...validateAnnotations(meta.annotations, child(path, 'annotations')));
  errors.push(
    ...validateOwnerReferences(asObjects(meta.ownerReferences), child(path, 'ownerReferences')),
  );
  errors.push(
    ...validateFinalizers(asArray(meta.finalizers).map(asString), child(path, 'finalizers')),
  );
  return errors;
}

/** Go's `time.Time.String()` of an RFC 3339 timestamp, in UTC as the API server runs. */
export function goTime(timestamp: unknown): string {
  if (typeof timestamp !== 'string' || Number.isNaN(Date.parse(timestamp))) return 'null';
  const iso = new Date(timestamp).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)} +0000 UTC`;
}

function sameValue(a: unknown, b: unknown): boolean {
  return (a ?? '') === (b ?? '');
}

/** `ValidateObjectMetaUpdate`: what no update may change, plus the create-time checks that still apply. */
export function validateObjectMetaUpdate(
  newMetadata: unknown,
  oldMetadata: unknown,
  path = 'metadata',
): FieldError[] {
  const meta = asObject(newMetadata) ?? {};
  const old = asObject(oldMetadata) ?? {};
  const errors: FieldError[] = [];
  if (old.deletionTimestamp) {
    const oldFinalizers = new Set(asArray(old.finalizers).map(asString));
    const added = [...new Set(asArray(meta.finalizers).map(asString))].filter(
      (f) => !oldFinalizers.has(f),
    );
    if (added.length) {
      errors.push(
        fieldForbidden(
          child(path, 'finalizers'),
          `no new finalizers can be added if the object is being deleted, found new finalizers ${goStringSlice(added.sort())}`,
        ),
      );
    }
  }
  const resourceVersion = asString(meta.resourceVersion);
  if (!resourceVersion) {
    errors.push(
      fieldInvalid(child(path, 'resourceVersion'), '', 'must be specified for an update'),
    );
  }
  const generation = typeof meta.generation === 'number' ? meta.generation : 0;
  const oldGeneration = typeof old.generation === 'number' ? old.generation : 0;
  if (generation < oldGeneration) {
    errors.push(fieldInvalid(child(path, 'generation'), generation, 'must not be decremented'));
  }
  const immutable = 'field is immutable';
  for (const field of ['name', 'namespace', 'uid']) {
    if (!sameValue(meta[field], old[field])) {
      errors.push(fieldInvalid(child(path, field), asString(meta[field]), immutable));
    }
  }
  for (const field of ['creationTimestamp', 'deletionTimestamp']) {
    if (goTime(meta[field]) !== goTime(old[field])) {
      errors.push(fieldInvalid(child(path, field), goValue(goTime(meta[field])), immutable));
    }
  }
  const grace = meta.deletionGracePeriodSeconds;
  if ((grace ?? null) !== (old.deletionGracePeriodSeconds ?? null)) {
    const value = typeof grace === 'number' ? grace : null;
    errors.push(fieldInvalid(child(path, 'deletionGracePeriodSeconds'), value, immutable));
  }
  errors.push(...validateLabels(meta.labels, child(path, 'labels')));
  errors.push(...validateAnnotations(meta.annotations, child(path, 'annotations')));
  errors.push(
    ...validateOwnerReferences(asObjects(meta.ownerReferences), child(path, 'ownerReferences')),
  );
  return errors;
}

/**
 * What the registry does to the new metadata before validating an update (`rest.BeforeUpdate`):
 * an empty uid takes the old one; creation and deletion timestamps and the generation cannot
 * be changed by a client, so they are silently restored.
 */
export function prepareObjectMetaForUpdate(newMetadata: JsonObject, oldMetadata: unknown): void {
  const old = asObject(oldMetadata) ?? {};
  if (!asString(newMetadata.uid) && old.uid !== undefined) newMetadata.uid = old.uid;
  if (old.creationTimestamp) newMetadata.creationTimestamp = old.creationTimestamp;
  if (old.generation !== undefined) newMetadata.generation = old.generation;
  if (old.deletionTimestamp) newMetadata.deletionTimestamp = old.deletionTimestamp;
  if (old.deletionGracePeriodSeconds !== undefined) {
    newMetadata.deletionGracePeriodSeconds = old.deletionGracePeriodSeconds;
  }
}
