import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Store, StoreLockedError } from './index.js';
import { pod, tempDir } from './test-helpers.js';

async function withDir(run: (dir: string) => Promise<void>): Promise<void> {
  const { dir, cleanup } = await tempDir();
  try {
    await run(dir);
  } finally {
    await cleanup();
  }
}

function sleeper(): ChildProcess {
  return spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
}

/** The pid of a process that has exited and been reaped: nobody has it now. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', ''], { stdio: 'ignore' });
  const pid = child.pid;
  await once(child, 'exit');
  if (pid === undefined) throw new Error('could not start a child process');
  return pid;
}

describe('store single-writer lock', () => {
  it('writes its pid to sim.pid and removes it on close', async () => {
    await withDir(async (dir) => {
      const store = await Store.open(dir);
      expect(await readFile(join(dir, 'sim.pid'), 'utf8')).toBe(`${process.pid}\n`);
      await store.close();
      await expect(readFile(join(dir, 'sim.pid'))).rejects.toMatchObject({ code: 'ENOENT' });
      await (await Store.open(dir)).close();
    });
  });

  it('refuses a second open while this process holds it', async () => {
    await withDir(async (dir) => {
      const store = await Store.open(dir);
      const error = await Store.open(dir).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(StoreLockedError);
      expect(error).toMatchObject({ pid: process.pid, file: join(dir, 'sim.pid') });
      expect((error as Error).message).toContain('this process already has it open');
      // The refused open did not disturb the holder.
      await store.create('pods', pod('a'));
      await store.close();
    });
  });

  it('refuses while another live process holds it, naming the pid and what to do', async () => {
    await withDir(async (dir) => {
      const child = sleeper();
      try {
        await once(child, 'spawn');
        await (await Store.open(dir)).close();
        await writeFile(join(dir, 'sim.pid'), `${child.pid}\n`);
        const error = await Store.open(dir).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(StoreLockedError);
        expect((error as StoreLockedError).pid).toBe(child.pid);
        expect((error as Error).message).toContain(`process ${child.pid} has it open`);
        expect((error as Error).message).toContain('pod-course sim stop');
        expect(await readFile(join(dir, 'sim.pid'), 'utf8')).toBe(`${child.pid}\n`);
      } finally {
        child.kill('SIGKILL');
      }
    });
  });

  it('treats a process it may not signal (EPERM) as alive', async () => {
    // pid 1 always exists: EPERM for an unprivileged user, success for root: alive either way.
    await withDir(async (dir) => {
      await (await Store.open(dir)).close();
      await writeFile(join(dir, 'sim.pid'), '1\n');
      await expect(Store.open(dir)).rejects.toBeInstanceOf(StoreLockedError);
    });
  });

  it('takes over a lock left by a dead process, or an unreadable one, silently', async () => {
    await withDir(async (dir) => {
      const store = await Store.open(dir);
      await store.create('pods', pod('a'));
      await store.close();

      await writeFile(join(dir, 'sim.pid'), `${await deadPid()}\n`);
      const taken = await Store.open(dir);
      expect(await readFile(join(dir, 'sim.pid'), 'utf8')).toBe(`${process.pid}\n`);
      expect(taken.get('pods', 'default', 'a')?.metadata.name).toBe('a');
      await taken.close();

      await writeFile(join(dir, 'sim.pid'), '');
      await (await Store.open(dir)).close();
    });
  });
});

describe('isProcessAlive', () => {
  it.skipIf(process.platform !== 'linux')(
    'counts a zombie (exited, never reaped) as gone',
    async () => {
      const { isProcessAlive } = await import('./lock.js');
      // sh starts `sleep 0`, prints its pid, then becomes `sleep 5`, which never reaps it.
      const parent = spawn('sh', ['-c', 'sleep 0 & echo $!; exec sleep 5'], {
        stdio: ['ignore', 'pipe', 'ignore'],
      });
      const [chunk] = (await once(parent.stdout as NodeJS.ReadableStream, 'data')) as [Buffer];
      const zombie = Number(chunk.toString().trim());
      let state = '';
      for (let i = 0; i < 100 && state !== 'Z'; i++) {
        await new Promise((resolve) => setTimeout(resolve, 10));
        const stat = await readFile(`/proc/${zombie}/stat`, 'utf8').catch(() => '');
        state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
      }
      expect(state).toBe('Z');
      expect(isProcessAlive(zombie)).toBe(false);
      expect(isProcessAlive(parent.pid as number)).toBe(true);
      parent.kill('SIGKILL');
    },
  );
});
