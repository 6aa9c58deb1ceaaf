import type { Lesson, Step } from './lesson-types.js';
import type { LocalizedText } from './localized-text.js';
import { idMessages } from './messages.js';

/**
 * Turns what a learner typed into a lesson or step (CLI.md § Ids). A lesson answers to its
 * slug, its number (`2`, `02`) and its folder name; a step to its slug and its 1-based number.
 * Slugs start with a letter and folders with digits, so the aliases can never collide.
 */

export type Resolved<T> = { ok: true; value: T } | { ok: false; message: LocalizedText };

export function resolveLesson(lessons: readonly Lesson[], ref: string): Resolved<Lesson> {
  const wanted = ref.trim();
  const lesson = lessons.find(
    (candidate) =>
      candidate.id === wanted ||
      candidate.folder === wanted ||
      (/^\d+$/.test(wanted) && Number(wanted) === candidate.number),
  );
  if (lesson) return { ok: true, value: lesson };
  return {
    ok: false,
    message: idMessages.unknownLesson(
      wanted,
      lessons.map((l) => l.id),
    ),
  };
}

export function resolveStep(lesson: Lesson, ref: string): Resolved<Step> {
  const wanted = ref.trim();
  const step = lesson.steps.find(
    (candidate) =>
      candidate.id === wanted || (/^\d+$/.test(wanted) && Number(wanted) === candidate.number),
  );
  if (step) return { ok: true, value: step };
  return {
    ok: false,
    message: idMessages.unknownStep(
      lesson.id,
      wanted,
      lesson.steps.map((s) => s.id),
    ),
  };
}

/** `lesson` or `lesson/step`; `step` is undefined when only a lesson was named. */
export function resolveRef(
  lessons: readonly Lesson[],
  ref: string,
): Resolved<{ lesson: Lesson; step: Step | undefined }> {
  const parts = ref.split('/');
  if (parts.length > 2 || parts.some((part) => part.trim() === '')) {
    return { ok: false, message: idMessages.badStepRef(ref) };
  }
  const lesson = resolveLesson(lessons, parts[0] ?? '');
  if (!lesson.ok) return lesson;
  if (parts[1] === undefined) return { ok: true, value: { lesson: lesson.value, step: undefined } };
  const step = resolveStep(lesson.value, parts[1]);
  if (!step.ok) return step;
  return { ok: true, value: { lesson: lesson.value, step: step.value } };
}

/** The canonical address of a step, as progress, `--json` output and messages write it. */
export function stepAddress(lesson: Lesson, step: Step) {
  return `${lesson.id}/${step.id}`;
}
