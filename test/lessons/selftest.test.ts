import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCourse } from '../../src/course/lesson-loader.js';
import { lessonsDir } from '../../src/course/lessons-dir.js';
import { runCli } from '../support/cli-process.js';

interface Proof {
  name: string;
  passed: boolean;
  detail?: string;
}

/**
 * Every lesson of the course proves itself on the simulator, as CI promises: each task fails
 * fresh, each near-miss fails with its message, each solution passes, each live answer reads.
 */
describe('pod-course selftest: the whole course on a throwaway simulator', () => {
  let home: string;
  let document: {
    passed: boolean;
    lessons: { lesson: string; steps: { step: string; checks: Proof[] }[] }[];
  };
  let stderr: string;

  beforeAll(async () => {
    home = await mkdtemp(join(tmpdir(), 'pod-course-selftest-'));
    const result = await runCli(['selftest', '--json'], {
      POD_COURSE_HOME: join(home, 'home'),
      POD_COURSE_WORKSPACE: join(home, 'workspace'),
    });
    stderr = result.stderr;
    document = JSON.parse(result.stdout);
  }, 600_000);
  afterAll(async () => {
    await rm(home, { recursive: true, force: true });
  });

  it('covers every lesson of the course', async () => {
    const course = await loadCourse(lessonsDir());
    expect(course.problems).toEqual([]);
    expect(document.lessons.map((l) => l.lesson)).toEqual(course.lessons.map((l) => l.id));
  });

  it('every proof of every step holds', () => {
    const failures = document.lessons.flatMap((l) =>
      l.steps.flatMap((s) =>
        s.checks
          .filter((c) => !c.passed)
          .map((c) => `${l.lesson}/${s.step} ${c.name}: ${c.detail}`),
      ),
    );
    expect(failures, stderr).toEqual([]);
    expect(document.passed).toBe(true);
  });

  it('reports progress in course order, lesson by lesson, step by step (whatever ran at once)', async () => {
    const course = await loadCourse(lessonsDir());
    const expected = course.lessons.flatMap((l) => l.steps.map((s) => `${l.id}/${s.id}`));
    const reported = [...stderr.matchAll(/^[✓✗] (\S+) \(/gmu)].map((m) => m[1]);
    expect(reported).toEqual(expected);
  });

  it("leaves the learner's own home untouched (no simulator, no progress there)", async () => {
    const { existsSync } = await import('node:fs');
    expect(existsSync(join(home, 'home', 'progress.json'))).toBe(false);
    expect(existsSync(join(home, 'home', 'sim'))).toBe(false);
  });
});
