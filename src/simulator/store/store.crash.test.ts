import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { cp, rm } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { Store } from './index.js';
import { tempDir } from './test-helpers.js';

/**
 * The real thing: a child process writes through the store as fast as it can and prints every
 * acknowledged write; we SIGKILL it at a random moment, then check that the directory loads
 * and holds everything it was told succeeded. Rounds run on the same directory, so each child
 * also recovers from the previous child's crash; some rounds compact often, so kills land
 * inside compactions too.
 */

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const child = fileURLToPath(new URL('./crash-child.mjs', import.meta.url));

interface Ack {
  op: 'put' | 'del';
  rv: number;
}

async function runAndKill(dir: string, tag: string, compactBytes: number, acks: Map<string, Ack>) {
  const proc = spawn(process.execPath, ['--import', 'tsx', child, dir, tag, String(compactBytes)], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = once(proc, 'exit');
  let stderr = '';
  proc.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  // Kill after a random number of acknowledgements, plus a random few milliseconds.
  const killAfter = 20 + Math.floor(Math.random() * 800);
  let seen = 0;
  let pending = '';
  let ready = false;
  let killing = false;
  proc.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    pending += chunk;
    const lines = pending.split('\n');
    pending = lines.pop() ?? ''; // an incomplete line was not fully reported: ignore it
    for (const line of lines) {
      if (line === 'ready') {
        ready = true;
        continue;
      }
      const [op, name, rv] = line.split(' ');
      if ((op !== 'put' && op !== 'del') || name === undefined || rv === undefined) {
        throw new Error(`unexpected child output: ${line}`);
      }
      const previous = acks.get(name);
      if (previous === undefined || previous.rv < Number(rv))
        acks.set(name, { op, rv: Number(rv) });
      seen++;
    }
    if (seen >= killAfter && !killing) {
      killing = true;
      setTimeout(() => proc.kill('SIGKILL'), Math.floor(Math.random() * 10));
    }
  });
  const [code, signal] = (await exited) as [number | null, NodeJS.Signals | null];
  // It must have died by our hand, mid-flight, not by an error of its own.
  expect({ code, signal, stderr, ready }).toEqual({
    code: null,
    signal: 'SIGKILL',
    stderr: '',
    ready: true,
  });
  return seen;
}

async function verify(dir: string, acks: Map<string, Ack>): Promise<void> {
  const store = await Store.open(dir);
  try {
    let maxRV = 0;
    for (const [name, ack] of acks) {
      maxRV = Math.max(maxRV, ack.rv);
      const stored = store.get('pods', 'crash', name);
      const mayBeDeletedLater = Number(name.split('-').pop()) % 5 === 0;
      if (ack.op === 'del') {
        expect(stored, `${name} was deleted at ${ack.rv}`).toBeUndefined();
      } else if (stored !== undefined || !mayBeDeletedLater) {
        expect(stored, `${name} was acknowledged at ${ack.rv}`).toBeDefined();
        expect(Number(stored?.metadata.resourceVersion)).toBeGreaterThanOrEqual(ack.rv);
      }
    }
    expect(Number(store.resourceVersion)).toBeGreaterThanOrEqual(maxRV);
    for (const item of store.list('pods').items) {
      expect(Number(item.metadata.resourceVersion)).toBeLessThanOrEqual(
        Number(store.resourceVersion),
      );
    }
  } finally {
    await store.close();
  }
}

describe('store crash safety (SIGKILL of a real writer process)', () => {
  it('loses nothing acknowledged and always loads, across several random kills', async () => {
    const { dir, cleanup } = await tempDir();
    const image = `${dir}-image`;
    try {
      const acks = new Map<string, Ack>();
      const rounds = [8 * 1024 * 1024, 16 * 1024, 8 * 1024 * 1024, 16 * 1024, 64 * 1024];
      for (const [round, compactBytes] of rounds.entries()) {
        const seen = await runAndKill(dir, `r${round}`, compactBytes, acks);
        expect(seen).toBeGreaterThan(0);
        // Check a copy, so the next child starts from the crash state itself.
        await rm(image, { recursive: true, force: true });
        await cp(dir, image, { recursive: true });
        await verify(image, acks);
      }
      await verify(dir, acks);
      expect(acks.size).toBeGreaterThan(100);
    } finally {
      await cleanup();
      await rm(image, { recursive: true, force: true });
    }
  });
});
