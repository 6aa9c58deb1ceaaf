import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSessionDir, removeSessionDir } from './session-dir.js';

describe('session directories', () => {
  let home: string;
  beforeEach(async () => {
    home = await mkdtemp(join(tmpdir(), 'pod-course-sessions-'));
  });
  afterEach(async () => {
    await rm(home, { recursive: true, force: true });
  });

  it('makes a private directory named after this process under <home>/shell', async () => {
    const dir = await createSessionDir(home);
    expect(dirname(dir)).toBe(join(home, 'shell'));
    expect(basename(dir).startsWith(`${process.pid}-`)).toBe(true);
    expect((await stat(dir)).mode & 0o777).toBe(0o700);
    await writeFile(join(dir, 'kubeconfig'), 'secret');
    removeSessionDir(dir);
    expect(await readdir(join(home, 'shell'))).toEqual([]);
  });

  it('removes what a killed session left behind, and only that', async () => {
    // The pid of a process that has certainly ended.
    const ended = spawnSync(process.execPath, ['-e', '']).pid;
    const stale = join(home, 'shell', `${ended}-dead`);
    const live = join(home, 'shell', `${process.pid}-alive`);
    const foreign = join(home, 'shell', 'notes');
    for (const dir of [stale, live, foreign]) await mkdir(dir, { recursive: true });
    await writeFile(join(stale, 'kubeconfig'), 'secret');

    const dir = await createSessionDir(home);
    expect((await readdir(join(home, 'shell'))).sort()).toEqual(
      [basename(dir), basename(live), 'notes'].sort(),
    );
  });

  it('removing a directory that is gone is not an error', () => {
    expect(() => removeSessionDir(join(home, 'never-made'))).not.toThrow();
  });
});
