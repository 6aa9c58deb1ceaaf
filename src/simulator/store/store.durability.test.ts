import { appendFile, cp, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../kube-object.js';
import { StateError, Store } from './index.js';
import { pod, tempDir } from './test-helpers.js';

/**
 * What a crash leaves: a copy of a live store's directory (everything acknowledged has been
 * fsynced, so the files hold it), minus the lock of the "dead" process.
 */
async function crashImage(dir: string, into: string): Promise<void> {
  await cp(dir, into, { recursive: true });
  await rm(join(into, 'sim.pid'), { force: true });
}

async function withDirs(run: (live: string, image: string) => Promise<void>): Promise<void> {
  const a = await tempDir();
  const b = await tempDir();
  try {
    await run(a.dir, b.dir);
  } finally {
    await a.cleanup();
    await b.cleanup();
  }
}

async function openError(dir: string): Promise<unknown> {
  return Store.open(dir).then(
    async (store) => {
      await store.close();
      return undefined;
    },
    (error: unknown) => error,
  );
}

describe('store durability', () => {
  it('keeps objects, deletions and the resourceVersion across close and reopen', async () => {
    await withDirs(async (dir) => {
      const store = await Store.open(dir);
      await store.create('pods', pod('a'));
      await store.create('pods', pod('b'));
      await store.create('namespaces', {
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: { name: 'x' },
      });
      await store.delete('pods', 'default', 'a');
      await store.close();

      const again = await Store.open(dir);
      expect(again.resourceVersion).toBe('4');
      expect(again.list('pods').items.map((p) => p.metadata.name)).toEqual(['b']);
      expect(again.get('namespaces', '', 'x')?.metadata.resourceVersion).toBe('3');
      const c = await again.create('pods', pod('c'));
      expect(c.metadata.resourceVersion).toBe('5');
      expect(again.warnings).toEqual([]);
      await again.close();
    });
  });

  it('recovers everything acknowledged from a crash image (journal not compacted)', async () => {
    await withDirs(async (dir, image) => {
      const store = await Store.open(dir);
      const web = await store.create('pods', pod('web'));
      await store.update('pods', { ...web, status: { phase: 'Running' } });
      await store.create('pods', pod('gone'));
      await store.delete('pods', 'default', 'gone');
      await crashImage(dir, image);
      await store.close();

      const recovered = await Store.open(image);
      expect(recovered.resourceVersion).toBe('4');
      expect(recovered.get('pods', 'default', 'web')).toMatchObject({
        status: { phase: 'Running' },
        metadata: { resourceVersion: '2' },
      });
      expect(recovered.get('pods', 'default', 'gone')).toBeUndefined();
      await recovered.close();
    });
  });

  it('commits a burst of 200 concurrent writes with one fsync, all of them durable', async () => {
    await withDirs(async (dir, image) => {
      const store = await Store.open(dir);
      const writes = Array.from({ length: 200 }, (_, i) => store.create('pods', pod(`p${i}`)));
      const done = await Promise.all(writes);
      expect(new Set(done.map((o) => o.metadata.resourceVersion)).size).toBe(200);
      expect(store.stats).toMatchObject({ commits: 1, records: 200 });

      // Writes arriving while an fsync is in flight share the next one.
      const touch = (o: KubeObject) => store.update('pods', { ...o, status: { phase: 'Pending' } });
      const first = touch(done[0] ?? pod('p0'));
      await new Promise<void>((resolve) => queueMicrotask(resolve)); // the first batch is writing
      const followers = done.slice(1, 101).map(touch);
      await Promise.all([first, ...followers]);
      expect(store.stats).toMatchObject({ commits: 3, records: 301 });

      await crashImage(dir, image);
      await store.close();
      const recovered = await Store.open(image);
      expect(recovered.list('pods').items).toHaveLength(200);
      expect(recovered.resourceVersion).toBe('301');
      await recovered.close();
    });
  });

  it('stays correct under 200 concurrent mixed writes from many clients', async () => {
    await withDirs(async (dir) => {
      const store = await Store.open(dir);
      // 20 clients, each creating, updating and deleting its own objects in sequence.
      const client = async (c: number) => {
        for (let i = 0; i < 5; i++) {
          const created = await store.create('pods', pod(`c${c}-${i}`));
          const updated = await store.update(
            'pods',
            { ...created, status: { step: i } },
            { expectedResourceVersion: created.metadata.resourceVersion },
          );
          if (i % 2 === 0) {
            await store.delete('pods', 'default', `c${c}-${i}`, {
              expectedResourceVersion: updated.metadata.resourceVersion,
            });
          }
        }
      };
      await Promise.all(Array.from({ length: 20 }, (_, c) => client(c)));
      const expected = store.list('pods');
      expect(expected.items).toHaveLength(40);
      expect(expected.resourceVersion).toBe(String(20 * (5 * 2 + 3)));
      await store.close();
      const again = await Store.open(dir);
      expect(again.list('pods')).toEqual(expected);
      await again.close();
    });
  });

  it('drops a torn last journal line, keeps the rest, and can write on', async () => {
    await withDirs(async (dir, image) => {
      const store = await Store.open(dir);
      await store.create('pods', pod('a'));
      await store.create('pods', pod('b'));
      await crashImage(dir, image);
      await store.close();
      await appendFile(join(image, 'journal.jsonl'), '{"rv":3,"op":"put","resource":"pods","obj');

      const recovered = await Store.open(image);
      expect(recovered.list('pods').items.map((p) => p.metadata.name)).toEqual(['a', 'b']);
      expect(recovered.warnings).toHaveLength(1);
      expect(recovered.warnings[0]).toContain('journal.jsonl');
      await recovered.create('pods', pod('c'));
      await recovered.close();

      const again = await Store.open(image);
      expect(again.list('pods').items.map((p) => p.metadata.name)).toEqual(['a', 'b', 'c']);
      expect(again.warnings).toEqual([]);
      await again.close();
    });
  });

  it('loads a crash between writing a snapshot and truncating the journal', async () => {
    await withDirs(async (dir, image) => {
      const store = await Store.open(dir);
      await store.create('pods', pod('a'));
      await store.delete('pods', 'default', 'a');
      await store.create('pods', pod('b'));
      await crashImage(dir, image);
      await store.close();
      const journal = await readFile(join(image, 'journal.jsonl'), 'utf8');
      // Compact the image, then put the old journal back: its lines are all in the snapshot.
      await (await Store.open(image)).close();
      await writeFile(join(image, 'journal.jsonl'), journal);

      const recovered = await Store.open(image);
      expect(recovered.resourceVersion).toBe('3');
      expect(recovered.list('pods').items.map((p) => p.metadata.name)).toEqual(['b']);
      await recovered.close();
    });
  });

  it('compacts a growing journal into the snapshot while writes go on', async () => {
    await withDirs(async (dir) => {
      const store = await Store.open(dir, { compactJournalBytes: 4096 });
      for (let round = 0; round < 10; round++) {
        await Promise.all(
          Array.from({ length: 20 }, (_, i) =>
            store.create('pods', pod(`p${round}-${i}`, 'default', { data: 'x'.repeat(100) })),
          ),
        );
      }
      expect(store.stats.compactions).toBeGreaterThan(0);
      const journal = await readFile(join(dir, 'journal.jsonl'), 'utf8');
      expect(journal.length).toBeLessThan(4096 * 2);
      const expected = store.list('pods');
      await store.close();
      const again = await Store.open(dir);
      expect(again.list('pods')).toEqual(expected);
      expect(again.resourceVersion).toBe('200');
      await again.close();
    });
  });
});

describe('store state errors', () => {
  it('refuses a journal damaged in the middle with a StateError naming the file and line', async () => {
    await withDirs(async (dir, image) => {
      const store = await Store.open(dir);
      for (const name of ['a', 'b', 'c']) await store.create('pods', pod(name));
      await crashImage(dir, image);
      await store.close();
      const file = join(image, 'journal.jsonl');
      const lines = (await readFile(file, 'utf8')).split('\n');
      lines[1] = '{"rv":2,"op":"put", garbage';
      await writeFile(file, lines.join('\n'));

      const error = await openError(image);
      expect(error).toBeInstanceOf(StateError);
      expect((error as StateError).file).toBe(file);
      expect((error as StateError).message).toContain(`${file} is damaged: line 2`);
      // Refusing must not take the lock for good.
      await expect(readFile(join(image, 'sim.pid'))).rejects.toMatchObject({ code: 'ENOENT' });
    });
  });

  it('refuses out-of-order journal records', async () => {
    await withDirs(async (dir, image) => {
      const store = await Store.open(dir);
      for (const name of ['a', 'b']) await store.create('pods', pod(name));
      await crashImage(dir, image);
      await store.close();
      const file = join(image, 'journal.jsonl');
      const [one, two] = (await readFile(file, 'utf8')).split('\n');
      await writeFile(file, `${two}\n${one}\n`);
      const error = await openError(image);
      expect(error).toBeInstanceOf(StateError);
      expect((error as Error).message).toContain('line 2 has resourceVersion 1 after 2');
    });
  });

  it('refuses a snapshot that does not parse', async () => {
    await withDirs(async (dir) => {
      await (await Store.open(dir)).close();
      const file = join(dir, 'snapshot.json');
      await writeFile(file, '{"format":"pod-course-store","version":1,"objects":[');
      const error = await openError(dir);
      expect(error).toBeInstanceOf(StateError);
      expect((error as StateError).file).toBe(file);
      expect((error as Error).message).toMatch(/snapshot\.json is damaged: it is not valid JSON/);
    });
  });

  it('refuses a directory that belongs to something else, leaving it untouched', async () => {
    await withDirs(async (dir) => {
      const marker = join(dir, 'store-format.json');
      await writeFile(marker, '{"format":"etcd-backup","version":1}\n');
      const error = await openError(dir);
      expect(error).toBeInstanceOf(StateError);
      expect((error as StateError).file).toBe(marker);
      expect((error as Error).message).toContain('belongs to something else');
      await expect(readFile(join(dir, 'sim.pid'))).rejects.toMatchObject({ code: 'ENOENT' });
      await expect(readFile(join(dir, 'snapshot.json'))).rejects.toMatchObject({ code: 'ENOENT' });

      await writeFile(marker, '{"format":"pod-course-store","version":7}\n');
      expect(((await openError(dir)) as Error).message).toContain('written by a newer pod-course');
      await writeFile(marker, 'not json');
      expect(await openError(dir)).toBeInstanceOf(StateError);
    });
  });

  it('refuses store files without the marker', async () => {
    await withDirs(async (dir) => {
      await writeFile(join(dir, 'journal.jsonl'), '');
      const error = await openError(dir);
      expect(error).toBeInstanceOf(StateError);
      expect((error as Error).message).toContain('no store-format.json');
    });
  });

  it('creates the marker in a new directory and tolerates other files beside the store', async () => {
    await withDirs(async (dir) => {
      const nested = join(dir, 'sim', 'store');
      await (await Store.open(nested)).close();
      const marker = JSON.parse(await readFile(join(nested, 'store-format.json'), 'utf8'));
      expect(marker).toEqual({ format: 'pod-course-store', version: 1 });
      await writeFile(join(dir, 'kubeconfig'), 'apiVersion: v1\n');
      await (await Store.open(dir)).close();
    });
  });
});

describe('store path errors', () => {
  it('turns an unusable path into a StateError naming it', async () => {
    await withDirs(async (dir) => {
      const blocker = join(dir, 'file');
      await writeFile(blocker, 'not a directory');
      const error = await openError(join(blocker, 'store'));
      expect(error).toBeInstanceOf(StateError);
      expect((error as Error).message).toMatch(/^Cannot use .*file.* for the simulator state: /);
    });
  });
});
