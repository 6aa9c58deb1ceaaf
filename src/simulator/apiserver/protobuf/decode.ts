/**
 * Reads the Kubernetes protobuf envelope real kubectl POSTs for `kubectl create secret`,
 * `configmap`, `namespace`, `serviceaccount`, `role(binding)`, `clusterrole(binding)` and
 * `deployment`: the magic `k8s\0`, then a runtime.Unknown{1 typeMeta{1 apiVersion, 2 kind},
 * 2 raw, 3 contentEncoding, 4 contentType} whose raw bytes are the object's own message
 * (kubectl-protocol.md §13). The result is the JSON a JSON client would have sent.
 */

import type { KubeObject } from '../../kube-object.js';
import { ApiError, badRequest } from '../status.js';
import { schemaForKind } from './kinds.js';
import { decodeMessage } from './message-decoder.js';
import { message } from './schema.js';
import { lastOccurrence, readFields, utf8 } from './wire-fields.js';

export const PROTOBUF_CONTENT_TYPE = 'application/vnd.kubernetes.protobuf';

const MAGIC = Buffer.from('k8s\0', 'latin1');

const TypeMeta = message('runtime.TypeMeta', [
  [1, 'apiVersion', 'string'],
  [2, 'kind', 'string'],
]);

const Unknown = message('runtime.Unknown', [
  [1, 'typeMeta', () => TypeMeta],
  [2, 'raw', 'bytes'],
  [3, 'contentEncoding', 'string'],
  [4, 'contentType', 'string'],
]);

/**
 * Decodes a `application/vnd.kubernetes.protobuf` request body into the object's JSON form.
 * Every failure, whatever the bytes, is a 400 BadRequest ApiError: a body can't crash the server.
 */
export function decodeKubeProtobuf(body: Buffer): KubeObject {
  try {
    return decodeEnvelope(body);
  } catch (error) {
    if (error instanceof ApiError) throw error;
    // protobufjs throws a RangeError when a record runs past the end, an Error otherwise
    // (an overlong varint, say): the body is truncated or not protobuf at all.
    const reason = error instanceof Error ? error.message : String(error);
    const what = error instanceof RangeError ? 'truncated or corrupt data' : 'malformed data';
    throw badRequest(`unable to decode protobuf body: ${what} (${reason})`);
  }
}

function decodeEnvelope(body: Buffer): KubeObject {
  if (body.length < MAGIC.length || !body.subarray(0, MAGIC.length).equals(MAGIC)) {
    throw badRequest('protobuf body does not start with the Kubernetes magic "k8s\\x00"');
  }
  const found = readFields(Unknown, body.subarray(MAGIC.length), '');
  const bytesOf = (number: number): Uint8Array => {
    const value = lastOccurrence(Unknown, found, number);
    return value instanceof Uint8Array ? value : new Uint8Array(0);
  };
  const typeMeta = decodeMessage(TypeMeta, bytesOf(1), 'typeMeta');
  const apiVersion = typeof typeMeta.apiVersion === 'string' ? typeMeta.apiVersion : '';
  const kind = typeof typeMeta.kind === 'string' ? typeMeta.kind : '';
  const contentEncoding = utf8(bytesOf(3));
  const contentType = utf8(bytesOf(4));
  if (!kind) throw badRequest("Object 'Kind' is missing in protobuf body");
  if (!apiVersion) throw badRequest("Object 'apiVersion' is missing in protobuf body");
  if (contentEncoding !== '') {
    throw badRequest(`unsupported protobuf content encoding "${contentEncoding}"`);
  }
  if (contentType !== '' && contentType !== PROTOBUF_CONTENT_TYPE) {
    throw badRequest(`unsupported protobuf inner content type "${contentType}"`);
  }
  const schema = schemaForKind(apiVersion, kind);
  if (!schema) {
    throw badRequest(
      `no protobuf decoding for ${apiVersion}, Kind=${kind}: send this object as JSON instead`,
    );
  }
  const object = decodeMessage(schema, bytesOf(2), '');
  // Go's TypeMeta declares Kind before APIVersion, so JSON clients see them in that order.
  return { kind, apiVersion, ...object } as KubeObject;
}
