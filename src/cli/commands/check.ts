import type { StepGrade } from '../../course/grade-step.js';
import type { Lesson } from '../../course/lesson-types.js';
import { localize } from '../../course/localized-text.js';
import type { TargetFlags } from '../cluster-target.js';
import { asCliError, openCourseCommand, openSession, selectSteps } from '../course-command.js';
import { parseDuration } from '../duration.js';
import { CliError, EXIT } from '../exit-codes.js';
import type { CourseMessages } from '../ui/course-messages.js';
import type { Language } from '../ui/language.js';
import { paint } from '../ui/paint.js';

export const CHECK_OPTIONS = { wait: { type: 'string' } } as const;

type CheckValues = TargetFlags & {
  json?: boolean | undefined;
  wait?: string | undefined;
};

const POLL_MS = 1000;

/** `pod-course check [lesson[/step]] [--json] [--wait DURATION]` (CLI.md). */
export async function runCheck(ref: string | undefined, values: CheckValues, language: Language) {
  const command = await openCourseCommand(values, language, { start: true });
  const waitMs = values.wait === undefined ? 0 : parseDuration(values.wait);
  if (waitMs === undefined)
    throw new CliError(`--wait: "${values.wait}" is not a duration (45s, 2m)`, EXIT.usage);
  const selection = selectSteps(command, ref);
  try {
    const session = await openSession(command);
    const deadline = Date.now() + waitMs;
    if (waitMs > 0) command.note(command.t.waiting(Math.round(waitMs / 1000)));
    let results: { lesson: Lesson; grades: StepGrade[] }[];
    for (;;) {
      results = [];
      for (const { lesson, steps } of selection) {
        const grades: StepGrade[] = [];
        for (const step of steps) grades.push(await session.grade(lesson, step, { record: true }));
        results.push({ lesson, grades });
      }
      const passed = results.every((r) => r.grades.every((g) => g.passed));
      if (passed || Date.now() >= deadline) break;
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
    const all = results.flatMap((r) => r.grades.map((g) => ({ lesson: r.lesson, grade: g })));
    const passedCount = all.filter((x) => x.grade.passed).length;
    const passed = passedCount === all.length;
    if (values.json) {
      const document = {
        passed,
        steps: all.map(({ lesson, grade }) => ({
          lesson: lesson.id,
          step: grade.step,
          kind: grade.kind,
          passed: grade.passed,
          ...(grade.message ? { message: grade.message } : {}),
          conditions: grade.conditions.map((c) => ({
            id: c.id,
            passed: c.passed,
            message: c.message ?? null,
            ...(c.passed ? { facts: c.facts } : {}),
          })),
        })),
      };
      process.stdout.write(`${JSON.stringify(document, null, 2)}\n`);
    } else {
      for (const { lesson, grades } of results) printLesson(lesson, grades, language, command.t);
      process.stdout.write(
        `${passed ? command.t.allPassed(all.length) : command.t.notAllPassed(passedCount, all.length)}\n`,
      );
    }
    return passed ? EXIT.ok : EXIT.notPassed;
  } catch (error) {
    throw asCliError(error, command);
  }
}

function printLesson(lesson: Lesson, grades: StepGrade[], language: Language, t: CourseMessages) {
  const out: string[] = [];
  for (const grade of grades) {
    const step = lesson.steps.find((s) => s.id === grade.step);
    if (!step) continue;
    const mark = grade.passed ? paint.pass('✓') : paint.fail('✗');
    out.push(
      `${mark} ${t.stepHeader(lesson.id, step.number, lesson.steps.length, localize(step.title, language))}`,
    );
    for (const c of grade.conditions) {
      const line = c.passed
        ? `  ${paint.pass('✓')} ${localize(c.text, language)}`
        : `  ${paint.fail('✗')} ${localize(c.text, language)} — ${localize(c.message ?? c.text, language)}`;
      out.push(line);
    }
    if (grade.kind === 'quiz' && !grade.passed) out.push(`  ${paint.dim(t.quizNotAnswered())}`);
  }
  process.stdout.write(`${out.join('\n')}\n`);
}
