/**
 * The errors of `k8s.io/apimachinery/pkg/util/strategicpatch` and `…/mergepatch`, with their
 * exact texts, and the HTTP class a real API server gives each (`interpretStrategicMergePatchError`
 * in `apiserver/pkg/endpoints/handlers/patch.go`).
 */

import { goString, goTypeString, goValue } from './go-format.js';

/**
 * - `bad-request`: one of mergepatch's "invalid … format" sentinels → 400 BadRequest.
 * - `unprocessable`: "lists of lists are not supported" → 422 with a generic message.
 * - `internal`: any other error is not a Status error → 500 with the error text.
 */
export type SmpErrorClass = 'bad-request' | 'unprocessable' | 'internal';

export class StrategicMergePatchError extends Error {
  readonly errorClass: SmpErrorClass;

  constructor(message: string, errorClass: SmpErrorClass = 'internal') {
    super(message);
    this.name = 'StrategicMergePatchError';
    this.errorClass = errorClass;
  }
}

export const badJsonDoc = (): StrategicMergePatchError =>
  new StrategicMergePatchError('invalid JSON document', 'bad-request');

export const badPrimitiveListFormat = (): StrategicMergePatchError =>
  new StrategicMergePatchError('invalid patch format of primitive list', 'bad-request');

export const badRetainKeysFormat = (): StrategicMergePatchError =>
  new StrategicMergePatchError('invalid patch format of retainKeys', 'bad-request');

export const badSetElementOrderFormat = (): StrategicMergePatchError =>
  new StrategicMergePatchError('invalid patch format of setElementOrder list', 'bad-request');

export const noListOfLists = (): StrategicMergePatchError =>
  new StrategicMergePatchError('lists of lists are not supported', 'unprocessable');

/** `mergepatch.ErrNoMergeKey`. */
export function noMergeKey(map: unknown, mergeKey: string): StrategicMergePatchError {
  return new StrategicMergePatchError(
    `map: ${goValue(map)} does not contain declared merge key: ${mergeKey}`,
  );
}

/** `mergepatch.ErrBadPatchType`: `$patch` with a value the context does not accept. */
export function badPatchType(directive: unknown, map: unknown): StrategicMergePatchError {
  return new StrategicMergePatchError(
    `unknown patch type: ${goString(directive)} in map: ${goValue(map)}`,
  );
}

/** `mergepatch.ErrBadArgType(expected, actual)` for the two shapes the patch code expects. */
export function badArgType(expected: 'map' | 'slice', actual: unknown): StrategicMergePatchError {
  const want = expected === 'map' ? 'map[string]interface {}' : '[]interface {}';
  return new StrategicMergePatchError(`expected a ${want}, but received a ${goTypeString(actual)}`);
}
