import { resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { resolveLesson, resolveRef, resolveStep, stepAddress } from './lesson-ids.js';
import { loadLesson } from './lesson-loader.js';
import type { Lesson } from './lesson-types.js';

let lessons: Lesson[] = [];
beforeAll(async () => {
  const result = await loadLesson(
    resolve(import.meta.dirname, '../../lessons/01-pod-and-infra-container'),
  );
  if (!result.ok) throw new Error('the example lesson does not load');
  lessons = [result.lesson];
});

describe('lesson and step ids', () => {
  it('a lesson answers to its slug, its number and its folder name', () => {
    for (const ref of ['pod-and-infra-container', '1', '01', '01-pod-and-infra-container']) {
      const found = resolveLesson(lessons, ref);
      expect(found.ok && found.value.id, ref).toBe('pod-and-infra-container');
    }
  });

  it('an unknown lesson names what exists, in both languages', () => {
    const found = resolveLesson(lessons, 'shared-volume');
    expect(found).toEqual({
      ok: false,
      message: {
        en: 'no lesson "shared-volume"; lessons are: pod-and-infra-container (a number or folder name works too)',
        zh: '没有课程 "shared-volume";现有课程: pod-and-infra-container (也可以用编号或目录名)',
      },
    });
    expect(resolveLesson(lessons, '2').ok).toBe(false);
  });

  it('a step answers to lesson/step, by slug or 1-based number', () => {
    const bySlug = resolveRef(lessons, 'pod-and-infra-container/share-pid');
    const byNumbers = resolveRef(lessons, '01/2');
    const byFolder = resolveRef(lessons, '01-pod-and-infra-container/share-pid');
    for (const found of [bySlug, byNumbers, byFolder]) {
      if (!found.ok || !found.value.step) throw new Error('not resolved');
      expect(stepAddress(found.value.lesson, found.value.step)).toBe(
        'pod-and-infra-container/share-pid',
      );
    }
    const lessonOnly = resolveRef(lessons, 'pod-and-infra-container');
    expect(lessonOnly.ok && lessonOnly.value.step).toBeUndefined();
  });

  it('an unknown or malformed step ref says what to write', () => {
    const lesson = lessons[0] as Lesson;
    const unknown = resolveStep(lesson, 'apply');
    expect(!unknown.ok && unknown.message.en).toBe(
      'lesson pod-and-infra-container has no step "apply"; its steps are: what-is-a-pod, share-pid, pid-one, solo-pid-one, reach-over-localhost, one-ip, what-is-shared, pause-holds-the-pod',
    );
    const malformed = resolveRef(lessons, 'a/b/c');
    expect(!malformed.ok && malformed.message.en).toBe(
      '"a/b/c" is not a step: write lesson/step, e.g. pod-and-infra-container/share-pid',
    );
    expect(resolveRef(lessons, 'pod-and-infra-container/').ok).toBe(false);
  });
});
