import { readFileSync } from 'node:fs';
import { link, readFile, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { StoreLockedError } from './errors.js';
import { errorCode } from './state-files.js';

/**
 * The single-writer guard: `sim.pid` holds the pid of the process that has the store open.
 *
 * The file is written under a temporary name and hard-linked into place, so it appears with its
 * content complete and the link fails if the name is taken (an atomic test-and-set). A holder
 * that is no longer alive (killed, crashed) is taken over silently. Node has no flock, so two
 * processes taking over the *same* stale file within microseconds could both win; the guard is
 * for "a second simulator started later", which it refuses reliably.
 */

export const LOCK_FILE = 'sim.pid';

export interface StoreLock {
  readonly path: string;
  release(): Promise<void>;
}

/**
 * `kill(pid, 0)`: ESRCH means gone; EPERM means alive but someone else's. A process killed
 * with SIGKILL but not yet reaped by its parent (a zombie, `Z` in /proc/<pid>/stat on Linux)
 * still answers kill(0) — it holds nothing, so it counts as gone.
 */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    return errorCode(error) !== 'ESRCH';
  }
  return !isZombie(pid);
}

function isZombie(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The state follows the command name, which is in parentheses and may contain spaces.
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) === 'Z';
  } catch {
    return false; // no /proc (macOS, Windows): trust kill(0)
  }
}

async function readHolder(path: string): Promise<number | undefined> {
  try {
    const text = (await readFile(path, 'utf8')).trim();
    // pid 0 would signal our own process group: never a valid holder.
    return /^\d+$/.test(text) && Number(text) > 0 ? Number(text) : undefined;
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return undefined;
    throw error;
  }
}

async function unlinkIfPresent(path: string): Promise<void> {
  try {
    await unlink(path);
  } catch (error) {
    if (errorCode(error) !== 'ENOENT') throw error;
  }
}

async function placeLockFile(tmp: string, path: string, content: string): Promise<boolean> {
  try {
    await link(tmp, path);
    return true;
  } catch (error) {
    const code = errorCode(error);
    if (code === 'EEXIST') return false;
    // Filesystems without hard links: an exclusive create is the next best test-and-set.
    if (code === 'EPERM' || code === 'ENOTSUP' || code === 'ENOSYS' || code === 'EXDEV') {
      try {
        await writeFile(path, content, { flag: 'wx' });
        return true;
      } catch (inner) {
        if (errorCode(inner) === 'EEXIST') return false;
        throw inner;
      }
    }
    throw error;
  }
}

export async function acquireLock(dir: string): Promise<StoreLock> {
  const path = join(dir, LOCK_FILE);
  const tmp = join(dir, `${LOCK_FILE}.${process.pid}.tmp`);
  const content = `${process.pid}\n`;
  await writeFile(tmp, content);
  try {
    // A few rounds: each either places the file, refuses, or clears a stale holder and retries.
    for (let round = 0; round < 5; round++) {
      if (await placeLockFile(tmp, path, content)) {
        return { path, release: () => releaseLock(path) };
      }
      const holder = await readHolder(path);
      if (holder !== undefined && isProcessAlive(holder)) {
        throw lockedError(dir, path, holder);
      }
      // Unreadable or dead holder: a leftover of a killed process.
      await unlinkIfPresent(path);
    }
    throw new StoreLockedError(
      path,
      0,
      `Could not take the lock ${path}: other processes keep replacing it. Stop the other simulators and try again.`,
    );
  } finally {
    await unlinkIfPresent(tmp);
  }
}

function lockedError(dir: string, path: string, pid: number): StoreLockedError {
  const who =
    pid === process.pid ? 'this process already has it open' : `process ${pid} has it open`;
  return new StoreLockedError(
    path,
    pid,
    `The simulator state in ${dir} is in use: ${who} (see ${path}). Stop that simulator first (pod-course sim stop); if no simulator is running, delete ${path}.`,
  );
}

/** Removes the lock only while it is still ours, so a forced takeover is never undone. */
async function releaseLock(path: string): Promise<void> {
  if ((await readHolder(path)) === process.pid) await unlinkIfPresent(path);
}
