import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stepOf } from '../../src/course/progress-document.js';
import { ProgressStore } from '../../src/course/progress-store.js';

const STORE = fileURLToPath(new URL('../../src/course/progress-store.ts', import.meta.url));
const KEY = {
  backend: 'sim',
  namespace: 'default',
  lesson: 'pod-and-infra-container',
  step: 'share-pid',
};

/**
 * Progress survives a process killed in the middle of writing it (`kill -9` while the runner
 * records an attempt): the file always parses, and every update the writer saw complete is in it.
 */
describe('progress under SIGKILL', () => {
  let dir: string;
  let writer: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'pod-course-progress-kill-'));
    writer = join(dir, 'writer.mjs');
    // Counts attempts as fast as it can, saying "ack N" once update N is on disk.
    await writeFile(
      writer,
      `const { ProgressStore } = await import(${JSON.stringify(STORE)});
const store = new ProgressStore(process.argv[2]);
for (let i = 1; ; i++) {
  await store.updateStep(${JSON.stringify(KEY)}, (step) => { step.attempts += 1; });
  process.stdout.write('ack ' + i + '\\n');
}
`,
    );
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('three rounds of kill -9 mid-write lose nothing acknowledged and never corrupt the file', async () => {
    const home = join(dir, 'home');
    let acknowledged = 0;
    for (let round = 0; round < 3; round++) {
      const child = spawn(process.execPath, ['--import', 'tsx', writer, home], {
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      let lastAck = 0;
      child.stdout.on('data', (chunk: Buffer) => {
        const acks = [...chunk.toString().matchAll(/ack (\d+)/g)].map((m) => Number(m[1]));
        lastAck = Math.max(lastAck, ...acks);
      });
      // Let it write for a while, then kill it wherever it is.
      await new Promise<void>((resolve) => {
        const check = setInterval(() => {
          if (lastAck >= 20 + round * 7) {
            clearInterval(check);
            resolve();
          }
        }, 5);
      });
      child.kill('SIGKILL');
      await new Promise((resolve) => child.once('close', resolve));
      acknowledged += lastAck;
      const read = await new ProgressStore(home).read();
      expect(read.notice).toBeUndefined();
      const attempts = stepOf(read.document, KEY)?.attempts ?? 0;
      // At most one update beyond the last ack may have landed before the kill.
      expect(attempts).toBeGreaterThanOrEqual(acknowledged);
      expect(attempts).toBeLessThanOrEqual(acknowledged + 1);
      acknowledged = attempts;
    }
  });
});
