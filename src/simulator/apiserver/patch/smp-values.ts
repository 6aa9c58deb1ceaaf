/**
 * How strategic merge patch cleans values it takes from a patch as they are (`removeDirectives`,
 * `discardNullValuesFromPatch`) and merges scalar sets (`deduplicateScalars`).
 */

import { deleteOwn, goEqual, hasOwn, isJsonMap, type JsonMap, setOwn } from './json-value.js';

const DIRECTIVE = '$patch';

/** A patch value taken as is: nulls inside are discarded, then every map with `$patch` removed. */
export function takePatchValue(target: JsonMap, key: string, patchV: unknown): void {
  discardNullValues(patchV);
  const [value, keep] = removeDirectives(patchV);
  if (keep) setOwn(target, key, value);
  else deleteOwn(target, key);
}

function discardNullValues(value: unknown): void {
  if (Array.isArray(value)) {
    for (const item of value) discardNullValues(item);
  } else if (isJsonMap(value)) {
    for (const [k, v] of Object.entries(value)) {
      if (v === null) deleteOwn(value, k);
      else discardNullValues(v);
    }
  }
}

/** `removeDirectives`: a map holding `$patch` disappears (from its parent map or list). */
export function removeDirectives(value: unknown): [unknown, boolean] {
  if (Array.isArray(value)) {
    const out: unknown[] = [];
    for (const item of value) {
      const [v, keep] = removeDirectives(item);
      if (keep) out.push(v);
    }
    return [out, true];
  }
  if (isJsonMap(value)) {
    if (hasOwn(value, DIRECTIVE)) return [null, false];
    for (const [k, v] of Object.entries(value)) {
      const [nv, keep] = removeDirectives(v);
      if (keep) setOwn(value, k, nv);
      else deleteOwn(value, k);
    }
  }
  return [value, true];
}

/** `deduplicateScalars`: Go's in-place algorithm (a duplicate is replaced by the last element). */
export function deduplicateScalars(list: unknown[]): unknown[] {
  const s = [...list];
  let last = s.length - 1;
  for (let i = 0; i < last; i++) {
    for (let j = i + 1; j <= last; j++) {
      if (goEqual(s[i], s[j])) {
        s[j] = s[last];
        s.length = last;
        last--;
        j--;
      }
    }
  }
  return s;
}
