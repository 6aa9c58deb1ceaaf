/**
 * JSON merge patch (RFC 7386) as `gopkg.in/evanphx/json-patch.v4` `MergePatch` applies it for a
 * Kubernetes API server (`kubectl label/annotate/scale`, `kubectl patch --type merge`).
 *
 * Objects merge recursively, `null` deletes a key, anything else — arrays included — replaces.
 * Library details kept: nulls are pruned from an inserted value's maps but kept as list items,
 * and a value replacing a non-object keeps the nulls of a list that replaces an object.
 */

import { cloneJson, deleteOwn, getOwn, isJsonMap, type JsonMap, setOwn } from './json-value.js';

/** The library's `ErrBadJSONPatch`: the patch is not an object or an array. */
export class JsonMergePatchError extends Error {
  constructor(message = 'Invalid JSON Patch') {
    super(message);
    this.name = 'JsonMergePatchError';
  }
}

/**
 * Applies `patch` (decoded JSON) to the object `doc`; neither is modified. An array patch
 * replaces the document (with nulls pruned from maps inside it); `null` or another scalar
 * throws {@link JsonMergePatchError}.
 */
export function applyJsonMergePatch(doc: JsonMap, patch: unknown): unknown {
  if (Array.isArray(patch)) return pruneArrayNulls(cloneJson(patch));
  if (!isJsonMap(patch)) throw new JsonMergePatchError();
  const result = cloneJson(doc);
  mergeDocs(result, cloneJson(patch));
  return result;
}

function mergeDocs(doc: JsonMap, patch: JsonMap): void {
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) {
      deleteOwn(doc, key);
      continue;
    }
    const current = getOwn(doc, key);
    if (current === undefined || current === null) {
      pruneNulls(value);
      setOwn(doc, key, value);
    } else {
      setOwn(doc, key, merge(current, value));
    }
  }
}

function merge(current: unknown, patch: unknown): unknown {
  if (!isJsonMap(current)) {
    pruneNulls(patch);
    return patch;
  }
  if (!isJsonMap(patch)) return patch;
  mergeDocs(current, patch);
  return current;
}

function pruneNulls(value: unknown): void {
  if (isJsonMap(value)) pruneDocNulls(value);
  else if (Array.isArray(value)) pruneArrayNulls(value);
}

function pruneDocNulls(doc: JsonMap): JsonMap {
  for (const [key, value] of Object.entries(doc)) {
    if (value === null) deleteOwn(doc, key);
    else pruneNulls(value);
  }
  return doc;
}

/** Null items stay (they are values, not deletions); maps inside lose their null keys. */
function pruneArrayNulls(list: unknown[]): unknown[] {
  for (const item of list) if (item !== null) pruneNulls(item);
  return list;
}
