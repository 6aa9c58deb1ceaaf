/**
 * Safe readers for stored objects: the store holds plain JSON, so every field the printers use
 * may be missing or of the wrong type. Each reader returns Go's zero value in that case, which is
 * also what the real printers see after decoding into typed structs.
 */
import { isPlainObject } from '../../kube-object.js';

export type JsonObject = Record<string, unknown>;

const EMPTY: JsonObject = Object.freeze({}) as JsonObject;

/** The object at `value`, or an empty (frozen) object. */
export function obj(value: unknown): JsonObject {
  return isPlainObject(value) ? value : EMPTY;
}

export function str(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

export function num(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : 0;
}

export function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** Walks nested objects: `at(pod, 'status', 'phase')`. */
export function at(value: unknown, ...keys: string[]): unknown {
  let current = value;
  for (const key of keys) {
    if (!isPlainObject(current)) return undefined;
    current = current[key];
  }
  return current;
}

/** Number of keys of a map field (`len(secret.Data)`). */
export function mapSize(value: unknown): number {
  return isPlainObject(value) ? Object.keys(value).length : 0;
}
