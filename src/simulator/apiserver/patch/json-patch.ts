/**
 * JSON patch (RFC 6902) as `gopkg.in/evanphx/json-patch.v4` v4.12.0 applies it for a Kubernetes
 * 1.32 API server (`kubectl patch --type json`). The library is not RFC-strict and its quirks are
 * visible to users, so they are kept: `replace` of a missing object key adds it, negative array
 * indexes count from the end, `copy` from a missing key copies `null`, a path's text before its
 * first `/` is ignored, and the error texts are the library's.
 */

import { goQuote } from './go-format.js';
import { GoJsonError, goJsonKind, goJsonMarshal, goTypeMismatch } from './go-json.js';
import {
  cloneJson,
  deleteOwn,
  getOwn,
  hasOwn,
  isJsonMap,
  type JsonMap,
  jsonEqual,
  setOwn,
} from './json-value.js';

/** A patch operation that could not be applied (the server answers 422). */
export class JsonPatchError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'JsonPatchError';
  }
}

/** An input on which the Go library dereferences a nil pointer (the server answers 500). */
export class JsonPatchPanic extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'JsonPatchPanic';
  }
}

/** One decoded operation (`null` is a valid array element: it has kind "unknown"). */
export type JsonPatchOperation = JsonMap | null;

/** The API server rejects larger patches with 413 (`maxJSONPatchOperations`). */
export const MAX_JSON_PATCH_OPERATIONS = 10000;

/** The API server's `JSONPatchMaxCopyBytes` default: 3 MiB of values added by `copy`. */
export const DEFAULT_COPY_SIZE_LIMIT = 3 * 1024 * 1024;

/**
 * `jsonpatch.DecodePatch` on an already decoded body: the operations, or a {@link GoJsonError}
 * with the Go decoder's message when the body is not an array of objects.
 */
export function decodeJsonPatch(body: unknown): JsonPatchOperation[] {
  if (body === null) return [];
  if (!Array.isArray(body)) throw new GoJsonError(goTypeMismatch(body, 'jsonpatch.Patch'));
  const bad = body.find((op) => op !== null && !isJsonMap(op));
  if (bad !== undefined) throw new GoJsonError(goTypeMismatch(bad, 'jsonpatch.Operation'));
  return body as JsonPatchOperation[];
}

type Container = JsonMap | unknown[];

interface PatchState {
  root: Container;
  copied: number;
  readonly copyLimit: number;
}

/**
 * Applies the operations in order to a copy of `doc` and returns it; any failure throws
 * {@link JsonPatchError} and leaves nothing half-applied.
 */
export function applyJsonPatch(
  doc: Container,
  operations: readonly JsonPatchOperation[],
  copyLimit = DEFAULT_COPY_SIZE_LIMIT,
): Container {
  const state: PatchState = { root: cloneJson(doc), copied: 0, copyLimit };
  for (const op of operations) {
    const kind = opKind(op);
    const apply = Object.hasOwn(OPERATIONS, kind) ? OPERATIONS[kind] : undefined;
    if (apply === undefined || op === null) throw new JsonPatchError(`Unexpected kind: ${kind}`);
    apply(state, op);
  }
  return state.root;
}

const OPERATIONS: Record<string, ((state: PatchState, op: JsonMap) => void) | undefined> = {
  add(state, op) {
    const path = field(op, 'path', () => 'add operation failed to decode path: missing value');
    const [con, key] = find(
      state,
      path,
      `add operation does not apply: doc is missing path: "${path}": missing value`,
    );
    wrap(`error in add for path: '${path}'`, () => add(con, key, operationValue(op)));
  },
  remove(state, op) {
    const path = field(op, 'path', () => 'remove operation failed to decode path: missing value');
    const [con, key] = find(
      state,
      path,
      `remove operation does not apply: doc is missing path: "${path}": missing value`,
    );
    wrap(`error in remove for path: '${path}'`, () => remove(con, key));
  },
  replace(state, op) {
    const path = field(op, 'path', (e) => `replace operation failed to decode path: ${e}`);
    if (path === '') {
      if (!hasOwn(op, 'value'))
        throw new JsonPatchPanic('replace of the whole document without a value');
      // Anything but an object or array is silently ignored (pkg/errors wraps a nil error).
      if (isJsonMap(op.value) || Array.isArray(op.value)) state.root = cloneJson(op.value);
      return;
    }
    const [con, key] = find(
      state,
      path,
      `replace operation does not apply: doc is missing path: ${path}: missing value`,
    );
    try {
      get(con, key);
    } catch {
      throw new JsonPatchError(
        `replace operation does not apply: doc is missing key: ${path}: missing value`,
      );
    }
    wrap(`error in remove for path: '${path}'`, () => set(con, key, operationValue(op)));
  },
  move(state, op) {
    const from = field(op, 'from', (e) => `move operation failed to decode from: ${e}`);
    const [src, srcKey] = find(
      state,
      from,
      `move operation does not apply: doc is missing from path: ${from}: missing value`,
    );
    const value = wrap(`error in move for path: '${srcKey}'`, () => get(src, srcKey));
    wrap(`error in move for path: '${srcKey}'`, () => remove(src, srcKey));
    const path = field(op, 'path', (e) => `move operation failed to decode path: ${e}`);
    const [dst, dstKey] = find(
      state,
      path,
      `move operation does not apply: doc is missing destination path: ${path}: missing value`,
    );
    wrap(`error in move for path: '${path}'`, () => add(dst, dstKey, value ?? null));
  },
  test(state, op) {
    const path = field(op, 'path', (e) => `test operation failed to decode path: ${e}`);
    const failed = new JsonPatchError(`testing value ${path} failed: test failed`);
    if (path === '') {
      if (!hasOwn(op, 'value'))
        throw new JsonPatchPanic('test of the whole document without a value');
      if (!jsonEqual(state.root, op.value)) throw failed;
      return;
    }
    const [con, key] = find(
      state,
      path,
      `test operation does not apply: is missing path: ${path}: missing value`,
    );
    const actual = wrap(`error in test for path: '${path}'`, () => get(con, key));
    if (actual === undefined || actual === null) {
      if (!hasOwn(op, 'value')) throw new JsonPatchPanic('test of a missing value without a value');
      if (op.value !== null) throw failed;
    } else if (!hasOwn(op, 'value') || !jsonEqual(actual, op.value)) {
      throw failed;
    }
  },
  copy(state, op) {
    const from = field(op, 'from', (e) => `copy operation failed to decode from: ${e}`);
    const [src, srcKey] = find(
      state,
      from,
      `copy operation does not apply: doc is missing from path: ${from}: missing value`,
    );
    const value = wrap(`error in copy for from: '${from}'`, () => get(src, srcKey)) ?? null;
    const path = field(op, 'path', () => 'copy operation failed to decode path: missing value');
    const [dst, dstKey] = find(
      state,
      path,
      `copy operation does not apply: doc is missing destination path: ${path}: missing value`,
    );
    // A missing source is a nil node in Go: it copies as null and counts zero bytes.
    state.copied += value === null ? 0 : Buffer.byteLength(goJsonMarshal(value));
    if (state.copyLimit > 0 && state.copied > state.copyLimit) {
      throw new JsonPatchError(
        `Unable to complete the copy, the accumulated size increase of copy is ${state.copied}, exceeding the limit ${state.copyLimit}`,
      );
    }
    wrap('error while adding value during copy', () => add(dst, dstKey, cloneJson(value)));
  },
};

function opKind(op: JsonPatchOperation): string {
  const kind = op === null ? undefined : getOwn(op, 'op');
  return typeof kind === 'string' ? kind : 'unknown';
}

/** A string member (`path`/`from`); `message` builds the error from Go's decode error. */
function field(op: JsonMap, name: 'path' | 'from', message: (cause: string) => string): string {
  const value = getOwn(op, name);
  if (typeof value === 'string') return value;
  const cause =
    value === undefined || value === null
      ? name === 'path'
        ? 'operation missing path field: missing value'
        : 'operation, missing from field: missing value'
      : `json: cannot unmarshal ${goJsonKind(value)} into Go value of type string`;
  throw new JsonPatchError(message(cause));
}

/** The operation's value, copied; an absent value is a nil node, which marshals as null. */
function operationValue(op: JsonMap): unknown {
  return hasOwn(op, 'value') ? cloneJson(op.value) : null;
}

function wrap<T>(context: string, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof JsonPatchError) throw new JsonPatchError(`${context}: ${e.message}`);
    throw e;
  }
}

/** RFC 6901 unescaping in one pass: `~1` → `/`, then `~0` → `~`. */
function decodeKey(token: string): string {
  return token.replace(/~[01]/g, (m) => (m === '~1' ? '/' : '~'));
}

/** `findObject`: the container holding the path's last token, and that token. */
function find(state: PatchState, path: string, missing: string): [Container, string] {
  const tokens = path.split('/');
  if (tokens.length < 2) throw new JsonPatchError(missing);
  let doc: Container = state.root;
  for (const token of tokens.slice(1, -1)) {
    let next: unknown;
    try {
      next = get(doc, decodeKey(token));
    } catch {
      throw new JsonPatchError(missing);
    }
    if (!isJsonMap(next) && !Array.isArray(next)) throw new JsonPatchError(missing);
    doc = next;
  }
  return [doc, decodeKey(tokens[tokens.length - 1] ?? '')];
}

function invalidIndex(idx: bigint): JsonPatchError {
  return new JsonPatchError(`Unable to access invalid index: ${idx}: invalid index referenced`);
}

/** An array position in range, negative indexes counting from `length`. */
function resolveIndex(idx: bigint, length: number): number {
  const len = BigInt(length);
  if (idx < 0n) {
    if (idx < -len) throw invalidIndex(idx);
    idx += len;
  }
  if (idx >= len) throw invalidIndex(idx);
  return Number(idx);
}

function get(con: Container, key: string): unknown {
  if (!Array.isArray(con)) return getOwn(con, key);
  return con[resolveIndex(atoi(key), con.length)];
}

function set(con: Container, key: string, value: unknown): void {
  if (!Array.isArray(con)) setOwn(con, key, value);
  else con[resolveIndex(atoi(key), con.length)] = value;
}

function add(con: Container, key: string, value: unknown): void {
  if (!Array.isArray(con)) {
    setOwn(con, key, value);
    return;
  }
  if (key === '-') {
    con.push(value);
    return;
  }
  let idx: bigint;
  try {
    idx = atoi(key);
  } catch (e) {
    throw new JsonPatchError(
      `value was not a proper array index: '${key}': ${(e as Error).message}`,
    );
  }
  // Inserting at `length` is allowed: resolve against the grown array.
  con.splice(resolveIndex(idx, con.length + 1), 0, value);
}

function remove(con: Container, key: string): void {
  if (!Array.isArray(con)) {
    if (!hasOwn(con, key)) {
      throw new JsonPatchError(`Unable to remove nonexistent key: ${key}: missing value`);
    }
    deleteOwn(con, key);
    return;
  }
  con.splice(resolveIndex(atoi(key), con.length), 1);
}

/** Go's `strconv.Atoi` on a 64-bit platform, with its error texts. */
function atoi(s: string): bigint {
  const err = (why: string) => new JsonPatchError(`strconv.Atoi: parsing ${goQuote(s)}: ${why}`);
  const signed = s.startsWith('-') || s.startsWith('+');
  const digits = signed ? s.slice(1) : s;
  if (digits === '') throw err('invalid syntax');
  const limit = s.startsWith('-') ? 2n ** 63n : 2n ** 63n - 1n;
  let n = 0n;
  for (const ch of digits) {
    if (ch < '0' || ch > '9') throw err('invalid syntax');
    n = n * 10n + BigInt(ch.charCodeAt(0) - 48);
    // ParseUint reports overflow as soon as it happens, before any later bad character.
    if (n > 2n ** 64n - 1n) throw err('value out of range');
  }
  if (n > limit) throw err('value out of range');
  return s.startsWith('-') ? -n : n;
}
