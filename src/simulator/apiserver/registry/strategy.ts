import type { KubeObject } from '../../kube-object.js';
import type { FieldError } from '../status.js';
import type { Storage } from '../storage.js';

/** What a strategy may consult while admitting an object. */
export interface AdmissionContext {
  storage: Storage;
  now: Date;
}

/**
 * Per-resource behaviour on write, after the shape of the API server's `RESTCreateStrategy` /
 * `RESTUpdateStrategy`: mutate first (defaults, server-set fields), then validate.
 */
export interface Strategy {
  /** Defaulting and mutating admission on create; may throw an ApiError (e.g. 403 Forbidden). */
  prepareForCreate(object: KubeObject, context: AdmissionContext): void;
  validateCreate(object: KubeObject): FieldError[];
  /** On update through the main resource: e.g. keep the stored status. */
  prepareForUpdate(object: KubeObject, old: KubeObject, context: AdmissionContext): void;
  validateUpdate(object: KubeObject, old: KubeObject): FieldError[];
  /** On update through the status subresource: keep everything but the status. */
  prepareForStatusUpdate(object: KubeObject, old: KubeObject): void;
  /**
   * Whether an update through the main resource bumps `metadata.generation` (resources with
   * `hasGeneration`); by default, when anything but metadata and status changed.
   */
  generationChanged?(object: KubeObject, old: KubeObject): boolean;
}

export const baseStrategy: Strategy = {
  prepareForCreate() {},
  validateCreate() {
    return [];
  },
  prepareForUpdate() {},
  validateUpdate() {
    return [];
  },
  prepareForStatusUpdate(object, old) {
    const status = object.status;
    for (const key of Object.keys(object)) delete object[key];
    Object.assign(object, structuredClone(old), { status });
  },
};

/** Strategies of resources whose main endpoint must not change `.status`. */
export function keepStatusOnUpdate(object: KubeObject, old: KubeObject) {
  if (old.status === undefined) delete object.status;
  else object.status = structuredClone(old.status);
}
