import { ClusterUnreachable } from '../cluster/api-failure.js';
import { ChecksProblem } from '../course/checks-loader.js';
import type { CourseSession } from '../course/course-session.js';
import { CheckCrashed } from '../course/grade-step.js';
import { resolveRef } from '../course/lesson-ids.js';
import { type Course, loadCourse } from '../course/lesson-loader.js';
import { formatProblem } from '../course/lesson-problem.js';
import type { Lesson, Step } from '../course/lesson-types.js';
import { lessonsDir } from '../course/lessons-dir.js';
import { localize } from '../course/localized-text.js';
import { ActionFailed } from '../course/perform-action.js';
import { ProgressStore } from '../course/progress-store.js';
import { podCourseHome } from '../home.js';
import { type ClusterTarget, resolveTarget, type TargetFlags } from './cluster-target.js';
import { CliError, EXIT } from './exit-codes.js';
import { type CourseMessages, courseMessages } from './ui/course-messages.js';
import type { Language } from './ui/language.js';

export interface CourseCommand {
  language: Language;
  t: CourseMessages;
  course: Course;
  /** Selftest swaps in its throwaway simulator. */
  target: ClusterTarget;
  /** Selftest swaps in a throwaway store. */
  progress: ProgressStore;
  /** Human messages: stderr, so `--json` stdout stays one document. */
  note: (line: string) => void;
}

/** Loads the lessons and works out the backend; `start: false` never starts a cluster. */
export async function openCourseCommand(
  flags: TargetFlags & { json?: boolean | undefined },
  language: Language,
  options: { start: boolean },
): Promise<CourseCommand> {
  const t = courseMessages(language);
  const note = (line: string) => process.stderr.write(`${line}\n`);
  // client-node takes ~0.5 s to import: start now, while lessons load and the backend starts.
  if (options.start) void import('../cluster/client-node.js').then((m) => m.loadClientNode());
  const course = await loadCourse(lessonsDir());
  if (course.problems.length > 0) {
    note(t.lessonProblems(course.problems.length));
    for (const problem of course.problems) note(`  ${formatProblem(problem, language)}`);
  }
  const target = await resolveTarget(flags, {
    language,
    start: options.start,
    onStarting: (what) => note(what === 'sim' ? t.simStarting() : t.kindStarting()),
  });
  if (target.startedInMs !== undefined) note(t.simStarted(target.startedInMs));
  return { language, t, course, target, progress: new ProgressStore(podCourseHome()), note };
}

/** Connects to the target's cluster (client-node loads here, not before). */
export async function openSession(command: CourseCommand): Promise<CourseSession> {
  const { CourseSession } = await import('../course/course-session.js');
  const session = await CourseSession.open(command.target, command.progress);
  if (command.target.backend === 'cluster') await session.ensureNamespace();
  return session;
}

export interface Selection {
  lesson: Lesson;
  steps: Step[];
}

/** `lesson`, `lesson/step`, or nothing (every lesson); an unknown id is a usage error (exit 2). */
export function selectSteps(command: CourseCommand, ref: string | undefined): Selection[] {
  if (ref === undefined)
    return command.course.lessons.map((lesson) => ({ lesson, steps: lesson.steps }));
  const resolved = resolveRef(command.course.lessons, ref);
  if (!resolved.ok) throw new CliError(localize(resolved.message, command.language), EXIT.usage);
  const { lesson, step } = resolved.value;
  return [{ lesson, steps: step ? [step] : lesson.steps }];
}

/** Engine failures as one clear message and the contract's exit code. */
export function asCliError(
  error: unknown,
  command: Pick<CourseCommand, 't' | 'language'>,
): unknown {
  if (error instanceof ClusterUnreachable) {
    return new CliError(
      command.t.unreachable(localize(error.text(), command.language)),
      EXIT.clusterUnavailable,
    );
  }
  if (error instanceof ChecksProblem)
    return new CliError(localize(error.text, command.language), EXIT.notPassed);
  if (error instanceof CheckCrashed)
    return new CliError(command.t.checkCrashed(error.message), EXIT.notPassed);
  if (error instanceof ActionFailed)
    return new CliError(command.t.actionFailed(error.message), EXIT.notPassed);
  return error;
}
