import type { CourseSession } from '../../course/course-session.js';
import type { Lesson, Step } from '../../course/lesson-types.js';
import type { StepProgress } from '../../course/progress-document.js';
import type { CourseCommand } from '../course-command.js';
import type { Language } from '../ui/language.js';
import type { RunnerMessages } from '../ui/runner-messages.js';
import type { Interrupt } from './interrupt.js';
import type { StatusFile } from './status-file.js';
import type { Screen } from './step-screen.js';

/** What every part of the runner works with: one learner, one cluster, one terminal. */
export interface Runner {
  language: Language;
  t: RunnerMessages;
  command: CourseCommand;
  session: CourseSession;
  interrupt: Interrupt;
  input: NodeJS.ReadStream;
  output: NodeJS.WriteStream;
  status: StatusFile;
  /** The step on screen, and since when: its time spent is written when it is left. */
  current?: { lesson: Lesson; step: Step; since: number } | undefined;
}

/** Where a step screen sends the learner next. */
export type StepOutcome = 'next' | 'menu' | 'quit';

export function screenOf(runner: Runner): Screen {
  return { language: runner.language, t: runner.t, columns: runner.output.columns || 80 };
}

/** Changes a step's progress record (the runner's store lets Ctrl-C wait for the write). */
export function recordStep(
  runner: Runner,
  lesson: Lesson,
  step: Step,
  change: (record: StepProgress) => void,
): Promise<void> {
  return runner.session.markStep(lesson, step, change);
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
