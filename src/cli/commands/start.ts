import { confirm, intro, log, outro } from '@clack/prompts';
import type { Unavailable } from '../../course/course-session.js';
import { loadCourse } from '../../course/lesson-loader.js';
import { formatProblem } from '../../course/lesson-problem.js';
import type { Lesson, Step } from '../../course/lesson-types.js';
import { lessonsDir } from '../../course/lessons-dir.js';
import { localize } from '../../course/localized-text.js';
import { podCourseHome } from '../../home.js';
import { resolveTarget, type TargetFlags } from '../cluster-target.js';
import { asCliError, type CourseCommand, openSession } from '../course-command.js';
import { CliError, EXIT } from '../exit-codes.js';
import { chooseBackend } from '../runner/backend-question.js';
import { readyLine } from '../runner/cluster-summary.js';
import { Interrupt } from '../runner/interrupt.js';
import { runnerLanguage } from '../runner/language-choice.js';
import { chooseLesson } from '../runner/lesson-menu.js';
import { nextUnfinished, runLesson } from '../runner/lesson-run.js';
import { ask } from '../runner/prompt.js';
import { type Runner, recordTimeSpent } from '../runner/runner-context.js';
import { type Spinner, startSpinner } from '../runner/spinner.js';
import { StatusFile, statusFilePath } from '../runner/status-file.js';
import { stepTitle } from '../runner/step-screen.js';
import { TrackedProgressStore } from '../runner/tracked-progress.js';
import { findKubectl, kubectlInstallHint } from '../shell/kubectl-install.js';
import { courseMessages } from '../ui/course-messages.js';
import type { Language } from '../ui/language.js';
import { paint } from '../ui/paint.js';
import { type RunnerMessages, runnerMessages } from '../ui/runner-messages.js';

export const START_OPTIONS = {} as const;

interface StartValues extends TargetFlags {
  lang?: string | undefined;
}

/**
 * `pod-course start`: the interactive runner (UX.md). Language and backend are asked only when
 * they cannot be known; the simulator starts behind a spinner; the learner lands on the step
 * they left, or picks a lesson; steps are graded live until they quit. Without a terminal it
 * exits at once (2) saying what to run instead: clack prompts hang without one.
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
  interrupt.install();
  try {
    const chosen = await runnerLanguage(values.lang, language, { input, interrupt });
    if (!chosen) return EXIT.ok;
    t = runnerMessages(chosen);
    intro(paint.bold(t.intro()));
    if (!(await chooseBackend(values, { input, interrupt, t }))) return leave(t);
    const runner = await connect(values, chosen, t, { input, output, interrupt, status });
    if (!findKubectl()) log.warn(t.kubectlMissing(kubectlInstallHint(process.platform, chosen)));
    interrupt.beforeExit = async () => {
      await recordTimeSpent(runner);
      await status.remove();
    };
    await courseLoop(runner);
    return leave(t);
  } finally {
    interrupt.restoreTerminal();
    interrupt.uninstall();
    await status.remove().catch(() => undefined);
  }
}

function leave(t: RunnerMessages) {
  outro(t.bye());
  return EXIT.ok;
}

/** Loads the lessons and connects, starting the backend, all behind one spinner. */
async function connect(
  flags: StartValues,
  language: Language,
  t: RunnerMessages,
  io: Pick<Runner, 'input' | 'output' | 'interrupt' | 'status'>,
): Promise<Runner> {
  const { output } = io;
  const courseT = courseMessages(language);
  let spinner: Spinner = startSpinner(output, t.connecting());
  let course: Awaited<ReturnType<typeof loadCourse>>;
  try {
    // client-node takes ~0.5 s to import: start now, while lessons load and the backend starts.
    void import('../../cluster/client-node.js').then((m) => m.loadClientNode());
    course = await loadCourse(lessonsDir());
    const target = await resolveTarget(flags, {
      language,
      start: true,
      onStarting: (what) => spinner.message(what === 'sim' ? t.simStarting() : t.kindStarting()),
      // A foreign context needs a yes; the spinner steps aside for the question.
      confirm: async (question) => {
        spinner.stop(t.connecting());
        const yes = await ask<boolean>(io, () => confirm({ message: question }));
        spinner = startSpinner(output, t.connecting());
        return yes === true;
      },
    });
    const command: CourseCommand = {
      language,
      t: courseT,
      course,
      target,
      progress: new TrackedProgressStore(podCourseHome(), io.interrupt),
      note: (line) => log.warn(line),
    };
    const session = await openSession(command);
    const ready = await readyLine(session, target, t);
    spinner.stop(ready);
    if (course.problems.length > 0) {
      log.warn(
        [courseT.lessonProblems(course.problems.length)]
          .concat(course.problems.map((p) => `  ${formatProblem(p, language)}`))
          .join('\n'),
      );
    }
    return { language, t, command, session, ...io };
  } catch (error) {
    spinner.fail(t.startFailed());
    throw asCliError(error, { t: courseT, language });
  }
}

/** Resume, else the menu; each lesson runs until the learner returns to the menu or quits. */
async function courseLoop(runner: Runner) {
  const { command, session, t, language, output } = runner;
  if (command.course.lessons.length === 0) {
    log.warn(t.noLessons(lessonsDir()));
    return;
  }
  const unavailable = new Map<string, Unavailable>();
  for (const lesson of command.course.lessons)
    unavailable.set(lesson.id, await session.unavailable(lesson));
  let next = await resumePoint(runner, unavailable);
  if (next?.step) {
    const where = stepTitle({ language, t, columns: output.columns || 80 }, next.lesson, next.step);
    log.info(t.resumed(where));
  }
  let last = next?.lesson.id;
  for (;;) {
    const lesson = next?.lesson ?? (await chooseLesson(runner, unavailable, last));
    if (!lesson) return;
    last = lesson.id;
    const outcome = await runLesson(runner, lesson, next?.step);
    next = undefined;
    if (outcome === 'quit') return;
  }
}

/** The step the learner left (UX.md: a returning learner lands on it), if it is still to do. */
async function resumePoint(
  runner: Runner,
  unavailable: ReadonlyMap<string, Unavailable>,
): Promise<{ lesson: Lesson; step: Step } | undefined> {
  const { command } = runner;
  const read = await command.progress.read();
  if (read.notice) log.warn(localize(read.notice.message, runner.language));
  const ns = read.document.backends[command.target.key]?.[command.target.namespace];
  const current = ns?.current;
  // A reset lesson or step keeps the pointer but loses its record: start that lesson afresh.
  if (!current || !ns.lessons[current.lesson]?.steps[current.step]) return undefined;
  const lesson = command.course.lessons.find((l) => l.id === current.lesson);
  if (!lesson || (unavailable.get(lesson.id) ?? []).length > 0) return undefined;
  const left = lesson.steps.find((s) => s.id === current.step);
  const step = await nextUnfinished(runner, lesson, left);
  return step ? { lesson, step } : undefined;
}
