import { parse as parseYaml } from 'yaml';
import { goQuote } from '../admission/go-text.js';
import { isPlainObject, type KubeObject } from '../kube-object.js';
import { JSON_TYPE, mediaType, PROTOBUF_TYPE, YAML_TYPE } from './http/content-type.js';
import { goJsonSyntaxError } from './patch/go-json.js';
import { decodeKubeProtobuf } from './protobuf/decode.js';
import { isRegisteredKind, packageOf } from './registered-kinds.js';
import { groupVersion, type ResourceInfo } from './resources.js';
import { ApiError, badRequest, unsupportedMediaType } from './status.js';

const ACCEPTED = [JSON_TYPE, YAML_TYPE, PROTOBUF_TYPE, 'application/cbor'];
const PROTOBUF_MAGIC = Buffer.from('k8s\0', 'latin1');

/** A decode failure before the body's kind is known (`gvk == nil` in `transformDecodeError`). */
class Unrecognized extends Error {}

/**
 * Turns a request body into an object of the resource's kind the way the create and update
 * handlers' decoder does, failing with `transformDecodeError`'s texts: a body that does not
 * parse is "the object provided is unrecognized (must be of type X): … (<summary>)", one that
 * names a kind or version the server cannot turn into X is "K in version "v" cannot be handled
 * as a X: …".
 */
export function decodeObject(
  contentType: string | undefined,
  body: Buffer,
  info: ResourceInfo,
): KubeObject {
  const type = mediaType(contentType) || JSON_TYPE;
  if (type !== JSON_TYPE && type !== YAML_TYPE && type !== PROTOBUF_TYPE) {
    throw unsupportedMediaType(ACCEPTED);
  }
  let decoded: Record<string, unknown>;
  try {
    decoded = type === PROTOBUF_TYPE ? decodeProtobuf(body) : interpret(body, type);
  } catch (error) {
    if (!(error instanceof Unrecognized)) throw error;
    throw badRequest(
      `the object provided is unrecognized (must be of type ${info.kind}): ${error.message} (${summarizeData(body)})`,
    );
  }
  const expected = groupVersion(info);
  // Unset apiVersion and kind default to the endpoint's (`gvkWithDefaults`).
  const kind = typeof decoded.kind === 'string' && decoded.kind ? decoded.kind : info.kind;
  const apiVersion =
    typeof decoded.apiVersion === 'string' && decoded.apiVersion ? decoded.apiVersion : expected;
  const version = apiVersion.slice(apiVersion.indexOf('/') + 1);
  const cannot = (why: string) =>
    badRequest(
      `${kind} in version ${goQuote(version)} cannot be handled as a ${info.kind}: ${why}`,
    );
  if (!isRegisteredKind(apiVersion, kind)) {
    throw cannot(
      `no kind ${goQuote(kind)} is registered for version ${goQuote(apiVersion)} in scheme "pkg/api/legacyscheme/scheme.go:30"`,
    );
  }
  if (apiVersion !== expected || kind !== info.kind) {
    // Decoded as its own type, then the conversion into the endpoint's internal type fails.
    throw cannot(
      `converting (${packageOf(apiVersion, false)}.${kind}) to (${packageOf(expected, true)}.${info.kind}): unknown conversion`,
    );
  }
  const object = decoded as KubeObject;
  object.apiVersion = expected;
  object.kind = info.kind;
  if (object.metadata === undefined || object.metadata === null) object.metadata = {};
  if (!isPlainObject(object.metadata)) {
    throw cannot(
      `json: cannot unmarshal ${jsonKind(object.metadata)} into Go struct field ${info.kind}.metadata of type v1.ObjectMeta`,
    );
  }
  return object;
}

/** JSON or YAML, as far as `SimpleMetaFactory.Interpret` looks: syntax, then apiVersion/kind. */
function interpret(body: Buffer, type: string): Record<string, unknown> {
  let value: unknown;
  if (type === YAML_TYPE) {
    try {
      value = parseYaml(body.toString('utf8'));
    } catch (error) {
      const first = (error as Error).message.split('\n')[0] ?? '';
      throw new Unrecognized(`error converting YAML to JSON: yaml: ${first}`);
    }
  } else {
    const syntax = goJsonSyntaxError(body);
    if (syntax !== undefined) {
      throw new Unrecognized(`couldn't get version/kind; json parse error: ${syntax}`);
    }
    value = JSON.parse(body.toString('utf8'));
  }
  // `null` unmarshals into the struct as a no-op: an empty object of the endpoint's kind.
  if (value === null || value === undefined) return {};
  if (!isPlainObject(value)) {
    throw new Unrecognized(
      `couldn't get version/kind; json parse error: json: cannot unmarshal ${jsonKind(value)} into Go value of type struct { APIVersion string "json:\\"apiVersion,omitempty\\""; Kind string "json:\\"kind,omitempty\\"" }`,
    );
  }
  for (const field of ['apiVersion', 'kind'] as const) {
    const v = value[field];
    if (v !== undefined && v !== null && typeof v !== 'string') {
      throw new Unrecognized(
        `couldn't get version/kind; json parse error: json: cannot unmarshal ${jsonKind(v)} into Go struct field .${field} of type string`,
      );
    }
  }
  const apiVersion = typeof value.apiVersion === 'string' ? value.apiVersion : '';
  if (apiVersion.split('/').length > 2) {
    throw new Unrecognized(`unexpected GroupVersion string: ${apiVersion}`);
  }
  return value;
}

/** The protobuf serializer's own checks on the envelope, then the object decoder. */
function decodeProtobuf(body: Buffer): Record<string, unknown> {
  if (body.length === 0) throw new Unrecognized('empty data');
  if (body.length < PROTOBUF_MAGIC.length || !body.subarray(0, 4).equals(PROTOBUF_MAGIC)) {
    throw new Unrecognized(
      'provided data does not appear to be a protobuf message, expected prefix [107 56 115 0]',
    );
  }
  if (body.length === PROTOBUF_MAGIC.length) throw new Unrecognized('empty body');
  try {
    return decodeKubeProtobuf(body) as unknown as Record<string, unknown>;
  } catch (error) {
    if (error instanceof ApiError) throw new Unrecognized(error.status.message ?? '');
    throw error;
  }
}

/** `summarizeData(body, 30)`: JSON-looking bodies as text, anything else as hex. */
function summarizeData(body: Buffer): string {
  if (body.length === 0) return '<empty>';
  const head = body.subarray(0, 30);
  const more = body.length > 30 ? ' ...' : '';
  return body[0] === 0x7b ? `${head.toString('utf8')}${more}` : `${head.toString('hex')}${more}`;
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
  if (typeof value === 'boolean') return 'bool';
  return typeof value === 'object' ? 'object' : typeof value;
}
