/**
 * The typed decode of a patched object, with the errors `apiserver/pkg/endpoints/handlers/patch.go`
 * (1.32) gives it. A create or update that meets an unknown field answers 400 `Pod in version "v1"
 * cannot be handled as a Pod: strict decoding error: …`; a PATCH does not: the patch handler wraps
 * the decode error into a 422 on the field `patch`, with no kind and no name, so kubectl prints
 * `The request is invalid: patch: Invalid value: "…": strict decoding error: unknown field "…"`.
 */

import {
  decodeModel,
  strictDecodingMessage,
  unknownFieldMessage,
} from '../../admission/strict-decoding.js';
import type { KubeObject } from '../../kube-object.js';
import { mediaType } from '../http/content-type.js';
import { STRATEGIC_MERGE_PATCH } from '../patch/apply-patch.js';
import { goQuote, goValue } from '../patch/go-format.js';
import { goJsonDecode, goJsonMarshal } from '../patch/go-json.js';
import type { ResourceInfo } from '../resources.js';
import { ApiError } from '../status.js';
import { decodeFields, type FieldValidation } from './field-validation.js';

/**
 * Decodes `patched` (the stored object with `body` applied) as the resource's type under
 * `mode`. Unknown fields under Strict, and decode errors of JSON and merge patches, are the
 * patch handler's 422; everything else is left to {@link decodeFields}.
 */
export function decodePatchedFields(
  info: ResourceInfo,
  patched: KubeObject,
  mode: FieldValidation,
  contentType: string,
  body: Buffer,
) {
  const strategic = mediaType(contentType) === STRATEGIC_MERGE_PATCH;
  const { unknown, typeErrors } = decodeModel(
    info.kind,
    // JSON and merge patches decode the patched document as json.Marshal wrote it: keys sorted.
    strategic ? patched : JSON.parse(goJsonMarshal(patched)),
  );
  if (strategic) {
    // `applyPatchToObject`: the value shown is the patch itself, printed with `%+v`; the
    // unstructured converter sorts its unknown-field errors by their text.
    if (typeErrors.length === 0 && unknown.length > 0 && mode === 'Strict') {
      const sorted = unknown.map(unknownFieldMessage).sort();
      throw patchInvalid(
        goValue(goJsonDecode(body)),
        `strict decoding error: ${sorted.join(', ')}`,
      );
    }
  } else {
    // `jsonPatcher.applyPatchToCurrentObject`: the value shown is the whole patched document.
    const decodeError = typeErrors[0];
    if (decodeError !== undefined) throw patchInvalid(goJsonMarshal(patched), decodeError);
    if (unknown.length > 0 && mode === 'Strict') {
      throw patchInvalid(goJsonMarshal(patched), strictDecodingMessage(unknown));
    }
  }
  return decodeFields(info, patched, mode);
}

/** `errors.NewInvalid(schema.GroupKind{}, "", {field.Invalid(patch, value, detail)})`. */
function patchInvalid(value: string, detail: string): ApiError {
  const body = `Invalid value: ${goQuote(value)}: ${detail}`;
  return new ApiError({
    message: ` "" is invalid: patch: ${body}`,
    reason: 'Invalid',
    details: { causes: [{ reason: 'FieldValueInvalid', message: body, field: 'patch' }] },
    code: 422,
  });
}
