import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const BIN = fileURLToPath(new URL('../../dist/src/cli/main.js', import.meta.url));
const built = existsSync(BIN);
if (!built)
  console.warn(`skipping the built-binary transcripts: ${BIN} is missing (run npm run build)`);

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Transcripts of the built `pod-course` (what `npx pod-course` runs), without a TTY, as a
 * script or classroom autograder sees them: one JSON document on stdout with --json, the
 * contract's exit codes, messages on stderr.
 */
describe.skipIf(!built)('the built binary, without a TTY', () => {
  let dir: string;
  let env: NodeJS.ProcessEnv;
  const run = (...args: string[]) =>
    new Promise<Run>((resolve) => {
      const child = spawn(process.execPath, [BIN, ...args], {
        env,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => {
        stdout += d;
      });
      child.stderr.on('data', (d: Buffer) => {
        stderr += d;
      });
      child.on('close', (code) => resolve({ code, stdout, stderr }));
    });

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'pod-course-bin-'));
    env = {
      ...process.env,
      POD_COURSE_HOME: join(dir, 'home'),
      POD_COURSE_WORKSPACE: join(dir, 'workspace'),
      LANG: 'en_US.UTF-8',
      NO_COLOR: '1',
    };
  });
  afterAll(async () => {
    await run('sim', 'stop');
    await rm(dir, { recursive: true, force: true });
  });

  it('--version, --help, an unknown command', async () => {
    expect((await run('--version')).stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
    const help = await run('--help');
    expect(help.code).toBe(0);
    for (const command of [
      'start',
      'list',
      'check',
      'hint',
      'solve',
      'reset',
      'selftest',
      'report',
      'shell',
      'progress',
      'kind',
      'sim serve',
    ]) {
      expect(help.stdout).toContain(`  ${command}`);
    }
    expect((await run('frobnicate')).code).toBe(2);
  });

  it('start says what to run instead and exits 2 at once', async () => {
    const start = await run('start');
    expect(start.code).toBe(2);
    expect(start.stderr + start.stdout).toContain('pod-course check');
  });

  it('list, check, hint, solve, report, progress: the packaged lessons and checks work', async () => {
    const list = await run('list', '--json');
    expect(list.code).toBe(0);
    const { lessons } = JSON.parse(list.stdout);
    expect(lessons.map((l: { id: string }) => l.id)).toContain('pod-and-infra-container');

    const check = await run('check', '01/share-pid', '--json');
    expect(check.code).toBe(1);
    expect(JSON.parse(check.stdout).steps[0].conditions[0].message.en).toContain(
      'does not exist yet',
    );

    const hint = await run('hint', '01/share-pid');
    expect(hint.stdout).toContain('Hint 1/');

    const solve = await run('solve', '01/share-pid', '--json');
    expect(solve.code).toBe(0);
    expect(JSON.parse(solve.stdout)).toEqual({
      passed: true,
      steps: [{ step: 'pod-and-infra-container/share-pid', passed: true }],
    });

    const report = await run('report', '--format', 'junit');
    expect(report.stdout).toContain(
      '<testcase classname="pod-and-infra-container" name="share-pid"',
    );

    const file = join(dir, 'export.json');
    expect((await run('progress', 'export', file)).code).toBe(0);
    expect(JSON.parse(await readFile(file, 'utf8')).backends.sim).toBeDefined();

    const status = await run('sim', 'status', '--json');
    expect(status.code).toBe(0);
    expect(JSON.parse(status.stdout).url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
  });

  it('kind without kind installed: exit 3 with how to install it, one JSON document', async () => {
    const kind = await run('kind', 'create', '--json');
    if (kind.code === 0) return; // a machine with kind and Docker: nothing to prove here
    expect(kind.code).toBe(3);
    expect(JSON.parse(kind.stdout).error.message).toBeTruthy();
  });
});
