/**
 * The wire layer: splits one protobuf message into the occurrences of its fields with
 * protobufjs' Reader, checking every field number and wire type against the schema. Anything
 * the schema does not describe is a 400, never silently dropped.
 */

import protobuf from 'protobufjs/minimal.js';
import { badRequest } from '../status.js';
import type { FieldFlag, FieldKind, FieldSpec, MessageSchema } from './schema.js';

const { Reader } = protobuf;

const WIRE_VARINT = 0;
const WIRE_LENGTH_DELIMITED = 2;
const WIRE_NAMES = ['varint', 'fixed64', 'length-delimited', 'start-group', 'end-group', 'fixed32'];

/** One occurrence of a field: a varint already read, or the bytes of a length-delimited one. */
export type Occurrence = number | boolean | Uint8Array;

export type FoundFields = Map<FieldSpec, Occurrence[]>;

const indexes = new WeakMap<MessageSchema, Map<number, FieldSpec>>();

function fieldsByNumber(schema: MessageSchema): Map<number, FieldSpec> {
  let index = indexes.get(schema);
  if (!index) {
    index = new Map(schema.fields.map((field) => [field[0], field]));
    indexes.set(schema, index);
  }
  return index;
}

export function hasFlag(field: FieldSpec, flag: FieldFlag): boolean {
  for (let i = 3; i < field.length; i++) if (field[i] === flag) return true;
  return false;
}

export function isVarintKind(kind: FieldKind): kind is 'int32' | 'int64' | 'bool' {
  return kind === 'int32' || kind === 'int64' || kind === 'bool';
}

function wireName(wireType: number): string {
  return WIRE_NAMES[wireType] ?? `wire type ${wireType}`;
}

/** protobufjs returns a Long when long.js is around, a number otherwise. */
function int64ToNumber(value: number | { low: number; high: number }): number {
  return typeof value === 'number' ? value : value.high * 4294967296 + (value.low >>> 0);
}

function readVarint(reader: protobuf.Reader, kind: 'int32' | 'int64' | 'bool'): number | boolean {
  if (kind === 'bool') return reader.bool();
  if (kind === 'int32') return reader.int32();
  return int64ToNumber(reader.int64());
}

/**
 * Reads every field of one message. `path` names where the message sits (`spec.template`), so
 * an error says where the bad field is. protobufjs throws a RangeError on truncated input; the
 * caller turns that into a 400.
 */
export function readFields(schema: MessageSchema, bytes: Uint8Array, path: string): FoundFields {
  const reader = Reader.create(bytes);
  const index = fieldsByNumber(schema);
  const found: FoundFields = new Map();
  while (reader.pos < reader.len) {
    const tag = reader.uint32();
    const number = tag >>> 3;
    const wireType = tag & 7;
    const field = index.get(number);
    if (!field) {
      const where = path ? ` at ${path}` : '';
      throw badRequest(
        `unknown field number ${number} (${wireName(wireType)}) in ${schema.name}${where}`,
      );
    }
    const kind = field[2];
    let occurrences = found.get(field);
    if (!occurrences) {
      occurrences = [];
      found.set(field, occurrences);
    }
    if (isVarintKind(kind) && wireType === WIRE_VARINT) {
      occurrences.push(readVarint(reader, kind));
    } else if (isVarintKind(kind) && wireType === WIRE_LENGTH_DELIMITED && hasFlag(field, 'rep')) {
      // A packed repeated scalar: a run of varints inside one length-delimited record.
      const end = reader.uint32() + reader.pos;
      if (end > reader.len) throw new RangeError('packed field runs past the end of its message');
      while (reader.pos < end) occurrences.push(readVarint(reader, kind));
      if (reader.pos !== end) throw new RangeError('packed field overruns its length');
    } else if (!isVarintKind(kind) && wireType === WIRE_LENGTH_DELIMITED) {
      occurrences.push(reader.bytes());
    } else {
      const name = `${path ? `${path}.` : ''}${field[1] || '<inline>'}`;
      const expected = isVarintKind(kind) ? 'varint' : 'length-delimited';
      throw badRequest(
        `${schema.name} field ${number} (${name}) has wire type ${wireName(wireType)}, expected ${expected}`,
      );
    }
  }
  return found;
}

/** The last occurrence of field `number` (proto2: the last scalar wins), if any. */
export function lastOccurrence(
  schema: MessageSchema,
  found: FoundFields,
  number: number,
): Occurrence | undefined {
  const field = fieldsByNumber(schema).get(number);
  return field ? found.get(field)?.at(-1) : undefined;
}

export function utf8(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
}

/** Occurrences of one message field merge, as proto2 says: parse their concatenation. */
export function concat(parts: Occurrence[]): Uint8Array {
  const chunks = parts.filter((part): part is Uint8Array => part instanceof Uint8Array);
  if (chunks.length === 1) return chunks[0] as Uint8Array;
  return Buffer.concat(chunks);
}
