/**
 * The PATCH verb's body handling, as `apiserver/pkg/endpoints/handlers/patch.go` (1.32) does it:
 * pick the patch mechanism from the Content-Type, apply it to the stored object, and turn every
 * failure into the Status a real server sends. Defaulting, field validation and the update itself
 * stay with the caller; this module only guarantees the result decodes as the same object
 * (a JSON object with its kind, apiVersion and metadata, and the name and namespace of the URL).
 */

import type { KubeObject } from '../../kube-object.js';
import { ApiError, badRequest, unsupportedMediaType } from '../status.js';
import { goQuote } from './go-format.js';
import {
  GoJsonError,
  goJsonDecode,
  goJsonKind,
  goJsonMarshal,
  goJsonSyntaxError,
  goTypeMismatch,
} from './go-json.js';
import { applyJsonMergePatch, JsonMergePatchError } from './json-merge-patch.js';
import {
  applyJsonPatch,
  decodeJsonPatch,
  JsonPatchError,
  JsonPatchPanic,
  MAX_JSON_PATCH_OPERATIONS,
} from './json-patch.js';
import { isJsonMap, type JsonMap } from './json-value.js';
import { patchSchemaFor, type SchemaNode } from './patch-schema.js';
import { applyStrategicMergePatch, StrategicMergePatchError } from './strategic-merge-patch.js';

export const JSON_PATCH = 'application/json-patch+json';
export const MERGE_PATCH = 'application/merge-patch+json';
export const STRATEGIC_MERGE_PATCH = 'application/strategic-merge-patch+json';
export const APPLY_PATCH_YAML = 'application/apply-patch+yaml';

/** What a 1.32 server lists in its 415 for built-in types (CBOR apply is off by default). */
export const BUILTIN_PATCH_TYPES = [
  JSON_PATCH,
  MERGE_PATCH,
  STRATEGIC_MERGE_PATCH,
  APPLY_PATCH_YAML,
];
/** …and for custom resources, which have no strategic merge patch. */
export const CUSTOM_PATCH_TYPES = [JSON_PATCH, MERGE_PATCH, APPLY_PATCH_YAML];

/**
 * Applies a PATCH body to `original` (not modified) and returns the patched object.
 * `kind`/`group` select the strategic-merge schema (`group` is `` for core/v1); a kind without
 * one is treated as a custom resource. Throws {@link ApiError}.
 */
export function applyPatch(
  contentType: string,
  original: KubeObject,
  body: Buffer,
  kind: string,
  group: string,
): KubeObject {
  const schema = patchSchemaFor(group, kind);
  // The server cuts the media type at the first ";" and compares it exactly.
  const semicolon = contentType.indexOf(';');
  const mediaType = semicolon > 0 ? contentType.slice(0, semicolon) : contentType;
  let patched: unknown;
  if (mediaType === JSON_PATCH) patched = applyJsonPatchBody(original, body);
  else if (mediaType === MERGE_PATCH) patched = applyMergePatchBody(original, body);
  else if (mediaType === STRATEGIC_MERGE_PATCH && schema)
    patched = applySmpBody(original, body, schema);
  else throw unsupportedMediaType(schema ? BUILTIN_PATCH_TYPES : CUSTOM_PATCH_TYPES);
  return asPatchedObject(patched, original);
}

function applyJsonPatchBody(original: KubeObject, body: Buffer): unknown {
  let operations: ReturnType<typeof decodeJsonPatch>;
  try {
    operations = decodeJsonPatch(goJsonDecode(body));
  } catch (e) {
    if (e instanceof GoJsonError) throw badRequest(e.message);
    throw e;
  }
  if (operations.length > MAX_JSON_PATCH_OPERATIONS) {
    throw new ApiError({
      message: `Request entity too large: The allowed maximum operations in a JSON patch is ${MAX_JSON_PATCH_OPERATIONS}, got ${operations.length}`,
      reason: 'RequestEntityTooLarge',
      code: 413,
    });
  }
  try {
    return applyJsonPatch(original, operations);
  } catch (e) {
    // The library's message is dropped: NewGenericServerResponse(422, …) keeps only a stock text.
    if (e instanceof JsonPatchError) throw unprocessable();
    if (e instanceof JsonPatchPanic) throw handlerPanic();
    throw e;
  }
}

function applyMergePatchBody(original: KubeObject, body: Buffer): unknown {
  // Any syntax error, and any patch that is neither an object nor an array, is ErrBadJSONPatch.
  if (goJsonSyntaxError(body) !== undefined) throw badRequest('Invalid JSON Patch');
  try {
    return applyJsonMergePatch(original, goJsonDecode(body));
  } catch (e) {
    if (e instanceof JsonMergePatchError) throw badRequest(e.message);
    throw e;
  }
}

function applySmpBody(original: KubeObject, body: Buffer, schema: SchemaNode): unknown {
  let patch: unknown;
  try {
    patch = goJsonDecode(body);
  } catch (e) {
    if (e instanceof GoJsonError) throw badRequest(e.message);
    throw e;
  }
  if (patch !== null && !isJsonMap(patch)) {
    throw badRequest(goTypeMismatch(patch, 'map[string]interface {}'));
  }
  try {
    return applyStrategicMergePatch(original, patch, schema);
  } catch (e) {
    if (!(e instanceof StrategicMergePatchError)) throw e;
    if (e.errorClass === 'bad-request') throw badRequest(e.message);
    if (e.errorClass === 'unprocessable') throw unprocessable();
    // Not a Status error: ErrorToAPIStatus makes it a 500 with an empty reason.
    throw new ApiError({ message: e.message, code: 500 });
  }
}

/** `NewGenericServerResponse(422, …)`: the stock message, an empty `details`. */
function unprocessable(): ApiError {
  return new ApiError({
    message: 'the server rejected our request due to an error in our request',
    reason: 'Invalid',
    details: {},
    code: 422,
  });
}

/**
 * The JSON-patch library dereferences nil on a few inputs; a real server answers with a plain-text
 * 500 that clients turn into this message.
 */
function handlerPanic(): ApiError {
  const text = 'This request caused apiserver to panic. Look in the logs for details.';
  return new ApiError({
    message: `an error on the server (${JSON.stringify(text)}) has prevented the request from succeeding`,
    reason: 'InternalError',
    code: 500,
  });
}

/**
 * The checks of decoding the patched JSON into the typed object, then `checkName`: missing
 * kind/apiVersion come back from the stored object, as the decoder defaults them.
 */
function asPatchedObject(patched: unknown, original: KubeObject): KubeObject {
  const typeName = original.kind;
  if (!isJsonMap(patched)) {
    throw undecodable(
      patched,
      `couldn't get version/kind; json parse error: ${goTypeMismatch(patched, FIND_KIND_TYPE)}`,
    );
  }
  // Every mechanism above returns a fresh document, so it can be completed in place.
  const result: JsonMap = patched;
  for (const key of ['apiVersion', 'kind'] as const) {
    const value = result[key];
    if (value === undefined || value === null || value === '') result[key] = original[key];
    else if (typeof value !== 'string') {
      throw undecodable(
        patched,
        `couldn't get version/kind; json parse error: json: cannot unmarshal ${goJsonKind(value)} into Go struct field .${key} of type string`,
      );
    }
  }
  if (result.kind !== original.kind || result.apiVersion !== original.apiVersion) {
    throw undecodable(
      patched,
      `no kind ${goQuote(String(result.kind))} is registered for version ${goQuote(String(result.apiVersion))} in scheme "k8s.io/kubernetes/pkg/api/legacyscheme/scheme.go:30"`,
    );
  }
  const metadata = result.metadata ?? {};
  if (!isJsonMap(metadata)) {
    throw undecodable(
      patched,
      `json: cannot unmarshal ${goJsonKind(metadata)} into Go struct field ${typeName}.metadata of type v1.ObjectMeta`,
    );
  }
  result.metadata = metadata;
  for (const key of ['name', 'namespace'] as const) {
    const value = metadata[key];
    if (value !== undefined && value !== null && typeof value !== 'string') {
      throw undecodable(
        patched,
        `json: cannot unmarshal ${goJsonKind(value)} into Go struct field ObjectMeta.metadata.${key} of type string`,
      );
    }
  }
  const urlName = original.metadata.name ?? '';
  const urlNamespace = original.metadata.namespace ?? '';
  const name = (metadata.name as string | null | undefined) ?? '';
  const namespace = (metadata.namespace as string | null | undefined) ?? '';
  if (name !== urlName) {
    throw badRequest(
      `the name of the object (${name}) does not match the name on the URL (${urlName})`,
    );
  }
  if (urlNamespace !== '' && namespace !== '' && namespace !== urlNamespace) {
    throw badRequest(
      `the namespace of the object (${namespace}) does not match the namespace on the URL (${urlNamespace})`,
    );
  }
  // The update path fills an emptied namespace from the request before anything reads it.
  if (urlNamespace !== '' && namespace === '') metadata.namespace = urlNamespace;
  return result as KubeObject;
}

/** The anonymous struct the JSON serializer decodes first to find the kind. */
const FIND_KIND_TYPE =
  'struct { APIVersion string "json:\\"apiVersion,omitempty\\""; Kind string "json:\\"kind,omitempty\\"" }';

/** The 422 of a patched document that does not decode into the typed object. */
function undecodable(patched: unknown, detail: string): ApiError {
  const body = `Invalid value: ${goQuote(goJsonMarshal(patched))}: ${detail}`;
  return new ApiError({
    message: ` "" is invalid: patch: ${body}`,
    reason: 'Invalid',
    details: { causes: [{ reason: 'FieldValueInvalid', message: body, field: 'patch' }] },
    code: 422,
  });
}
