import { intro, log, outro } from '@clack/prompts';
import type { Unavailable } from '../../course/course-session.js';
import type { Lesson } from '../../course/lesson-types.js';
import { lessonsDir } from '../../course/lessons-dir.js';
import type { TargetFlags } from '../cluster-target.js';
import { CliError, EXIT } from '../exit-codes.js';
import { chooseBackend } from '../runner/backend-question.js';
import { waitInForeground } from '../runner/foreground-wait.js';
import { Interrupt } from '../runner/interrupt.js';
import { runnerLanguage } from '../runner/language-choice.js';
import { chooseLesson } from '../runner/lesson-menu.js';
import { runLesson } from '../runner/lesson-run.js';
import { openRunner } from '../runner/open-runner.js';
import { resumePoint } from '../runner/resume-point.js';
import { clusterOf, type Runner, recordTimeSpent } from '../runner/runner-context.js';
import { StatusFile, statusFilePath } from '../runner/status-file.js';
import { stepTitle } from '../runner/step-screen.js';
import { findKubectl, kubectlInstallHint } from '../shell/kubectl-install.js';
import type { Language } from '../ui/language.js';
import { paint } from '../ui/paint.js';
import { type RunnerMessages, runnerMessages } from '../ui/runner-messages.js';

export const START_OPTIONS = {} as const;

interface StartValues extends TargetFlags {
  lang?: string | undefined;
}

/**
 * `pod-course start`: the interactive runner (UX.md). Language and backend are asked only when
 * they cannot be known; a returning learner sees the step they left at once, while the
 * simulator starts behind it (its spinner line, then its ready line, on the step's screen);
 * otherwise the simulator starts behind a spinner and the learner picks a lesson. Steps are
 * graded live until they quit. Without a terminal it exits at once (2) saying what to run
 * instead: clack prompts hang without one.
 */
export async function runStart(values: StartValues, language: Language): Promise<number> {
  const input = process.stdin;
  const output = process.stdout;
  if (!input.isTTY || !output.isTTY) {
    throw new CliError(runnerMessages(language).noTty(), EXIT.usage);
  }
  let t = runnerMessages(language);
  const interrupt = new Interrupt({ input, output, bye: () => t.bye() });
  const status = new StatusFile(statusFilePath());
  let runner: Runner | undefined;
  let code: number;
  const run = async (): Promise<number> => {
    const chosen = await runnerLanguage(values.lang, language, { input, interrupt });
    if (!chosen) return EXIT.ok;
    t = runnerMessages(chosen);
    intro(paint.bold(t.intro()));
    if (!(await chooseBackend(values, { input, interrupt, t }))) return leave(t);
    const opened = await openRunner(values, chosen, t, { input, output, interrupt, status });
    runner = opened;
    interrupt.beforeExit = async () => {
      await recordTimeSpent(opened);
      await status.remove();
    };
    if (!findKubectl()) log.warn(t.kubectlMissing(kubectlInstallHint(process.platform, chosen)));
    await courseLoop(opened);
    return leave(t);
  };
  interrupt.install();
  try {
    code = await run();
  } finally {
    interrupt.restoreTerminal();
    interrupt.uninstall();
    await status.remove().catch(() => undefined);
  }
  if (runner && !runner.backdrop.idle) {
    // Left while the cluster still starts or a lesson is set up: not waited for (the
    // simulator finishes starting on its own; a setup runs again next time). Writes finish.
    await interrupt.settle();
    process.exit(code);
  }
  return code;
}

function leave(t: RunnerMessages) {
  outro(t.bye());
  return EXIT.ok;
}

/** Resume, else the menu; each lesson runs until the learner returns to the menu or quits. */
async function courseLoop(runner: Runner) {
  const { t, language, output } = runner;
  let next = await resumePoint(runner, lessonsDir(), (line) => log.warn(line));
  if (next) {
    const where = stepTitle({ language, t, columns: output.columns || 80 }, next.lesson, next.step);
    log.info(t.resumed(where));
  }
  let last = next?.lesson.id;
  for (;;) {
    let lesson = next?.lesson;
    if (!lesson) {
      const menu = await menuLessons(runner);
      if (!menu) return;
      lesson = await chooseLesson(runner, menu.lessons, menu.unavailable, last);
      if (!lesson) return;
    }
    last = lesson.id;
    const outcome = await runLesson(runner, lesson, next?.step);
    next = undefined;
    if (outcome === 'quit') return;
  }
}

/**
 * What the menu lists: every lesson, and why this cluster cannot host some. Needs the
 * cluster and the whole course: waited for behind a spinner (the start's ready line).
 */
async function menuLessons(
  runner: Runner,
): Promise<{ lessons: Lesson[]; unavailable: Map<string, Unavailable> } | undefined> {
  const [{ session }, course] = await waitInForeground(
    runner,
    Promise.all([clusterOf(runner), runner.course()]),
    runner.t.startFailed(),
  );
  if (course.lessons.length === 0) {
    log.warn(runner.t.noLessons(lessonsDir()));
    return undefined;
  }
  const unavailable = new Map<string, Unavailable>();
  for (const lesson of course.lessons)
    unavailable.set(lesson.id, await session.unavailable(lesson));
  return { lessons: course.lessons, unavailable };
}
