import type { FileSystem } from './file-system.js';
import { FsError } from './file-system.js';
import { splitPath } from './fs-fault.js';

/**
 * The kubelet's atomic writer (pkg/volume/util/atomic_writer.go) for secret, configMap,
 * downwardAPI and projected volumes:
 *
 * ```
 * ..2024_05_14_10_21_33.1234567890/color   the real files, in a timestamped directory
 * ..data -> ..2024_05_14_10_21_33.1234567890
 * color -> ..data/color                    one symlink per top-level entry, never rewritten
 * ```
 *
 * An update writes a new timestamped directory, points a `..data_tmp` symlink at it, renames
 * that over `..data` (the one atomic step), then removes the old directory. A reader sees the
 * old set or the new one, never a mix; a path it resolved into the old directory keeps working
 * until that directory is removed.
 */

export interface ProjectedFile {
  /** Relative path in the volume (`color`, or `ui/theme` which makes a `ui` directory). */
  path: string;
  data: Uint8Array | string;
  /** `items[].mode`, else the volume's `defaultMode` (0644). */
  mode?: number;
  /** Owner and group (the kubelet applies `fsGroup` here). */
  uid?: number;
  gid?: number;
}

export interface AtomicWriteOptions {
  /** The simulated clock: the directory name carries its UTC time. */
  clock: { now(): Date };
  /** A uint32, as Go's `os.MkdirTemp` appends in decimal (default: Math.random). */
  random?: () => number;
}

const DATA_DIR = '..data';
const DATA_DIR_TMP = '..data_tmp';
const MAX_PATH_LENGTH = 4096;
const MAX_NAME_LENGTH = 255;

/**
 * Projects `files` into directory `dir` of `fs` (the volume's own tree, seen from the node).
 * Returns false when nothing had to change: same paths, same content (as the kubelet, a
 * changed mode alone does not trigger a write).
 */
export function writeAtomically(
  fs: FileSystem,
  dir: string,
  files: readonly ProjectedFile[],
  options: AtomicWriteOptions,
): boolean {
  for (const file of files) validatePath(file.path);
  const at = (name: string) => (dir.endsWith('/') ? `${dir}${name}` : `${dir}/${name}`);
  const oldTsName = readlinkOrEmpty(fs, at(DATA_DIR));
  const oldTsDir = oldTsName ? at(oldTsName) : '';
  const stale = oldTsDir ? pathsToRemove(fs, oldTsDir, files) : new Set<string>();
  if (oldTsDir && stale.size === 0 && !payloadDiffers(fs, oldTsDir, files)) return false;

  const tsName = newTimestampDir(fs, at, options);
  const tsDir = at(tsName);
  for (const file of files) {
    const parts = file.path.split('/');
    if (parts.length > 1) fs.mkdir(`${tsDir}/${parts.slice(0, -1).join('/')}`, { recursive: true });
    const target = `${tsDir}/${file.path}`;
    const mode = file.mode ?? 0o644;
    fs.writeFile(target, file.data, { mode });
    fs.chmod(target, mode);
    if (file.uid !== undefined || file.gid !== undefined) {
      fs.chown(target, file.uid ?? -1, file.gid ?? -1);
    }
  }

  // A `..data_tmp` left by an interrupted update would make symlink() fail.
  if (readlinkOrEmpty(fs, at(DATA_DIR_TMP))) fs.unlink(at(DATA_DIR_TMP));
  fs.symlink(tsName, at(DATA_DIR_TMP));
  fs.rename(at(DATA_DIR_TMP), at(DATA_DIR));

  for (const name of new Set(files.map((file) => file.path.split('/')[0] as string))) {
    if (!lexists(fs, at(name))) fs.symlink(`${DATA_DIR}/${name}`, at(name));
  }
  for (const path of stale) {
    if (!path.includes('/')) fs.unlink(at(path));
  }
  if (oldTsDir) removeAll(fs, oldTsDir);
  return true;
}

/** `..2024_05_14_10_21_33.1234567890`: Go's `MkdirTemp(dir, now.UTC().Format("..2006_01_02_15_04_05."))`. */
export function timestampDirName(now: Date, random: number): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  const stamp = `${now.getUTCFullYear()}_${pad(now.getUTCMonth() + 1)}_${pad(now.getUTCDate())}_${pad(now.getUTCHours())}_${pad(now.getUTCMinutes())}_${pad(now.getUTCSeconds())}`;
  return `..${stamp}.${random >>> 0}`;
}

function newTimestampDir(
  fs: FileSystem,
  at: (name: string) => string,
  options: AtomicWriteOptions,
): string {
  const random = options.random ?? (() => Math.floor(Math.random() * 2 ** 32));
  // MkdirTemp tries other random suffixes when the name is taken.
  for (let attempt = 0; ; attempt++) {
    const name = timestampDirName(options.clock.now(), random());
    try {
      fs.mkdir(at(name), { mode: 0o755 });
      return name;
    } catch (error) {
      if (!(error instanceof FsError && error.code === 'EEXIST') || attempt >= 100) throw error;
    }
  }
}

function validatePath(path: string): void {
  if (path === '') throw new Error(`invalid path: must not be empty: ""`);
  if (path.startsWith('/')) throw new Error(`invalid path: must be relative path: ${path}`);
  if (path.length > MAX_PATH_LENGTH) {
    throw new Error(`invalid path: must be less than or equal to ${MAX_PATH_LENGTH} characters`);
  }
  const items = path.split('/');
  for (const item of items) {
    if (item === '..') throw new Error(`invalid path: must not contain '..': ${path}`);
    if (item.length > MAX_NAME_LENGTH) {
      throw new Error(
        `invalid path: filenames must be less than or equal to ${MAX_NAME_LENGTH} characters`,
      );
    }
  }
  const first = items[0] as string;
  if (first.startsWith('..') && first.length > 2) {
    throw new Error(`invalid path: must not start with '..': ${path}`);
  }
}

/** Every path (files and directories) of the old set that the new set no longer has. */
function pathsToRemove(
  fs: FileSystem,
  oldTsDir: string,
  files: readonly ProjectedFile[],
): Set<string> {
  const old = new Set<string>();
  const visit = (relative: string) => {
    const full = relative ? `${oldTsDir}/${relative}` : oldTsDir;
    for (const name of fs.readdir(full)) {
      const child = relative ? `${relative}/${name}` : name;
      old.add(child);
      if (fs.lstat(`${oldTsDir}/${child}`).type === 'directory') visit(child);
    }
  };
  visit('');
  for (const file of files) {
    const parts = splitPath(file.path);
    for (let i = parts.length; i > 0; i--) old.delete(parts.slice(0, i).join('/'));
  }
  return old;
}

function payloadDiffers(
  fs: FileSystem,
  oldTsDir: string,
  files: readonly ProjectedFile[],
): boolean {
  const encoder = new TextEncoder();
  return files.some((file) => {
    let current: Uint8Array;
    try {
      current = fs.readFile(`${oldTsDir}/${file.path}`);
    } catch {
      return true;
    }
    const wanted = typeof file.data === 'string' ? encoder.encode(file.data) : file.data;
    return Buffer.compare(current, wanted) !== 0;
  });
}

function readlinkOrEmpty(fs: FileSystem, path: string): string {
  try {
    return fs.readlink(path);
  } catch {
    return '';
  }
}

function lexists(fs: FileSystem, path: string): boolean {
  try {
    fs.lstat(path);
    return true;
  } catch {
    return false;
  }
}

/** `rm -rf`, without following symlinks. */
export function removeAll(fs: FileSystem, path: string): void {
  if (fs.lstat(path).type !== 'directory') {
    fs.unlink(path);
    return;
  }
  for (const name of fs.readdir(path)) removeAll(fs, `${path}/${name}`);
  fs.rmdir(path);
}
