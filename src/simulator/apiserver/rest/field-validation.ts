import { decodeObject as decodeTyped, modelNameFor } from '../../admission/strict-decoding.js';
import type { KubeObject } from '../../kube-object.js';
import type { ResourceInfo } from '../resources.js';
import { badRequest } from '../status.js';

export type FieldValidation = 'Ignore' | 'Warn' | 'Strict';

/** `?fieldValidation=`; a request without it is handled as Warn, the server default since 1.27. */
export function parseFieldValidation(value: string | null): FieldValidation {
  if (value === null || value === '') return 'Warn';
  if (value === 'Ignore' || value === 'Warn' || value === 'Strict') return value;
  throw badRequest(`fieldValidation parameter unsupported: ${value}`);
}

/**
 * The typed decode every write goes through: mistyped fields are a 400 whatever the mode;
 * unknown fields are refused (Strict) or dropped with `Warning` headers (Warn) or silently
 * (Ignore). Returns the object as the typed decode leaves it — nulls gone, quantities
 * canonical — which is what a real server stores.
 */
export function decodeFields(info: ResourceInfo, object: KubeObject, mode: FieldValidation) {
  const model = modelNameFor(object.apiVersion, info.kind);
  if (!model) return { object, warnings: [] as string[] };
  const { object: decoded, warnings } = decodeTyped(model, object, mode);
  return { object: decoded as KubeObject, warnings };
}
