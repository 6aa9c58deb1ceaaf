import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collect, readyLine, runCli, spawnCli } from '../support/cli-process.js';

describe('pod-course sim advance', () => {
  let dir: string;
  let server: ReturnType<typeof spawnCli>;
  let kubeconfig: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'pod-course-advance-'));
    // Speed 1: simulated time runs with the host clock, plus whatever advance adds.
    server = spawnCli(['sim', 'serve', '--json', '--state', join(dir, 'state')]);
    kubeconfig = (await readyLine(server)).kubeconfig;
  });
  afterAll(async () => {
    server.kill('SIGTERM');
    await collect(server);
    await rm(dir, { recursive: true, force: true });
  });

  it('moves simulated time forward and says where it is now', async () => {
    const before = Date.now();
    const result = await runCli(['sim', 'advance', '2h', '--kubeconfig', kubeconfig, '--json']);
    expect(result.code, result.stderr).toBe(0);
    const clock = JSON.parse(result.stdout);
    expect(Date.parse(clock.now) - before).toBeGreaterThanOrEqual(2 * 3600 * 1000);
    expect(clock.speed).toBe(1);
    const human = await runCli([
      'sim',
      'advance',
      '30s',
      '--kubeconfig',
      kubeconfig,
      '--lang',
      'en',
    ]);
    expect(human.stdout).toMatch(/^Advanced 30s; simulated time is now \d{4}-\d\d-\d\dT/);
  });

  it('explains a bad duration (exit 2) and a missing simulator (exit 3)', async () => {
    const bad = await runCli([
      'sim',
      'advance',
      '5 minutes',
      '--kubeconfig',
      kubeconfig,
      '--lang',
      'en',
    ]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe('pod-course: "5 minutes" is not a duration: use e.g. 45s, 2m, 1h30m\n');
    const missing = await runCli([
      'sim',
      'advance',
      '5s',
      '--kubeconfig',
      join(dir, 'nope'),
      '--lang',
      'zh',
    ]);
    expect(missing.code).toBe(3);
    expect(missing.stderr).toContain('没有模拟器的 kubeconfig');
  });
});
