/**
 * Strategic merge patch, applied the way a Kubernetes 1.32 API server applies it:
 * `strategicpatch.StrategicMergeMapPatch` with `MergeParallelList` and `IgnoreUnmatchedNulls`
 * (k8s.io/apimachinery v0.32). `kubectl apply` sends these patches, so every directive and
 * every ordering rule is reproduced, including the library's quirks (a patch element that only
 * adds lands first; a map carrying `$patch` under a new key vanishes).
 *
 * Two things cannot be told apart after `JSON.parse` and are treated as Go would treat the
 * integral form: `53` and `53.0` (Go keeps the second as float64, so it never equals a merge key
 * of 53). When a patch holds both `<field>` and `$deleteFromPrimitiveList/<field>`, Go processes
 * them in random map order; here they are processed in the patch's key order.
 */

import { goJsonType } from './go-format.js';
import {
  cloneJson,
  deleteOwn,
  getOwn,
  goEqual,
  hasOwn,
  isJsonMap,
  type JsonMap,
  setOwn,
} from './json-value.js';
import { fieldPatchMeta, type ResolvedFieldMeta, type SchemaNode } from './patch-schema.js';
import {
  badArgType,
  badJsonDoc,
  badPatchType,
  badPrimitiveListFormat,
  badRetainKeysFormat,
  badSetElementOrderFormat,
  noMergeKey,
  StrategicMergePatchError,
} from './smp-errors.js';
import {
  findMapIndex,
  isMapKind,
  normalizeElementOrder,
  partitionMaps,
  partitionPrimitives,
  sliceElementKind,
  validatePatchWithSetOrderList,
} from './smp-order.js';
import { deduplicateScalars, removeDirectives, takePatchValue } from './smp-values.js';

export { StrategicMergePatchError } from './smp-errors.js';

const DIRECTIVE = '$patch';
const RETAIN_KEYS = '$retainKeys';
const DELETE_FROM_PRIMITIVE_LIST = '$deleteFromPrimitiveList';
const SET_ELEMENT_ORDER = '$setElementOrder';

/**
 * Applies `patch` to `original` (both decoded JSON objects; neither is modified) and returns the
 * merged object. `patch === null` (a JSON `null` body) leaves the original as it is. Throws
 * {@link StrategicMergePatchError} with the library's exact text.
 */
export function applyStrategicMergePatch(
  original: unknown,
  patch: unknown,
  schema: SchemaNode,
): unknown {
  if (!isJsonMap(original)) throw badJsonDoc();
  if (patch === null) return cloneJson(original);
  if (!isJsonMap(patch)) throw badJsonDoc();
  // The Go code mutates both maps as it goes; work on copies so callers keep theirs.
  return mergeMap(cloneJson(original), cloneJson(patch), schema);
}

function mergeMap(original: JsonMap, patch: JsonMap, schema: SchemaNode): JsonMap {
  if (hasOwn(patch, DIRECTIVE)) {
    const directive = patch[DIRECTIVE];
    if (directive === 'replace') {
      deleteOwn(patch, DIRECTIVE);
      return patch;
    }
    if (directive === 'delete') return {};
    throw badPatchType(directive, patch);
  }

  applyRetainKeysDirective(original, patch);
  mergeSetElementOrderLists(original, patch, schema);

  for (const [patchKey, patchV] of Object.entries(patch)) {
    let key = patchKey;
    const isDeleteList = patchKey.startsWith(DELETE_FROM_PRIMITIVE_LIST);
    if (isDeleteList) key = extractKey(patchKey, DELETE_FROM_PRIMITIVE_LIST);

    if (patchV === null) {
      // IgnoreUnmatchedNulls: a null deletes the key, and is dropped when there is nothing to delete.
      deleteOwn(original, key);
      continue;
    }
    if (!hasOwn(original, key) || goJsonType(original[key]) !== goJsonType(patchV)) {
      // A new key, or a value of another type: the patch value wins, cleaned of directives.
      if (!isDeleteList) takePatchValue(original, key, patchV);
      continue;
    }
    const originalV = original[key];
    if (isJsonMap(originalV) && isJsonMap(patchV)) {
      const meta = fieldPatchMeta(schema, key);
      setOwn(
        original,
        key,
        meta.strategy === 'replace' ? patchV : mergeMap(originalV, patchV, meta.schema),
      );
    } else if (Array.isArray(originalV) && Array.isArray(patchV)) {
      setOwn(
        original,
        key,
        mergeSliceHandler(originalV, patchV, fieldPatchMeta(schema, key), isDeleteList),
      );
    } else {
      // Two scalars of one type (Go does this even for a `$deleteFromPrimitiveList/` key).
      setOwn(original, key, patchV);
    }
  }
  return original;
}

/** `<prefix>/<field>` → `<field>`; anything else with the prefix is a malformed directive. */
function extractKey(key: string, prefix: string): string {
  const slash = key.indexOf('/');
  if (slash < 0 || key.slice(0, slash) !== prefix) {
    throw prefix === SET_ELEMENT_ORDER ? badSetElementOrderFormat() : badPrimitiveListFormat();
  }
  return key.slice(slash + 1);
}

/**
 * `$retainKeys: [..]`: every non-null key of the patch must be listed, and every key of the
 * original that is not listed is cleared before the merge.
 */
function applyRetainKeysDirective(original: JsonMap, patch: JsonMap): void {
  if (!hasOwn(patch, RETAIN_KEYS)) return;
  const list = patch[RETAIN_KEYS];
  deleteOwn(patch, RETAIN_KEYS);
  if (!Array.isArray(list)) throw badRetainKeysFormat();
  const retained = new Set<unknown>(list);
  for (const [k, v] of Object.entries(patch)) {
    if (v === null || k.startsWith(DELETE_FROM_PRIMITIVE_LIST) || k.startsWith(SET_ELEMENT_ORDER)) {
      continue;
    }
    if (!retained.has(k)) throw badRetainKeysFormat();
  }
  for (const k of Object.keys(original)) {
    if (!retained.has(k)) deleteOwn(original, k);
  }
}

/**
 * `mergePatchIntoOriginal`: each `$setElementOrder/<field>` merges `<field>` right away and
 * orders the result: `$setElementOrder` order first, then the live object's order.
 */
function mergeSetElementOrderLists(original: JsonMap, patch: JsonMap, schema: SchemaNode): void {
  for (const key of Object.keys(patch)) {
    if (!key.startsWith(SET_ELEMENT_ORDER) || !hasOwn(patch, key)) continue;
    const setOrder = patch[key];
    deleteOwn(patch, key);
    if (!Array.isArray(setOrder)) throw badArgType('slice', setOrder);
    const field = extractKey(key, SET_ELEMENT_ORDER);

    const foundOriginal = hasOwn(original, field);
    const foundPatch = hasOwn(patch, field);
    const originalList = getOwn(original, field);
    const patchList = getOwn(patch, field);
    if (foundOriginal && !Array.isArray(originalList)) throw badArgType('slice', originalList);
    if (foundPatch && !Array.isArray(patchList)) throw badArgType('slice', patchList);
    const originalItems: unknown[] = Array.isArray(originalList) ? originalList : [];
    const patchItems: unknown[] = Array.isArray(patchList) ? patchList : [];

    const meta = fieldPatchMeta(schema, field);
    validatePatchWithSetOrderList(patchItems, setOrder, meta.mergeKey);

    let merged: unknown[];
    if (foundOriginal && foundPatch)
      merged = mergeSliceHandler(originalItems, patchItems, meta, false);
    else if (foundOriginal) merged = originalItems;
    else if (foundPatch) merged = removeDirectives(patchItems)[0] as unknown[];
    else continue;

    const [inOrder, serverOnly] =
      meta.mergeKey === ''
        ? partitionPrimitives(merged, setOrder)
        : partitionMaps(merged, setOrder, meta.mergeKey);
    const kind = sliceElementKind(originalItems, patchItems);
    setOwn(
      original,
      field,
      normalizeElementOrder(inOrder, serverOnly, setOrder, originalItems, meta.mergeKey, kind),
    );
    deleteOwn(patch, field);
  }
}

/** Lists merge only under the `merge` strategy (or as a deletion list); otherwise the patch wins. */
function mergeSliceHandler(
  original: unknown[],
  patch: unknown[],
  meta: ResolvedFieldMeta,
  isDeleteList: boolean,
): unknown[] {
  if (meta.strategy !== 'merge' && !isDeleteList) return patch;
  return mergeSlice(original, patch, meta.schema, meta.mergeKey, isDeleteList);
}

function mergeSlice(
  originalIn: unknown[],
  patchIn: unknown[],
  elementSchema: SchemaNode,
  mergeKey: string,
  isDeleteList: boolean,
): unknown[] {
  if (originalIn.length === 0 && patchIn.length === 0) return originalIn;
  const kind = sliceElementKind(originalIn, patchIn);
  let original = originalIn;
  let patch = patchIn;
  let merged: unknown[];

  if (!isMapKind(kind)) {
    if (isDeleteList) return original.filter((v) => !patch.some((d) => goEqual(d, v)));
    merged = deduplicateScalars([...original, ...patch]);
  } else {
    if (mergeKey === '') {
      throw new StrategicMergePatchError(
        `cannot merge lists without merge key for ${elementSchema.kind}`,
      );
    }
    [original, patch] = mergeSliceWithSpecialElements(original, patch, mergeKey);
    merged = mergeSliceWithoutSpecialElements(original, patch, mergeKey, elementSchema);
  }

  const [inPatch, serverOnly] =
    mergeKey === '' ? partitionPrimitives(merged, patch) : partitionMaps(merged, patch, mergeKey);
  return normalizeElementOrder(inPatch, serverOnly, patch, original, mergeKey, kind);
}

/**
 * Elements with `$patch`: `delete` removes every original element with that merge key,
 * `replace` makes the list exactly the other patch elements, `merge` is not implemented upstream.
 */
function mergeSliceWithSpecialElements(
  original: unknown[],
  patch: unknown[],
  mergeKey: string,
): [unknown[], unknown[]] {
  let remaining = original;
  const plain: unknown[] = [];
  let replace = false;
  for (const item of patch) {
    const element = item as JsonMap;
    if (!hasOwn(element, DIRECTIVE)) {
      plain.push(element);
      continue;
    }
    const directive = element[DIRECTIVE];
    if (directive === 'delete') {
      if (!hasOwn(element, mergeKey)) throw noMergeKey(element, mergeKey);
      const value = element[mergeKey];
      remaining = remaining.filter((o) => {
        const other = o as JsonMap;
        return !(hasOwn(other, mergeKey) && goEqual(other[mergeKey], value));
      });
    } else if (directive === 'replace') {
      replace = true;
    } else if (directive === 'merge') {
      throw new StrategicMergePatchError('merging lists cannot yet be specified in the patch');
    } else {
      throw badPatchType(directive, element);
    }
  }
  return replace ? [plain, []] : [remaining, plain];
}

/** Each patch element merges into the first element with its merge key, or is appended. */
function mergeSliceWithoutSpecialElements(
  original: readonly unknown[],
  patch: readonly unknown[],
  mergeKey: string,
  elementSchema: SchemaNode,
): unknown[] {
  const merged = [...original];
  for (const item of patch) {
    const element = item as JsonMap;
    if (!hasOwn(element, mergeKey)) throw noMergeKey(element, mergeKey);
    // Appended elements are searched too: a second patch element with the same key merges into
    // the first one, as in Go.
    const at = findMapIndex(merged, mergeKey, element[mergeKey]);
    if (at >= 0) merged[at] = mergeMap(merged[at] as JsonMap, element, elementSchema);
    else merged.push(element);
  }
  return merged;
}
