import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli-process.js';

const LESSON_01 = fileURLToPath(
  new URL('../../lessons/01-pod-and-infra-container', import.meta.url),
);

/**
 * The non-interactive commands of CLI.md as a script or CI job runs them: the built-in
 * simulator started on demand, lesson 01 graded, hinted, solved and reset through the API.
 */
describe('pod-course list | check | hint | solve | reset | selftest (no TTY)', () => {
  let env: Record<string, string>;
  let home: string;
  const cli = (...args: string[]) => runCli(args, env);

  beforeAll(async () => {
    home = await mkdtemp(join(tmpdir(), 'pod-course-engine-'));
    const lessons = join(home, 'lessons');
    await cp(LESSON_01, join(lessons, '01-pod-and-infra-container'), { recursive: true });
    env = {
      POD_COURSE_HOME: join(home, 'home'),
      POD_COURSE_WORKSPACE: join(home, 'workspace'),
      POD_COURSE_LESSONS: lessons,
      LANG: 'en_US.UTF-8',
    };
  });

  afterAll(async () => {
    await cli('sim', 'stop');
    await rm(home, { recursive: true, force: true });
  });

  it('check on a fresh cluster fails, says why per condition, and starts the simulator', async () => {
    const result = await cli('check', '01', '--json');
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('Starting the simulator');
    const document = JSON.parse(result.stdout);
    expect(document.passed).toBe(false);
    const task = document.steps.find((s: { step: string }) => s.step === 'share-pid');
    expect(task.conditions).toEqual([
      expect.objectContaining({ id: 'pod-exists', passed: false }),
      expect.objectContaining({ id: 'shares-process-namespace', passed: false }),
      expect.objectContaining({ id: 'containers-running', passed: false }),
    ]);
    expect(task.conditions[0].message.en).toBe(
      'Pod nginx-busybox does not exist yet (namespace default)',
    );
    expect(task.conditions[0].message.zh).toContain('还不存在');
    const read = document.steps.find((s: { step: string }) => s.step === 'what-is-a-pod');
    expect(read).toMatchObject({ kind: 'read', passed: true });
  });

  it('speaks Chinese with --lang zh, one language per output', async () => {
    const result = await cli('check', '01/share-pid', '--lang', 'zh');
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('Pod nginx-busybox 还不存在');
    expect(result.stdout).not.toContain('does not exist');
  });

  it('hint gives the next level each time, records it, and accepts --level', async () => {
    const first = await cli('hint', '01/share-pid');
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('Hint 1/3: The field you need belongs to the whole Pod');
    const second = await cli('hint', 'pod-and-infra-container/2');
    expect(second.stdout).toContain('Hint 2/3:');
    const third = await cli('hint', '01/share-pid', '--level', '3', '--json');
    expect(JSON.parse(third.stdout)).toMatchObject({
      step: 'pod-and-infra-container/share-pid',
      level: 3,
      of: 3,
    });
    const bad = await cli('hint', '01/share-pid', '--level', '9');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--level must be a number from 1 to 3');
    const progress = JSON.parse(
      await readFile(join(env.POD_COURSE_HOME ?? '', 'progress.json'), 'utf8'),
    );
    expect(
      progress.backends.sim.default.lessons['pod-and-infra-container'].steps['share-pid'].hintsUsed,
    ).toBe(3);
  });

  it('an unknown lesson or step is a usage error naming it', async () => {
    const lesson = await cli('check', 'no-such-lesson');
    expect(lesson.code).toBe(2);
    expect(lesson.stderr).toContain('no-such-lesson');
    const step = await cli('solve', '01/nope');
    expect(step.code).toBe(2);
    expect(step.stderr).toContain('nope');
  });

  it('check --wait gives up after the duration when nothing changes', async () => {
    const result = await cli('check', '01/share-pid', '--wait', '2s');
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('Waiting up to 2 s');
  });

  it('solve performs the reference solution and returns once the conditions pass', async () => {
    const solved = await cli('solve', '01/share-pid');
    expect(solved.code).toBe(0);
    expect(solved.stderr).toContain('pod/nginx-busybox created');
    expect(solved.stderr).toContain('✓ pod-and-infra-container/share-pid passes.');
    const checked = await cli('check', '01/share-pid', '--json');
    expect(checked.code).toBe(0);
    const conditions = JSON.parse(checked.stdout).steps[0].conditions;
    expect(conditions.every((c: { passed: boolean }) => c.passed)).toBe(true);
    expect(conditions[1].facts[0].en).toBe('spec.shareProcessNamespace: true');
  });

  it('solve answers a live quiz from the cluster: PID 1 under a shared namespace is /pause', async () => {
    const solved = await cli('solve', '01/pid-one');
    expect(solved.code).toBe(0);
    const progress = JSON.parse(
      await readFile(join(env.POD_COURSE_HOME ?? '', 'progress.json'), 'utf8'),
    );
    expect(
      progress.backends.sim.default.lessons['pod-and-infra-container'].steps['pid-one'],
    ).toMatchObject({
      status: 'passed',
      answer: ['pause'],
    });
  });

  it('list --json has the contract shape with progress and availability', async () => {
    const result = await cli('list', '--json');
    expect(result.code).toBe(0);
    const { lessons } = JSON.parse(result.stdout);
    expect(lessons).toHaveLength(1);
    expect(lessons[0]).toMatchObject({
      id: 'pod-and-infra-container',
      number: 1,
      title: { zh: 'Pod 与 infra 容器', en: 'The Pod and its infra container' },
      needs: ['exec'],
      available: true,
    });
    expect(lessons[0].steps[1]).toMatchObject({ id: 'share-pid', kind: 'task', status: 'passed' });
  });

  it('reset removes what the lesson made and restores the starter file, so check fails again', async () => {
    const starter = join(
      env.POD_COURSE_WORKSPACE ?? '',
      '01-pod-and-infra-container',
      'nginx-busybox.yaml',
    );
    await writeFile(starter, 'edited by the learner\n');
    const reset = await cli('reset', '01');
    expect(reset.code).toBe(0);
    expect(reset.stderr).toContain('pod/nginx-busybox deleted');
    expect(await readFile(starter, 'utf8')).toContain('kind: Pod');
    const checked = await cli('check', '01/share-pid');
    expect(checked.code).toBe(1);
    expect(checked.stdout).toContain('Pod nginx-busybox does not exist yet');
    const needsRef = await cli('reset');
    expect(needsRef.code).toBe(2);
  });

  it('selftest proves every step on its own throwaway simulator', async () => {
    const result = await cli('selftest', '01', '--json');
    expect(result.code).toBe(0);
    const document = JSON.parse(result.stdout);
    expect(document.passed).toBe(true);
    const task = document.lessons[0].steps.find((s: { step: string }) => s.step === 'share-pid');
    expect(task.checks.map((c: { name: string }) => c.name)).toEqual([
      'fresh',
      'near-miss:not-shared',
      'near-miss:shell-exits',
      'solution',
    ]);
    // The learner's cluster and progress were not touched: the step still fails there.
    const checked = await cli('check', '01/share-pid');
    expect(checked.code).toBe(1);
  });
});
