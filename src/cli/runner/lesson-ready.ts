import type { CourseSession } from '../../course/course-session.js';
import type { Lesson } from '../../course/lesson-types.js';
import { localize } from '../../course/localized-text.js';
import { errorText } from './error-text.js';
import { clusterOf, type Runner } from './runner-context.js';

/** The lesson cannot run on this cluster now (its setup failed, or it needs what is missing). */
export class LessonNotReady extends Error {
  constructor(readonly text: string) {
    super(text);
    this.name = 'LessonNotReady';
  }
}

/**
 * A lesson made ready on the cluster: once the cluster answers, its needs are checked (a
 * resumed lesson is shown before the cluster could tell whether it can host it) and its
 * setup is applied. Rejects with LessonNotReady, saying why, or with the cluster's own
 * failure when there is no cluster at all.
 */
export async function prepareLesson(
  runner: Runner,
  lesson: Lesson,
  say: (line: string) => void,
): Promise<CourseSession> {
  const { session } = await clusterOf(runner);
  const { t, language } = runner;
  const number = String(lesson.number).padStart(2, '0');
  try {
    const missing = await session.unavailable(lesson);
    if (missing.length > 0) {
      throw new LessonNotReady(
        t.unavailable(missing.map((m) => localize(m.reason, language)).join('; ')),
      );
    }
    await session.setUp(lesson, {
      onProgress: (line) => say(`${t.preparing(number)} ${line}`),
    });
  } catch (error) {
    if (error instanceof LessonNotReady) throw error;
    throw new LessonNotReady(errorText(error, language));
  }
  return session;
}
