import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { mkdir, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * One directory per open shell, `<home>/shell/<pid>-<random>`, mode 0700: the startup files
 * and, where needed, the session kubeconfig (which may hold credentials, hence the home rather
 * than a shared temp directory). The pid in the name lets the next session remove what a
 * killed one (SIGKILL, power cut) could not.
 */
export async function createSessionDir(home: string): Promise<string> {
  const parent = join(home, 'shell');
  await mkdir(parent, { recursive: true, mode: 0o700 });
  await sweepStaleSessions(parent);
  const dir = join(parent, `${process.pid}-${randomBytes(4).toString('hex')}`);
  await mkdir(dir, { mode: 0o700 });
  return dir;
}

/** Synchronous, so it also runs from a process 'exit' listener. Never throws. */
export function removeSessionDir(dir: string) {
  try {
    rmSync(dir, { recursive: true, force: true });
  } catch {
    // Best effort: a leftover directory is swept by the next session.
  }
}

async function sweepStaleSessions(parent: string) {
  let names: string[];
  try {
    names = await readdir(parent);
  } catch {
    return;
  }
  for (const name of names) {
    const pid = Number(/^(\d+)-/.exec(name)?.[1]);
    if (!Number.isInteger(pid) || pid <= 0 || isAlive(pid)) continue;
    await rm(join(parent, name), { recursive: true, force: true }).catch(() => undefined);
  }
}

function isAlive(pid: number) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
