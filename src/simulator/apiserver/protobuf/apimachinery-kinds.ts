/**
 * apimachinery types whose JSON is not their protobuf shape (see SpecialKind in schema.ts).
 * Each mirrors its Go MarshalJSON after the Go protobuf Unmarshal.
 */

import { badRequest } from '../status.js';
import { message } from './schema.js';
import { lastOccurrence, readFields, utf8 } from './wire-fields.js';

const Timestamp = message('meta.v1.Time', [
  [1, 'seconds', 'int64'],
  [2, 'nanos', 'int32'],
]);

/** metav1.Time: empty is the zero time (JSON null); nanos are dropped, as Go's Unmarshal does. */
export function decodeTime(bytes: Uint8Array, path: string): string | null {
  if (bytes.length === 0) return null;
  const seconds = lastOccurrence(Timestamp, readFields(Timestamp, bytes, path), 1);
  const date = new Date(Number(seconds ?? 0) * 1000);
  const year = date.getUTCFullYear();
  if (!Number.isFinite(date.getTime()) || year < 0 || year > 9999) {
    throw badRequest(`${path}: time ${String(seconds)}s is outside the years 0000-9999`);
  }
  return `${date.toISOString().slice(0, 19)}Z`;
}

const Quantity = message('resource.Quantity', [[1, 'string', 'string']]);

/**
 * resource.Quantity travels as its string; an empty message is the zero quantity, "0".
 * The string is passed on as sent (kubectl sends canonical forms), not re-canonicalised.
 */
export function decodeQuantity(bytes: Uint8Array, path: string): string {
  const text = lastOccurrence(Quantity, readFields(Quantity, bytes, path), 1);
  if (text === undefined) return '0';
  const value = utf8(text as Uint8Array);
  if (value.trim() === '') throw badRequest(`${path}: quantities must not be empty`);
  return value;
}

const IntOrString = message('intstr.IntOrString', [
  [1, 'type', 'int64'],
  [2, 'intVal', 'int32'],
  [3, 'strVal', 'string'],
]);

/** intstr.IntOrString: type 0 is the int, type 1 the string. */
export function decodeIntOrString(bytes: Uint8Array, path: string): number | string {
  const found = readFields(IntOrString, bytes, path);
  const type = Number(lastOccurrence(IntOrString, found, 1) ?? 0);
  if (type === 0) return Number(lastOccurrence(IntOrString, found, 2) ?? 0);
  if (type === 1) {
    const text = lastOccurrence(IntOrString, found, 3);
    return text instanceof Uint8Array ? utf8(text) : '';
  }
  throw badRequest(`${path}: IntOrString has impossible type ${type}`);
}

const FieldsV1 = message('meta.v1.FieldsV1', [[1, 'Raw', 'bytes']]);

/** metav1.FieldsV1 holds a JSON document; JSON shows the document itself. */
export function decodeFieldsV1(bytes: Uint8Array, path: string): unknown {
  const raw = lastOccurrence(FieldsV1, readFields(FieldsV1, bytes, path), 1);
  if (!(raw instanceof Uint8Array) || raw.length === 0) return null;
  try {
    return JSON.parse(utf8(raw));
  } catch {
    throw badRequest(`${path}: fieldsV1 does not hold valid JSON`);
  }
}
