/**
 * Element order of merged lists in a strategic merge patch, as `strategicpatch` computes it
 * (`normalizeElementOrder`, `mergeSortedSlice`, `partition*ByPresentInList`,
 * `validatePatchWithSetOrderList`). Order is user-visible: `kubectl apply` relies on it to keep
 * containers where the manifest puts them, and a lone new element lands *first*.
 */

import { type GoJsonType, goJsonType, goValue } from './go-format.js';
import { getOwn, goEqual, hasOwn, isJsonMap } from './json-value.js';
import { badArgType, noListOfLists, noMergeKey, StrategicMergePatchError } from './smp-errors.js';

const DIRECTIVE = '$patch';
const MAP: GoJsonType = 'map[string]interface {}';

/**
 * `sliceElementType`: the one Go type shared by every element of the given lists. Errors when
 * types differ, when the first element is itself a list, or when all lists are empty.
 */
export function sliceElementKind(...lists: readonly (readonly unknown[])[]): GoJsonType {
  let kind: GoJsonType | undefined;
  for (const list of lists) {
    for (const item of list) {
      const t = goJsonType(item);
      if (kind === undefined) {
        kind = t;
        if (t === '[]interface {}') throw noListOfLists();
      } else if (t !== kind) {
        throw new StrategicMergePatchError(
          `list element types are not identical: ${goValue(lists)}`,
        );
      }
    }
  }
  if (kind === undefined) {
    throw new StrategicMergePatchError('no elements in any of the given slices');
  }
  return kind;
}

export function isMapKind(kind: GoJsonType): boolean {
  return kind === MAP;
}

/** `findMapInSliceBasedOnKeyValue`: the first map whose `key` equals `value` (Go `==`). */
export function findMapIndex(list: readonly unknown[], key: string, value: unknown): number {
  for (const [i, item] of list.entries()) {
    if (!isJsonMap(item)) throw new StrategicMergePatchError(`value for key ${i} is not a map`);
    if (hasOwn(item, key) && goEqual(item[key], value)) return i;
  }
  return -1;
}

/** Splits list elements of a map list into (`$patch: delete` items excluded, delete items). */
export function extractToDeleteItems(list: readonly unknown[]): [unknown[], unknown[]] {
  const keep: unknown[] = [];
  const toDelete: unknown[] = [];
  for (const item of list) {
    if (!isJsonMap(item)) throw badArgType('map', item);
    if (getOwn(item, DIRECTIVE) === 'delete') toDelete.push(item);
    else keep.push(item);
  }
  return [keep, toDelete];
}

export function containsDirectiveMarker(item: unknown): boolean {
  return isJsonMap(item) && hasOwn(item, DIRECTIVE);
}

/** `partitionPrimitivesByPresentInList`: (items present in `by`, the others). */
export function partitionPrimitives(
  list: readonly unknown[],
  by: readonly unknown[],
): [unknown[], unknown[]] {
  const inBy = new Set(by.map((v) => v ?? null));
  const present: unknown[] = [];
  const others: unknown[] = [];
  for (const item of list) (inBy.has(item ?? null) ? present : others).push(item);
  return [present, others];
}

/** `partitionMapsByPresentInList`: maps whose merge key value also occurs in `by`, then the rest. */
export function partitionMaps(
  list: readonly unknown[],
  by: readonly unknown[],
  mergeKey: string,
): [unknown[], unknown[]] {
  const present: unknown[] = [];
  const others: unknown[] = [];
  for (const item of list) {
    if (!isJsonMap(item)) throw badArgType('map', item);
    if (!hasOwn(item, mergeKey)) throw noMergeKey(item, mergeKey);
    (findMapIndex(by, mergeKey, item[mergeKey]) >= 0 ? present : others).push(item);
  }
  return [present, others];
}

/** `mergeKeyValueEqual`: Go `==` for scalars, or equality of the merge key of two maps. */
function mergeKeyValueEqual(left: unknown, right: unknown, mergeKey: string): boolean {
  if (mergeKey === '') return goEqual(left, right);
  if (!isJsonMap(left)) throw badArgType('map', left);
  if (!isJsonMap(right)) throw badArgType('map', right);
  if (!hasOwn(left, mergeKey)) throw noMergeKey(left, mergeKey);
  if (!hasOwn(right, mergeKey)) throw noMergeKey(right, mergeKey);
  return goEqual(left[mergeKey], right[mergeKey]);
}

/**
 * The patch list's (non-deleting) elements must appear in `$setElementOrder/<field>` in the same
 * relative order.
 */
export function validatePatchWithSetOrderList(
  patchList: readonly unknown[],
  setOrder: readonly unknown[],
  mergeKey: string,
): void {
  if (setOrder.length === 0 || patchList.length === 0) return;
  const nonDelete = mergeKey === '' ? patchList : extractToDeleteItems(patchList)[0];
  let p = 0;
  let s = 0;
  while (p < nonDelete.length && s < setOrder.length) {
    if (containsDirectiveMarker(nonDelete[p])) {
      p++;
      continue;
    }
    if (mergeKeyValueEqual(nonDelete[p], setOrder[s], mergeKey)) p++;
    s++;
  }
  if (p < nonDelete.length && s >= setOrder.length) {
    throw new StrategicMergePatchError(
      `The order in patch list:\n${goValue(patchList)}\n doesn't match $setElementOrder list:\n${goValue(setOrder)}\n`,
    );
  }
}

/** `index`: position of `value` in `list`, by merge key for maps, by Go `==` otherwise. */
function indexIn(
  list: readonly unknown[],
  value: unknown,
  mergeKey: string,
  kind: GoJsonType,
): number {
  const keyOf = isMapKind(kind)
    ? (item: unknown) => (isJsonMap(item) ? getOwn(item, mergeKey) : undefined)
    : (item: unknown) => item;
  const wanted = keyOf(value);
  return list.findIndex((item) => goEqual(keyOf(item), wanted));
}

/**
 * `normalizeSliceOrder`: a stable sort of `toSort` by position in `order` (an item missing from
 * `order` counts as "less", as in Go); `$patch: delete` items go last. Go's `sort.SliceStable` is
 * an insertion sort for lists of up to 20 items; an insertion sort with the same `less` is used
 * for all sizes, which gives Go's result whenever the order is consistent.
 */
function normalizeSliceOrder(
  toSort: readonly unknown[],
  order: readonly unknown[],
  mergeKey: string,
  kind: GoJsonType,
): unknown[] {
  let items = [...toSort];
  let toDelete: unknown[] = [];
  if (isMapKind(kind)) {
    for (const item of [...toSort, ...order]) {
      if (!isJsonMap(item)) throw badArgType('map', item);
      if (!hasOwn(item, mergeKey)) throw noMergeKey(item, mergeKey);
    }
    [items, toDelete] = extractToDeleteItems(items);
  }
  const less = (a: unknown, b: unknown): boolean => {
    const ia = indexIn(order, a, mergeKey, kind);
    const ib = ia >= 0 ? indexIn(order, b, mergeKey, kind) : -1;
    return ia >= 0 && ib >= 0 ? ia < ib : true;
  };
  for (let i = 1; i < items.length; i++) {
    for (let j = i; j > 0 && less(items[j], items[j - 1]); j--) {
      [items[j], items[j - 1]] = [items[j - 1], items[j]];
    }
  }
  return [...items, ...toDelete];
}

/**
 * Sorts patch items by `patchOrder` and server-only items by `serverOrder`, then interleaves them:
 * a server-only item goes first only if both it and the next patch item are in `serverOrder` and
 * it came earlier there.
 */
export function normalizeElementOrder(
  patch: readonly unknown[],
  serverOnly: readonly unknown[],
  patchOrder: readonly unknown[],
  serverOrder: readonly unknown[],
  mergeKey: string,
  kind: GoJsonType,
): unknown[] {
  const right = normalizeSliceOrder(patch, patchOrder, mergeKey, kind);
  const left = normalizeSliceOrder(serverOnly, serverOrder, mergeKey, kind);
  const out: unknown[] = [];
  let i = 0;
  let j = 0;
  while (i < left.length || j < right.length) {
    if (i >= left.length) out.push(right[j++]);
    else if (j >= right.length) out.push(left[i++]);
    else {
      const li = indexIn(serverOrder, left[i], mergeKey, kind);
      const ri = indexIn(serverOrder, right[j], mergeKey, kind);
      if (li >= 0 && ri >= 0 && li < ri) out.push(left[i++]);
      else out.push(right[j++]);
    }
  }
  return out;
}
