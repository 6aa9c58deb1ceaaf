import { cp, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadLesson } from '../../course/lesson-loader.js';
import { loadLessonById } from './resume-point.js';

const LESSONS = fileURLToPath(new URL('../../../lessons', import.meta.url));

describe('reading the resumed lesson on its own', () => {
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'pod-course-resume-'));
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('finds a lesson by its id, also when the folder is named otherwise, as the course loads it', async () => {
    const lesson = await loadLessonById(LESSONS, 'debugging-a-pod');
    expect(lesson?.folder).toBe('05-debugging');
    const loaded = await loadLesson(join(LESSONS, '05-debugging'));
    expect(loaded.ok && loaded.lesson).toEqual(lesson);
    expect((await loadLessonById(LESSONS, 'pod-and-infra-container'))?.number).toBe(1);
  });

  it('finds nothing for an unknown id, a step id, or a missing folder', async () => {
    expect(await loadLessonById(LESSONS, 'no-such-lesson')).toBeUndefined();
    expect(await loadLessonById(LESSONS, 'what-is-a-pod')).toBeUndefined();
    expect(await loadLessonById(join(dir, 'missing'), 'pod-and-infra-container')).toBeUndefined();
  });

  it('leaves a lesson that does not load to the whole course (which says why)', async () => {
    const broken = join(dir, 'lessons', '01-pod-and-infra-container');
    await cp(join(LESSONS, '01-pod-and-infra-container'), broken, { recursive: true });
    await rm(join(broken, 'files'), { recursive: true, force: true });
    await mkdir(join(broken, 'files'));
    expect((await loadLesson(broken)).ok).toBe(false);
    expect(await loadLessonById(join(dir, 'lessons'), 'pod-and-infra-container')).toBeUndefined();
  });
});
