import { FsError, type FsErrorCode } from './file-system.js';

/**
 * A failure deep inside the filesystem code, before we know which path and syscall to blame.
 * The public `FileSystem` methods catch it and rethrow an `FsError` naming the caller's own
 * path, the way the kernel reports the path the program passed, not the one it resolved.
 */
export class FsFault extends Error {
  constructor(
    readonly code: FsErrorCode,
    /** Which operand is to blame for two-path calls (rename, link): 0 = first, 1 = second. */
    readonly operand: 0 | 1 = 0,
  ) {
    super(code);
  }
}

export function fault(code: FsErrorCode, operand: 0 | 1 = 0): FsFault {
  return new FsFault(code, operand);
}

/** Runs `body`, turning faults into `FsError`s that carry the caller's path and the syscall. */
export function asSyscall<T>(syscall: string, paths: readonly string[], body: () => T): T {
  try {
    return body();
  } catch (error) {
    if (error instanceof FsFault) {
      throw new FsError(error.code, paths[error.operand] ?? paths[0] ?? '', syscall);
    }
    throw error;
  }
}

/** Path components, without empty ones: `//a/./b/` → `['a', '.', 'b']`. */
export function splitPath(path: string): string[] {
  return path.split('/').filter((part) => part !== '');
}

export function joinPath(dir: string, name: string): string {
  return dir === '/' ? `/${name}` : `${dir}/${name}`;
}

/** `/a/b` → `/a`; `/a` → `/`. Only for canonical paths. */
export function parentPath(path: string): string {
  const cut = path.lastIndexOf('/');
  return cut <= 0 ? '/' : path.slice(0, cut);
}

/** True when `path` is `dir` or lies below it (both canonical). */
export function isWithin(path: string, dir: string): boolean {
  if (dir === '/') return true;
  return path === dir || path.startsWith(`${dir}/`);
}

const encoder = new TextEncoder();

export function toBytes(data: Uint8Array | string): Uint8Array {
  return typeof data === 'string' ? encoder.encode(data) : data;
}

/** `ls` sorts names by their bytes (C locale). */
export function byteOrder(names: Iterable<string>): string[] {
  const list = [...names];
  // UTF-16 order is UTF-8 byte order except around surrogate pairs (astral characters).
  if (!list.some((name) => /[\uD800-\uDFFF]/.test(name))) {
    return list.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  }
  const keyed = list.map((name) => ({ name, key: Buffer.from(name, 'utf8') }));
  keyed.sort((a, b) => Buffer.compare(a.key, b.key));
  return keyed.map((entry) => entry.name);
}
