import { randomBytes } from 'node:crypto';
import { open, rename, unlink, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

/**
 * Writes a file so that readers see either the old content or the complete new content, never
 * a part: write a temporary file beside it, flush it to disk, rename it over the target, then
 * flush the directory so the rename itself survives a crash.
 */
export async function writeFileAtomic(path: string, data: string | Buffer, mode = 0o644) {
  // Unique per write: two writes to one path in flight must not share a temporary file.
  const temporary = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    await writeFile(temporary, data, { mode, flush: true });
    await rename(temporary, path);
  } catch (error) {
    await unlink(temporary).catch(() => undefined);
    throw error;
  }
  await syncDirectory(dirname(path));
}

/**
 * Makes a directory's entries (a created, renamed or deleted file) durable. Some platforms
 * (Windows) cannot open a directory for fsync; there the rename is as durable as it gets.
 */
export async function syncDirectory(directory: string) {
  let handle: Awaited<ReturnType<typeof open>> | undefined;
  try {
    handle = await open(directory, 'r');
    await handle.sync();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'EISDIR' && code !== 'EPERM' && code !== 'EINVAL') throw error;
  } finally {
    await handle?.close();
  }
}
