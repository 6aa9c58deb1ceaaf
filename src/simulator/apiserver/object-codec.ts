import { parse as parseYaml } from 'yaml';
import { isPlainObject, type KubeObject } from '../kube-object.js';
import { JSON_TYPE, mediaType, PROTOBUF_TYPE, YAML_TYPE } from './http/content-type.js';
import { decodeKubeProtobuf } from './protobuf/decode.js';
import type { ResourceInfo } from './resources.js';
import { badRequest, unsupportedMediaType } from './status.js';

const ACCEPTED = [JSON_TYPE, YAML_TYPE, PROTOBUF_TYPE, 'application/cbor'];

/**
 * Turns a request body into an object of the resource's kind, checking what the real decoder
 * checks: a body that does not parse, or names another kind or version, is a 400.
 */
export function decodeObject(
  contentType: string | undefined,
  body: Buffer,
  info: ResourceInfo,
): KubeObject {
  const type = mediaType(contentType) || JSON_TYPE;
  let decoded: unknown;
  if (type === JSON_TYPE) {
    decoded = parseJson(body);
  } else if (type === YAML_TYPE) {
    try {
      decoded = parseYaml(body.toString('utf8'));
    } catch (error) {
      throw badRequest(`error converting YAML to JSON: ${(error as Error).message.split('\n')[0]}`);
    }
  } else if (type === PROTOBUF_TYPE) {
    decoded = decodeKubeProtobuf(body);
  } else {
    throw unsupportedMediaType(ACCEPTED);
  }
  if (!isPlainObject(decoded)) {
    throw badRequest(
      `${info.kind} in version "${info.version}" cannot be handled as a ${info.kind}: json: cannot unmarshal ${jsonKind(decoded)} into Go value of type struct { APIVersion string "json:\\"apiVersion,omitempty\\""; Kind string "json:\\"kind,omitempty\\"" }`,
    );
  }
  const object = decoded as KubeObject;
  const expected = info.group ? `${info.group}/${info.version}` : info.version;
  if (
    object.apiVersion !== undefined &&
    object.apiVersion !== '' &&
    object.apiVersion !== expected
  ) {
    throw badRequest(
      `the API version in the data (${String(object.apiVersion)}) does not match the expected API version (${expected})`,
    );
  }
  if (object.kind !== undefined && object.kind !== '' && object.kind !== info.kind) {
    throw badRequest(
      `the kind in the data (${String(object.kind)}) does not match the expected kind (${info.kind})`,
    );
  }
  object.apiVersion = expected;
  object.kind = info.kind;
  if (object.metadata === undefined || object.metadata === null) object.metadata = {};
  if (!isPlainObject(object.metadata)) {
    throw badRequest(
      `${info.kind} in version "${info.version}" cannot be handled as a ${info.kind}: json: cannot unmarshal ${jsonKind(object.metadata)} into Go struct field ${info.kind}.metadata of type v1.ObjectMeta`,
    );
  }
  return object;
}

export function parseJson(body: Buffer): unknown {
  const text = body.toString('utf8');
  if (text.trim() === '') throw badRequest("Object 'Kind' is missing in ''");
  try {
    return JSON.parse(text);
  } catch (error) {
    throw badRequest(`couldn't get version/kind; json parse error: ${(error as Error).message}`);
  }
}

function jsonKind(value: unknown) {
  if (Array.isArray(value)) return 'array';
  if (value === null) return 'null';
  return typeof value === 'object' ? 'object' : typeof value;
}
