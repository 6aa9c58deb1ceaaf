/**
 * Reading decoded JSON the way Go reads its typed structs: a missing or mistyped field is the zero
 * value (`""`, `0`, `false`, nil). Validation runs after strict decoding, so types are normally
 * right; these readers keep it safe when they are not.
 */

import { isPlainObject } from '../kube-object.js';

export type JsonObject = Record<string, unknown>;

export function asObject(value: unknown): JsonObject | undefined {
  return isPlainObject(value) ? value : undefined;
}

export function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

export function asObjects(value: unknown): JsonObject[] {
  return asArray(value).map((item) => (isPlainObject(item) ? item : {}));
}

export function asString(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

export function asNumber(value: unknown): number {
  return typeof value === 'number' ? value : 0;
}

/** A Go pointer field: set unless absent or null. */
export function isSet(object: JsonObject | undefined, field: string): boolean {
  return object !== undefined && object[field] !== undefined && object[field] !== null;
}

/** A Go map or slice field with at least one entry. */
export function isNonEmpty(value: unknown): boolean {
  if (Array.isArray(value)) return value.length > 0;
  if (isPlainObject(value)) return Object.keys(value).length > 0;
  return false;
}

/** Entries of a `map[string]string`, non-string values read as "". */
export function stringMap(value: unknown): [string, string][] {
  const object = asObject(value);
  if (!object) return [];
  return Object.entries(object).map(([k, v]) => [k, asString(v)]);
}

/** The object at `object[field]`, created empty when missing (for defaulting). */
export function ensureObject(object: JsonObject, field: string): JsonObject {
  const current = object[field];
  if (isPlainObject(current)) return current;
  const created: JsonObject = {};
  object[field] = created;
  return created;
}
