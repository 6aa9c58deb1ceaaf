/**
 * Schema-driven protobuf → JSON: writes the JSON a Go API server would write for the Go object
 * a message decodes to, so a protobuf body and the JSON body of the same object are
 * indistinguishable downstream. Fields come out in schema order, which is Go's struct order.
 */

import { badRequest } from '../status.js';
import {
  decodeFieldsV1,
  decodeIntOrString,
  decodeQuantity,
  decodeTime,
} from './apimachinery-kinds.js';
import type { FieldKind, FieldSpec, MapKind, MessageSchema } from './schema.js';
import { message } from './schema.js';
import {
  concat,
  hasFlag,
  isVarintKind,
  lastOccurrence,
  type Occurrence,
  readFields,
  utf8,
} from './wire-fields.js';

/** Decodes one message into the JSON object Go would marshal for it. */
export function decodeMessage(
  schema: MessageSchema,
  bytes: Uint8Array,
  path: string,
): Record<string, unknown> {
  const found = readFields(schema, bytes, path);
  const out: Record<string, unknown> = {};
  for (const field of schema.fields) emitField(out, field, found.get(field) ?? [], path);
  return out;
}

function emitField(
  out: Record<string, unknown>,
  field: FieldSpec,
  occurrences: Occurrence[],
  parentPath: string,
): void {
  const [, json, kind] = field;
  const path = parentPath ? `${parentPath}.${json}` : json;
  const required = hasFlag(field, 'req');

  if (hasFlag(field, 'inline') && typeof kind === 'function') {
    // An embedded struct: its fields sit in the parent's JSON, at the embedding's position.
    Object.assign(out, decodeMessage(kind(), concat(occurrences), parentPath));
    return;
  }
  if (typeof kind === 'object' || hasFlag(field, 'rep')) {
    // Maps and slices: empty is nil, which omitempty leaves out and the rest write as null.
    if (occurrences.length === 0) {
      if (required) out[json] = null;
    } else if (typeof kind === 'object') {
      out[json] = decodeMap(kind, occurrences, path);
    } else {
      out[json] = occurrences.map((value, i) => convert(kind, value, `${path}[${i}]`));
    }
    return;
  }
  const scalar = isScalarKind(kind);
  if (occurrences.length === 0) {
    // Absent: a pointer or a []byte stays nil, a scalar keeps its zero value, and a struct is
    // written whole (Go's omitempty never skips a struct).
    if (hasFlag(field, 'ptr') || kind === 'bytes') {
      if (required) out[json] = null;
    } else if (!scalar) {
      out[json] = convert(kind, new Uint8Array(0), path);
    } else if (required) {
      out[json] = kind === 'string' ? '' : kind === 'bool' ? false : 0;
    }
    return;
  }
  // A scalar's last occurrence wins; a message's occurrences merge, as in proto2.
  const value = scalar
    ? convert(kind, occurrences[occurrences.length - 1] as Occurrence, path)
    : convert(kind, concat(occurrences), path);
  if (!scalar || hasFlag(field, 'ptr') || required || !isZeroScalar(value)) out[json] = value;
}

function isScalarKind(kind: FieldKind): kind is 'string' | 'bytes' | 'int32' | 'int64' | 'bool' {
  return kind === 'string' || kind === 'bytes' || isVarintKind(kind);
}

/** What Go's omitempty leaves out: "", 0, false (an empty []byte is "" here). */
function isZeroScalar(value: unknown): boolean {
  return value === '' || value === 0 || value === false;
}

function convert(kind: FieldKind, value: Occurrence, path: string): unknown {
  if (typeof value === 'number' || typeof value === 'boolean') return value;
  switch (kind) {
    case 'string':
      return utf8(value);
    case 'bytes':
      return Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64');
    case 'time':
      return decodeTime(value, path);
    case 'quantity':
      return decodeQuantity(value, path);
    case 'intOrString':
      return decodeIntOrString(value, path);
    case 'fieldsV1':
      return decodeFieldsV1(value, path);
    default:
      if (typeof kind === 'function') return decodeMessage(kind(), value, path);
      throw badRequest(`${path}: a map cannot nest in a map`);
  }
}

const MapEntries = {
  string: message('map<string,string> entry', [
    [1, 'key', 'string'],
    [2, 'value', 'string'],
  ]),
  bytes: message('map<string,bytes> entry', [
    [1, 'key', 'string'],
    [2, 'value', 'bytes'],
  ]),
  quantity: message('map<string,Quantity> entry', [
    [1, 'key', 'string'],
    [2, 'value', 'quantity'],
  ]),
} as const;

/** A Go map: a later duplicate key wins, and JSON lists keys sorted, as encoding/json does. */
function decodeMap(kind: MapKind, entries: Occurrence[], path: string): Record<string, unknown> {
  const schema = MapEntries[kind.map];
  const values = new Map<string, unknown>();
  for (const entry of entries) {
    const found = readFields(schema, entry as Uint8Array, path);
    const key = lastOccurrence(schema, found, 1);
    const keyText = key instanceof Uint8Array ? utf8(key) : '';
    const value = lastOccurrence(schema, found, 2);
    values.set(
      keyText,
      value instanceof Uint8Array
        ? convert(kind.map, value, `${path}[${keyText}]`)
        : kind.map === 'quantity'
          ? '0'
          : '',
    );
  }
  const out: Record<string, unknown> = {};
  for (const key of [...values.keys()].sort(compareBytewise)) {
    // defineProperty, not assignment: a key such as "__proto__" must stay a plain key.
    Object.defineProperty(out, key, {
      value: values.get(key),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return out;
}

/** Go sorts map keys as byte strings, which is not JavaScript's UTF-16 order. */
function compareBytewise(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}
