/**
 * Safe access to decoded JSON objects. Patch bodies come from clients, and a key such as
 * `__proto__` must stay an ordinary own property instead of reaching the object's prototype.
 */

export type JsonMap = Record<string, unknown>;

export function isJsonMap(value: unknown): value is JsonMap {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function hasOwn(map: JsonMap, key: string): boolean {
  return Object.hasOwn(map, key);
}

/** The own value at `key`, `undefined` when absent (never an inherited property). */
export function getOwn(map: JsonMap, key: string): unknown {
  return Object.hasOwn(map, key) ? map[key] : undefined;
}

export function setOwn(map: JsonMap, key: string, value: unknown): void {
  Object.defineProperty(map, key, { value, enumerable: true, writable: true, configurable: true });
}

export function deleteOwn(map: JsonMap, key: string): void {
  if (Object.hasOwn(map, key)) delete map[key];
}

/** A deep copy that keeps `__proto__` keys as own properties (structuredClone does). */
export function cloneJson<T>(value: T): T {
  return structuredClone(value);
}

/**
 * Go's `==` on two decoded JSON values (`interface{}`): scalars by value and type, `nil` equal to
 * `nil`. Maps and slices are not comparable in Go (it panics); here they are equal only to
 * themselves.
 */
export function goEqual(a: unknown, b: unknown): boolean {
  return (a ?? null) === (b ?? null);
}

/** Deep structural equality of JSON values (key order does not matter). */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) {
    return Array.isArray(b) && a.length === b.length && a.every((v, i) => jsonEqual(v, b[i]));
  }
  if (isJsonMap(a)) {
    if (!isJsonMap(b)) return false;
    const keys = Object.keys(a);
    return (
      keys.length === Object.keys(b).length &&
      keys.every((k) => hasOwn(b, k) && jsonEqual(a[k], b[k]))
    );
  }
  return false;
}
