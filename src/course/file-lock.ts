import { readFile, stat, unlink, writeFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * A lock file beside a data file, so that two pod-course processes (the runner and a
 * `pod-course check` in another terminal) never interleave a read-modify-write. The holder's
 * pid is in the file; a lock whose process is gone is stale and taken over.
 */

const RETRY_MS = 15;
/** An empty lock older than this lost its holder between create and write. */
const EMPTY_STALE_MS = 10_000;
/** Give up after about a minute: something holds the lock and is not letting go. */
const MAX_TRIES = 4000;

function alive(pid: number) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function isStale(lockPath: string) {
  try {
    const content = (await readFile(lockPath, 'utf8')).trim();
    if (content === '') return Date.now() - (await stat(lockPath)).mtimeMs > EMPTY_STALE_MS;
    const pid = Number(content);
    return !Number.isInteger(pid) || pid <= 0 || !alive(pid);
  } catch (error) {
    // Released between our create attempt and this read: not stale, just try again.
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
}

export async function withFileLock<T>(lockPath: string, work: () => Promise<T>): Promise<T> {
  for (let tries = 0; ; tries++) {
    try {
      await writeFile(lockPath, String(process.pid), { flag: 'wx' });
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      if (await isStale(lockPath)) {
        await unlink(lockPath).catch(() => undefined);
        continue;
      }
      if (tries >= MAX_TRIES) {
        throw new Error(
          `${lockPath} is held by another pod-course process; try again when it ends`,
        );
      }
      await sleep(RETRY_MS);
    }
  }
  try {
    return await work();
  } finally {
    await unlink(lockPath).catch(() => undefined);
  }
}

const queues = new Map<string, Promise<unknown>>();

/**
 * Runs `work` after every earlier call for the same key in this process has settled. Inside
 * one process this keeps writes in order without polling the lock file.
 */
export function serialized<T>(key: string, work: () => Promise<T>): Promise<T> {
  const previous = queues.get(key) ?? Promise.resolve();
  const next = previous.then(work, work);
  const tail = next.catch(() => undefined);
  queues.set(key, tail);
  void tail.then(() => {
    if (queues.get(key) === tail) queues.delete(key);
  });
  return next;
}
