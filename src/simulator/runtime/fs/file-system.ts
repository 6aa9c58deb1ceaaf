/**
 * The filesystem a simulated process sees: one container's root with its volume mounts.
 * Synchronous on purpose — everything lives in memory, and shell builtins and commands read
 * and write many small files; an async API would cost a promise per `echo >>`.
 *
 * Errors are `FsError`s carrying a POSIX code; commands turn them into the exact message of
 * the real tool (`cat: can't open '/x': No such file or directory` in busybox,
 * `cat: /x: No such file or directory` in coreutils).
 */

export type FsErrorCode =
  | 'ENOENT'
  | 'EEXIST'
  | 'ENOTDIR'
  | 'EISDIR'
  | 'ENOTEMPTY'
  | 'EROFS'
  | 'EACCES'
  | 'ELOOP'
  | 'EINVAL'
  | 'EXDEV'
  | 'ENOSPC'
  | 'EBUSY'
  /** link(2) of a directory. */
  | 'EPERM';

/** strerror(3) texts, as glibc and musl print them. */
export const FS_ERROR_TEXT: Record<FsErrorCode, string> = {
  ENOENT: 'No such file or directory',
  EEXIST: 'File exists',
  ENOTDIR: 'Not a directory',
  EISDIR: 'Is a directory',
  ENOTEMPTY: 'Directory not empty',
  EROFS: 'Read-only file system',
  EACCES: 'Permission denied',
  ELOOP: 'Too many levels of symbolic links',
  EINVAL: 'Invalid argument',
  EXDEV: 'Invalid cross-device link',
  ENOSPC: 'No space left on device',
  EBUSY: 'Resource busy',
  EPERM: 'Operation not permitted',
};

export class FsError extends Error {
  constructor(
    readonly code: FsErrorCode,
    readonly path: string,
    readonly syscall: string,
  ) {
    super(`${syscall} ${path}: ${FS_ERROR_TEXT[code]}`);
  }
}

export type FileType = 'file' | 'directory' | 'symlink';

/** Character devices the simulator emulates; they show as `type: 'file'` with `device` set. */
export type DeviceKind = 'null' | 'zero' | 'random' | 'urandom';

export interface FileStat {
  type: FileType;
  /** Permission bits only (0o644), the type is in `type`. */
  mode: number;
  size: number;
  uid: number;
  gid: number;
  nlink: number;
  /** Simulated-clock milliseconds. */
  mtimeMs: number;
  /** Identifies the file (hard links, `ls -i`, change detection for `tail -f`). */
  ino: number;
  /** Set on character devices (`/dev/null`): `ls -l` shows `c`, `[ -c /dev/null ]` is true. */
  device?: DeviceKind;
}

export interface WriteOptions {
  append?: boolean;
  /** Mode of a file created by this write (default 0o644, masked by nothing: no umask here). */
  mode?: number;
  /** Fail with EEXIST when the file exists (`set -C`, `>|` semantics, lock files). */
  exclusive?: boolean;
}

export interface FileSystem {
  stat(path: string): FileStat;
  /** Like stat, but does not follow a final symlink. */
  lstat(path: string): FileStat;
  exists(path: string): boolean;
  readFile(path: string): Uint8Array;
  writeFile(path: string, data: Uint8Array | string, options?: WriteOptions): void;
  /** Byte-range read for `tail -f`, `head -c`, large files. */
  readRange(path: string, offset: number, length: number): Uint8Array;
  mkdir(path: string, options?: { recursive?: boolean; mode?: number }): void;
  /** Entry names, sorted by byte order as `ls` without options shows them. */
  readdir(path: string): string[];
  unlink(path: string): void;
  rmdir(path: string): void;
  rename(from: string, to: string): void;
  symlink(target: string, path: string): void;
  readlink(path: string): string;
  /** Hard link. */
  link(existing: string, path: string): void;
  chmod(path: string, mode: number): void;
  chown(path: string, uid: number, gid: number): void;
  truncate(path: string, length: number): void;
  /** Absolute path with every symlink resolved. */
  realpath(path: string): string;
  /** Called after any change under `path` (a file's content, a directory's entries). */
  watch(path: string, listener: () => void): () => void;
  /**
   * The filesystem as one process sees it, where that matters (`/proc/self`): the process host
   * gives each process such a view when the filesystem offers one.
   */
  viewFor?(viewer: object): FileSystem;
}
