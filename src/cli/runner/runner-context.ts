import type { CourseSession } from '../../course/course-session.js';
import type { Course } from '../../course/lesson-loader.js';
import type { Lesson, Step } from '../../course/lesson-types.js';
import { type StepProgress, stepOf } from '../../course/progress-document.js';
import type { ProgressStore } from '../../course/progress-store.js';
import type { ClusterTarget } from '../cluster-target.js';
import type { Language } from '../ui/language.js';
import type { RunnerMessages } from '../ui/runner-messages.js';
import type { Backdrop } from './backdrop.js';
import type { Interrupt } from './interrupt.js';
import type { StatusFile } from './status-file.js';
import type { Screen } from './step-screen.js';

/** The cluster once it answers. */
export interface Connected {
  target: ClusterTarget;
  session: CourseSession;
}

/**
 * What every part of the runner works with: one learner, one cluster, one terminal.
 *
 * Progress and the step's text need no cluster, so a returning learner's step is drawn while
 * the cluster still starts (`cluster` settles later); the parts that grade, solve or open
 * the shell wait for it through `clusterOf`.
 */
export interface Runner {
  language: Language;
  t: RunnerMessages;
  interrupt: Interrupt;
  input: NodeJS.ReadStream;
  output: NodeJS.WriteStream;
  status: StatusFile;
  /** The learner's progress (the store the session writes through as well). */
  progress: ProgressStore;
  /** The backend and namespace progress is kept under, known before the cluster answers. */
  key: { backend: string; namespace: string };
  /** The cluster connecting (or connected); rejects, for good, when it cannot be reached. */
  cluster: Promise<Connected>;
  /** Set once `cluster` has resolved. */
  connected?: Connected | undefined;
  /** Every lesson, loaded once on first use (a resumed lesson is read on its own before). */
  course: () => Promise<Course>;
  /** The work going on behind the screen, and what it has to say. */
  backdrop: Backdrop;
  /** The step on screen, and since when: its time spent is written when it is left. */
  current?: { lesson: Lesson; step: Step; since: number } | undefined;
}

/** Where a step screen sends the learner next. */
export type StepOutcome = 'next' | 'menu' | 'quit';

export function screenOf(runner: Pick<Runner, 'language' | 't' | 'output'>): Screen {
  return { language: runner.language, t: runner.t, columns: runner.output.columns || 80 };
}

/** The cluster, once it answers; asking for it lets the background work start. */
export function clusterOf(runner: Runner): Promise<Connected> {
  runner.backdrop.begin();
  return runner.cluster;
}

function progressKey(runner: Runner, lesson: Lesson, step: Step) {
  return { ...runner.key, lesson: lesson.id, step: step.id };
}

/** A step's progress record (the same one the session reads), without the cluster. */
export async function stepRecord(
  runner: Runner,
  lesson: Lesson,
  step: Step,
): Promise<StepProgress | undefined> {
  return stepOf((await runner.progress.read()).document, progressKey(runner, lesson, step));
}

/** Changes a step's progress record (the runner's store lets Ctrl-C wait for the write). */
export async function recordStep(
  runner: Runner,
  lesson: Lesson,
  step: Step,
  change: (record: StepProgress) => void,
): Promise<void> {
  await runner.progress.updateStep(progressKey(runner, lesson, step), change);
}

/** Adds the time since the step was shown to its record, once. */
export async function recordTimeSpent(runner: Runner) {
  const current = runner.current;
  if (!current) return;
  runner.current = undefined;
  const spent = Date.now() - current.since;
  await recordStep(runner, current.lesson, current.step, (record) => {
    record.timeSpentMs += spent;
  });
}
