import { mkdir } from 'node:fs/promises';
import type { Lesson, Step } from '../../course/lesson-types.js';
import type { StepProgress } from '../../course/progress-document.js';
import { prepareWorkspace } from '../../course/workspace.js';
import { errorText } from './error-text.js';
import { runQuizStep } from './quiz-step.js';
import { runReadStep } from './read-step.js';
import {
  type Runner,
  recordStep,
  recordTimeSpent,
  type StepOutcome,
  screenOf,
} from './runner-context.js';
import { startSpinner } from './spinner.js';
import { runTaskStep } from './step-loop.js';
import { noteLines } from './step-screen.js';

export type LessonOutcome = 'menu' | 'quit';

const done = (record: StepProgress | undefined) =>
  record?.status === 'passed' || record?.status === 'skipped';

/**
 * The first step not done yet, from `from` (the step the learner left) to the end, then from
 * the start; undefined when every step is done.
 */
export async function nextUnfinished(runner: Runner, lesson: Lesson, from?: Step) {
  const start = from ? Math.max(0, lesson.steps.indexOf(from)) : 0;
  const order = [...lesson.steps.slice(start), ...lesson.steps.slice(0, start)];
  for (const step of order) {
    if (!done(await runner.session.stepProgress(lesson, step))) return step;
  }
  return undefined;
}

/**
 * One lesson: the workspace and the lesson's setup (behind a spinner), then its steps in
 * order from `from` (else the first not done), until the lesson ends or the learner goes to
 * the menu or quits.
 */
export async function runLesson(runner: Runner, lesson: Lesson, from?: Step) {
  const { t, session, output } = runner;
  const number = String(lesson.number).padStart(2, '0');
  const spinner = startSpinner(output, t.preparing(number));
  let workspace: string;
  try {
    workspace = await runner.interrupt.track(prepareWorkspace(lesson));
    await mkdir(workspace, { recursive: true });
    await session.setUp(lesson, {
      onProgress: (line) => spinner.message(`${t.preparing(number)} ${line}`),
    });
    spinner.stop(t.prepared(number));
  } catch (error) {
    spinner.fail(`${t.prepareFailed(number)}: ${errorText(error, runner.language)}`);
    return 'menu';
  }
  // A finished lesson opens at its first step again: a review.
  const first = from ?? (await nextUnfinished(runner, lesson)) ?? lesson.steps[0];
  for (let index = first ? lesson.steps.indexOf(first) : 0; index < lesson.steps.length; ) {
    const step = lesson.steps[index];
    if (!step) break;
    const outcome = await runStep(runner, lesson, step, workspace);
    if (outcome === 'menu' || outcome === 'quit') return outcome;
    index += 1;
  }
  output.write(`${noteLines(screenOf(runner), `✓ ${t.lessonDone(number)}`, 'pass').join('\n')}\n`);
  return 'menu';
}

/** Shows one step, recording that it was started and the time spent on it. */
async function runStep(
  runner: Runner,
  lesson: Lesson,
  step: Step,
  workspace: string,
): Promise<StepOutcome> {
  await recordStep(runner, lesson, step, () => {});
  runner.current = { lesson, step, since: Date.now() };
  try {
    if (step.kind === 'task') return await runTaskStep(runner, lesson, step, workspace);
    if (step.kind === 'quiz') return await runQuizStep(runner, lesson, step, workspace);
    return await runReadStep(runner, lesson, step, workspace);
  } finally {
    await recordTimeSpent(runner);
  }
}
