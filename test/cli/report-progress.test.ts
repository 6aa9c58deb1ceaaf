import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli-process.js';

const LESSON_01 = fileURLToPath(
  new URL('../../lessons/01-pod-and-infra-container', import.meta.url),
);

/** `report` and `progress export|import`: they read and move progress, with no cluster at all. */
describe('pod-course report and progress (no cluster needed)', () => {
  let dir: string;
  let env: Record<string, string>;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'pod-course-report-'));
    await cp(LESSON_01, join(dir, 'lessons', '01-pod-and-infra-container'), { recursive: true });
    env = { POD_COURSE_HOME: join(dir, 'a'), POD_COURSE_LESSONS: join(dir, 'lessons'), LANG: 'C' };
    // A hint is progress too (hints used), recorded without starting any cluster.
    expect((await runCli(['hint', '01/share-pid'], env)).code).toBe(0);
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('markdown: a table per lesson with status, attempts, hints and time', async () => {
    const result = await runCli(['report'], env);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('# pod-course progress (sim, default)');
    expect(result.stdout).toContain('## 01 The Pod and its infra container — 0/8');
    expect(result.stdout).toContain('| share-pid | started | 0 | 1 | 0 s |');
    expect(result.stdout).toContain('| pid-one | todo | 0 | 0 | 0 s |');
  });

  it('json and junit for autograders', async () => {
    const json = JSON.parse((await runCli(['report', '--format', 'json'], env)).stdout);
    expect(json.lessons[0].steps[1]).toMatchObject({
      id: 'share-pid',
      status: 'started',
      hintsUsed: 1,
    });
    const junit = (await runCli(['report', '--format', 'junit'], env)).stdout;
    expect(junit).toContain(
      '<testsuite name="pod-and-infra-container" tests="8" failures="8" skipped="0">',
    );
    expect(junit).toContain(
      '<testcase classname="pod-and-infra-container" name="share-pid" time="0.0">',
    );
    expect(junit).toContain('<failure message="started">');
    const bad = await runCli(['report', '--format', 'html'], env);
    expect(bad.code).toBe(2);
  });

  it('export then import on another machine keeps the progress; a broken file changes nothing', async () => {
    const file = join(dir, 'moved.json');
    expect((await runCli(['progress', 'export', file], env)).code).toBe(0);
    const other = { ...env, POD_COURSE_HOME: join(dir, 'b') };
    const imported = await runCli(['progress', 'import', file, '--json'], other);
    expect(imported.code).toBe(0);
    expect(JSON.parse(imported.stdout)).toMatchObject({ added: 1, updated: 0 });
    const report = JSON.parse((await runCli(['report', '--json'], other)).stdout);
    expect(report.lessons[0].steps[1]).toMatchObject({ id: 'share-pid', hintsUsed: 1 });

    await writeFile(join(dir, 'broken.json'), '{ not json');
    const broken = await runCli(['progress', 'import', join(dir, 'broken.json')], other);
    expect(broken.code).toBe(1);
    expect(broken.stderr).toContain('broken.json');
    expect(await readFile(join(dir, 'b', 'progress.json'), 'utf8')).toContain('share-pid');
    expect((await runCli(['progress', 'sideways', file], env)).code).toBe(2);
  });
});
