/**
 * Test support, not product code: builds Kubernetes protobuf bodies by hand with protobufjs'
 * Writer, for the fields no `kubectl create` generator sets (volumes, probes, env sources…).
 */

import protobuf from 'protobufjs/minimal.js';

const { Writer } = protobuf;

/** One field: a string, nested message bytes, a varint, or a packed run of varints. */
export type WireField =
  | [number, 'string', string]
  | [number, 'bytes', Uint8Array]
  | [number, 'varint', number]
  | [number, 'packed', number[]];

export function encode(fields: WireField[]): Uint8Array {
  const writer = Writer.create();
  for (const [number, type, value] of fields) {
    if (type === 'varint') {
      writer.uint32(number << 3).int64(value);
    } else if (type === 'packed') {
      writer.uint32((number << 3) | 2).fork();
      for (const item of value) writer.int64(item);
      writer.ldelim();
    } else if (type === 'string') {
      writer.uint32((number << 3) | 2).string(value);
    } else {
      writer.uint32((number << 3) | 2).bytes(value);
    }
  }
  return writer.finish();
}

export const str = (number: number, value: string): WireField => [number, 'string', value];
export const varint = (number: number, value: number): WireField => [number, 'varint', value];
export const packed = (number: number, value: number[]): WireField => [number, 'packed', value];
export const msg = (number: number, ...fields: WireField[]): WireField => [
  number,
  'bytes',
  encode(fields),
];
export const raw = (number: number, value: Uint8Array): WireField => [number, 'bytes', value];
/** A map<string,string> (or bytes) entry. */
export const entry = (number: number, key: string, value: string | Uint8Array): WireField =>
  msg(number, str(1, key), typeof value === 'string' ? str(2, value) : raw(2, value));

/** The `k8s\0` + runtime.Unknown envelope around an object's message. */
export function kubeBody(apiVersion: string, kind: string, object: WireField[]): Buffer {
  const unknown = encode([msg(1, str(1, apiVersion), str(2, kind)), raw(2, encode(object))]);
  return Buffer.concat([Buffer.from('k8s\0', 'latin1'), unknown]);
}
