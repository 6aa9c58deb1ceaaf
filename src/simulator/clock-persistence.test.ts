import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SimClock } from './clock.js';
import { CLOCK_FILE, ClockPersistence, restoreClockOffset } from './clock-persistence.js';
import { startSimulator } from './index.js';
import { Store } from './store/index.js';

const HOST_NOW = Date.parse('2026-03-01T12:00:00Z');

function configMap(name: string, creationTimestamp: string, managedTime = creationTimestamp) {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: {
      name,
      namespace: 'default',
      creationTimestamp,
      managedFields: [{ manager: 'kubectl', operation: 'Update', time: managedTime }],
    },
  };
}

describe('the clock offset kept in the state directory', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'pod-course-clock-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('starts at 0 with nothing kept, or at the kept offset', async () => {
    const store = Store.memory();
    expect(await restoreClockOffset(dir, store, HOST_NOW)).toBe(0);
    await writeFile(join(dir, CLOCK_FILE), JSON.stringify({ offsetMs: 600_000, savedAt: 'x' }));
    expect(await restoreClockOffset(dir, store, HOST_NOW)).toBe(600_000);
    await writeFile(join(dir, CLOCK_FILE), JSON.stringify({ offsetMs: -30_000 }));
    expect(await restoreClockOffset(dir, store, HOST_NOW)).toBe(-30_000);
  });

  it('never starts before the latest time the server stamped on a stored object', async () => {
    const store = Store.memory();
    await store.create('configmaps', configMap('old', '2026-03-01T11:00:00Z'));
    // Written at simulated 12:20 (an advance whose offset a crash lost): the clock starts there.
    await store.create(
      'configmaps',
      configMap('touched', '2026-03-01T11:30:00Z', '2026-03-01T12:20:00Z'),
    );
    expect(await restoreClockOffset(dir, store, HOST_NOW)).toBe(20 * 60_000);
    await writeFile(join(dir, CLOCK_FILE), JSON.stringify({ offsetMs: 3_600_000 }));
    expect(await restoreClockOffset(dir, store, HOST_NOW)).toBe(3_600_000);
    // A torn or foreign file is as good as none; the floor still holds.
    await writeFile(join(dir, CLOCK_FILE), '{"offsetMs": 36');
    expect(await restoreClockOffset(dir, store, HOST_NOW)).toBe(20 * 60_000);
  });

  it('is written after every advance and at the stop', async () => {
    const clock = new SimClock();
    const kept = new ClockPersistence(dir, clock, (error) => {
      throw error;
    });
    kept.start();
    await clock.advance(600_000);
    await kept.save(); // queued behind the save the advance started
    const afterAdvance = JSON.parse(await readFile(join(dir, CLOCK_FILE), 'utf8'));
    expect(afterAdvance.offsetMs).toBe(clock.offsetMs());
    await clock.advance(60_000);
    await kept.stop();
    const afterStop = JSON.parse(await readFile(join(dir, CLOCK_FILE), 'utf8'));
    expect(afterStop.offsetMs).toBe(clock.offsetMs());
    expect(afterStop.offsetMs).toBeGreaterThan(afterAdvance.offsetMs);
  });

  it('lets a restarted simulator continue ahead, with nothing stored in its future', async () => {
    const stateDir = join(dir, 'state');
    const first = await startSimulator({ stateDir, runPods: false });
    const before = Date.now();
    await first.clock.advance(600_000);
    const took = Date.now() - before;
    const created = await first.registry.storage.create(
      'configmaps',
      configMap(
        'made-after-advance',
        first.clock
          .now()
          .toISOString()
          .replace(/\.\d+Z$/, 'Z'),
      ),
    );
    const leadAtStop = first.clock.offsetMs();
    await first.stop();

    const second = await startSimulator({ stateDir, runPods: false });
    try {
      expect(second.clock.offsetMs()).toBe(leadAtStop);
      expect(second.clock.offsetMs()).toBeGreaterThanOrEqual(600_000 - took);
      const createdAt = Date.parse(created.metadata.creationTimestamp as string);
      expect(createdAt).toBeLessThanOrEqual(second.clock.now().getTime());
    } finally {
      await second.stop();
    }
  });
});
