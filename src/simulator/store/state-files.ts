import { mkdir, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { syncDirectory, writeFileAtomic as writeFileAtomicAt } from '../../util/atomic-write.js';
import { StateError } from './errors.js';

/**
 * The files of a state directory and the small helpers that keep them crash-safe.
 *
 *   store-format.json  the marker: {"format":"pod-course-store","version":1}; written first
 *   snapshot.json      every object as of one resourceVersion (see snapshot.ts)
 *   journal.jsonl      the writes after that snapshot, one JSON line each (see journal.ts)
 *   sim.pid            the single-writer lock (see lock.ts)
 *
 * Other files in the directory are left alone, so the simulator may keep its kubeconfig or
 * certificates beside the store.
 */

export const FORMAT_FILE = 'store-format.json';
export const SNAPSHOT_FILE = 'snapshot.json';
export const JOURNAL_FILE = 'journal.jsonl';
export const FORMAT_NAME = 'pod-course-store';
export const FORMAT_VERSION = 1;

const MOVE_ASIDE = 'point the simulator at another state directory, or move this one aside';

/** `ENOENT` and friends, without `any`. */
export function errorCode(error: unknown): string | undefined {
  if (typeof error === 'object' && error !== null && 'code' in error) {
    const { code } = error as { code: unknown };
    return typeof code === 'string' ? code : undefined;
  }
  return undefined;
}

/** The file's text, or `undefined` when it does not exist. */
export async function readOptional(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return undefined;
    throw error;
  }
}

/** Makes a directory's entries durable (shared with the rest of pod-course). */
export const fsyncDir = syncDirectory;

/** Replaces `dir/name` atomically: a crash leaves either the old or the new content. */
export function writeFileAtomic(dir: string, name: string, data: string): Promise<void> {
  return writeFileAtomicAt(join(dir, name), data);
}

/** Creates the directory, making each new level's entry durable in its parent. */
export async function ensureDir(dir: string): Promise<void> {
  const created = await mkdir(dir, { recursive: true });
  if (created === undefined) return;
  for (let level = dir; ; level = dirname(level)) {
    await fsyncDir(dirname(level));
    if (level === created || dirname(level) === level) break;
  }
}

/**
 * Turns "cannot use this path at all" errors (permissions, read-only disk, a file where the
 * directory should be) into a `StateError` the CLI can show as is.
 */
export function asStateError(error: unknown, dir: string): unknown {
  const code = errorCode(error);
  const path = (error as { path?: unknown } | null)?.path;
  const file = typeof path === 'string' ? path : dir;
  const reasons: Record<string, string> = {
    EACCES: 'permission denied',
    EPERM: 'operation not permitted',
    EROFS: 'the file system is read-only',
    ENOSPC: 'the disk is full',
    ENOTDIR: 'a file is in the way where a directory should be',
    EEXIST: 'a file is in the way where a directory should be',
  };
  const reason = code === undefined ? undefined : reasons[code];
  if (reason === undefined) return error;
  return new StateError(
    file,
    `Cannot use ${file} for the simulator state: ${reason}. Fix that, or point the simulator at another state directory.`,
  );
}

/** Whether the marker says the directory is ours; throws a `StateError` when it is someone else's. */
export async function readFormat(dir: string): Promise<'ours' | 'absent'> {
  const file = join(dir, FORMAT_FILE);
  const text = await readOptional(file);
  if (text === undefined) return 'absent';
  let marker: unknown;
  try {
    marker = JSON.parse(text);
  } catch {
    throw new StateError(
      file,
      `${file} is not a pod-course store marker (it is not JSON). The directory ${dir} does not hold simulator state written by pod-course; ${MOVE_ASIDE}.`,
    );
  }
  const { format, version } = (marker ?? {}) as { format?: unknown; version?: unknown };
  if (format !== FORMAT_NAME) {
    throw new StateError(
      file,
      `${file} names the format ${JSON.stringify(format)}, not "${FORMAT_NAME}": the directory ${dir} belongs to something else. To start a fresh cluster, ${MOVE_ASIDE}.`,
    );
  }
  if (version !== FORMAT_VERSION) {
    const newer = typeof version === 'number' && version > FORMAT_VERSION;
    throw new StateError(
      file,
      newer
        ? `${dir} holds simulator state in store format version ${version}, written by a newer pod-course; this one reads version ${FORMAT_VERSION}. Upgrade pod-course, or ${MOVE_ASIDE}.`
        : `${file} has an unknown store format version ${JSON.stringify(version)} (this pod-course reads version ${FORMAT_VERSION}); ${MOVE_ASIDE}.`,
    );
  }
  return 'ours';
}

/** Written before any other store file, so a directory with store files and no marker is foreign. */
export async function writeFormat(dir: string): Promise<void> {
  const marker = { format: FORMAT_NAME, version: FORMAT_VERSION };
  await writeFileAtomic(dir, FORMAT_FILE, `${JSON.stringify(marker)}\n`);
}
