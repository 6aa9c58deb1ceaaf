import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli-process.js';

/**
 * `start` without a terminal (CI, a pipe): it must not reach a prompt (clack hangs or exits
 * 13 there), start no simulator, and say what to run instead, exiting 2 (CLI.md).
 */
describe('pod-course start without a TTY', () => {
  let home: string;
  let env: Record<string, string>;

  beforeAll(async () => {
    home = await mkdtemp(join(tmpdir(), 'pod-course-start-'));
    env = { POD_COURSE_HOME: join(home, 'home'), POD_COURSE_WORKSPACE: join(home, 'workspace') };
  });

  afterAll(async () => {
    await rm(home, { recursive: true, force: true });
  });

  it('exits 2 at once, naming the commands to use instead', async () => {
    const result = await runCli(['start', '--lang', 'en'], env);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('"pod-course start" needs an interactive terminal');
    expect(result.stderr).toContain('pod-course check [lesson[/step]] --json');
    expect(result.stderr).not.toContain('    at ');
    // Nothing was started or written: no simulator, no progress.
    await expect(readdir(join(home, 'home'))).rejects.toThrow();
  });

  it('says it in Chinese with --lang zh', async () => {
    const result = await runCli(['start', '--lang', 'zh'], env);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('需要一个交互式终端');
  });

  it('rejects an unexpected argument as a usage error', async () => {
    const result = await runCli(['start', 'extra', '--lang', 'en'], env);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('unexpected argument "extra"');
  });

  it('--help prints the usage and exits 0', async () => {
    const result = await runCli(['start', '--help'], env);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('pod-course');
  });
});
