import { log, select } from '@clack/prompts';
import type { Unavailable } from '../../course/course-session.js';
import type { Lesson } from '../../course/lesson-types.js';
import { localize } from '../../course/localized-text.js';
import { type ProgressDocument, stepOf } from '../../course/progress-document.js';
import { ask } from './prompt.js';
import type { Runner } from './runner-context.js';
import { displayWidth, padEnd } from './text-layout.js';

const QUIT = '\0quit';

/** `░░░░ 0/4` → `██░░ 2/4`: steps passed or skipped, of all. */
export function progressBar(done: number, total: number) {
  return `${'█'.repeat(done)}${'░'.repeat(Math.max(0, total - done))} ${done}/${total}`;
}

export function stepsDone(
  document: ProgressDocument,
  key: { backend: string; namespace: string },
  lesson: Lesson,
) {
  return lesson.steps.filter((step) => {
    const status = stepOf(document, { ...key, lesson: lesson.id, step: step.id })?.status;
    return status === 'passed' || status === 'skipped';
  }).length;
}

/**
 * The lesson menu: every lesson with its progress bar; those this cluster cannot host are
 * shown, disabled, with the reason. Undefined when the learner quits (or presses Escape).
 */
export async function chooseLesson(
  runner: Runner,
  lessons: Lesson[],
  unavailable: ReadonlyMap<string, Unavailable>,
  initial: string | undefined,
): Promise<Lesson | undefined> {
  const { t, language, key } = runner;
  const document = (await runner.progress.read()).document;
  const titleWidth = Math.max(0, ...lessons.map((l) => displayWidth(localize(l.title, language))));
  const options = lessons.map((lesson) => {
    const reasons = unavailable.get(lesson.id) ?? [];
    const number = String(lesson.number).padStart(2, '0');
    const title = padEnd(localize(lesson.title, language), titleWidth);
    const bar = progressBar(stepsDone(document, key, lesson), lesson.steps.length);
    return {
      value: lesson.id,
      label: `${number} ${title}  ${bar}`,
      ...(reasons.length > 0
        ? {
            disabled: true,
            hint: t.unavailable(reasons.map((r) => localize(r.reason, language)).join('; ')),
          }
        : {}),
    };
  });
  options.push({ value: QUIT, label: t.quitOption() });
  // The cursor starts on the lesson just left, unless it is complete: then on the next one to do.
  const open = lessons.filter((l) => (unavailable.get(l.id) ?? []).length === 0);
  const unfinished = open.filter((l) => stepsDone(document, key, l) < l.steps.length);
  const left = open.findIndex((l) => l.id === initial);
  const start =
    unfinished.find((l) => l.id === initial) ??
    unfinished.find((l) => open.indexOf(l) > left) ??
    unfinished[0] ??
    open[left];
  const firstOpen = open[0];
  if (open.length > 0 && unfinished.length === 0) log.success(t.courseDone());
  const chosen = await ask<string>(runner, () =>
    select({
      message: t.lessonQuestion(),
      options,
      initialValue: start?.id ?? firstOpen?.id ?? QUIT,
      showInstructions: false,
    }),
  );
  if (chosen === undefined || chosen === QUIT) return undefined;
  return lessons.find((lesson) => lesson.id === chosen);
}
