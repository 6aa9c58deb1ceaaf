import { mkdir } from 'node:fs/promises';
import type { CourseSession } from '../../course/course-session.js';
import type { Lesson, Step } from '../../course/lesson-types.js';
import type { StepProgress } from '../../course/progress-document.js';
import { prepareWorkspace } from '../../course/workspace.js';
import { paint } from '../ui/paint.js';
import { errorText } from './error-text.js';
import { LessonNotReady, prepareLesson } from './lesson-ready.js';
import { runQuizStep } from './quiz-step.js';
import { runReadStep } from './read-step.js';
import {
  type Runner,
  recordStep,
  recordTimeSpent,
  type StepOutcome,
  screenOf,
  stepRecord,
} from './runner-context.js';
import { startSpinner } from './spinner.js';
import { runTaskStep } from './step-loop.js';
import { guide, noteLines } from './step-screen.js';

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
    if (!done(await stepRecord(runner, lesson, step))) return step;
  }
  return undefined;
}

/**
 * One lesson: the workspace and the lesson's setup, then its steps in order from `from`
 * (else the first not done), until the lesson ends or the learner goes to the menu or quits.
 *
 * With the cluster answering, the setup runs behind a spinner first, as it always did. While
 * the cluster still starts (a returning learner, just after `start`), the step comes first:
 * the setup runs behind it, shown by the step's spinner line; the steps that need the
 * cluster wait for it, and a setup that fails sends the learner to the menu.
 */
export async function runLesson(runner: Runner, lesson: Lesson, from?: Step) {
  const { t, output } = runner;
  const number = String(lesson.number).padStart(2, '0');
  let workspace: string;
  let ready: Promise<CourseSession>;
  let failed = false;
  const fail = (error: unknown) =>
    `${t.prepareFailed(number)}: ${error instanceof LessonNotReady ? error.text : errorText(error, runner.language)}`;
  if (runner.connected) {
    const spinner = startSpinner(output, t.preparing(number));
    try {
      workspace = await prepareFiles(runner, lesson);
      ready = Promise.resolve(await prepareLesson(runner, lesson, (line) => spinner.message(line)));
      spinner.stop(t.prepared(number));
    } catch (error) {
      spinner.fail(fail(error));
      return 'menu';
    }
  } else {
    try {
      workspace = await prepareFiles(runner, lesson);
    } catch (error) {
      output.write(`${guide()}\n${paint.fail('▲')}  ${fail(error)}\n`);
      return 'menu';
    }
    ready = runner.cluster.then(() =>
      runner.backdrop.run(t.preparing(number), (say) => prepareLesson(runner, lesson, say)),
    );
    ready.catch((error: unknown) => {
      // Without a cluster at all, the step view says so and the runner stops.
      if (!(error instanceof LessonNotReady)) return;
      failed = true;
      runner.backdrop.announce({ tone: 'failed', text: fail(error) });
    });
  }
  // A finished lesson opens at its first step again: a review.
  const first = from ?? (await nextUnfinished(runner, lesson)) ?? lesson.steps[0];
  for (let index = first ? lesson.steps.indexOf(first) : 0; index < lesson.steps.length; ) {
    const step = lesson.steps[index];
    if (!step) break;
    const outcome = await runStep(runner, lesson, step, workspace, ready);
    if (outcome === 'menu' || outcome === 'quit') return outcome;
    // A read step does not wait for the setup; the next step would need it.
    if (failed) return 'menu';
    index += 1;
  }
  output.write(`${noteLines(screenOf(runner), `✓ ${t.lessonDone(number)}`, 'pass').join('\n')}\n`);
  return 'menu';
}

/** The learner's copy of the lesson's starter files. */
async function prepareFiles(runner: Runner, lesson: Lesson) {
  const workspace = await runner.interrupt.track(prepareWorkspace(lesson));
  await mkdir(workspace, { recursive: true });
  return workspace;
}

/** Shows one step, recording that it was started and the time spent on it. */
async function runStep(
  runner: Runner,
  lesson: Lesson,
  step: Step,
  workspace: string,
  ready: Promise<CourseSession>,
): Promise<StepOutcome> {
  await recordStep(runner, lesson, step, () => {});
  runner.current = { lesson, step, since: Date.now() };
  try {
    if (step.kind === 'task') return await runTaskStep(runner, lesson, step, workspace, ready);
    if (step.kind === 'quiz') return await runQuizStep(runner, lesson, step, workspace, ready);
    return await runReadStep(runner, lesson, step, workspace);
  } finally {
    await recordTimeSpent(runner);
  }
}
