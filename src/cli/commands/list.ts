import { localize } from '../../course/localized-text.js';
import { stepOf } from '../../course/progress-document.js';
import type { TargetFlags } from '../cluster-target.js';
import { asCliError, openCourseCommand, openSession } from '../course-command.js';
import { EXIT } from '../exit-codes.js';
import type { Language } from '../ui/language.js';
import { paint } from '../ui/paint.js';

export const LIST_OPTIONS = {} as const;

type ListValues = TargetFlags & {
  json?: boolean | undefined;
};

/**
 * `pod-course list [--json]`: lessons with progress and whether this cluster can host them
 * (learned through its API, CLI.md's JSON shape).
 */
export async function runList(values: ListValues, language: Language) {
  const command = await openCourseCommand(values, language, { start: true });
  try {
    const session = await openSession(command);
    const progress = (await command.progress.read()).document;
    const lessons = [];
    for (const lesson of command.course.lessons) {
      const unavailable = await session.unavailable(lesson);
      lessons.push({
        id: lesson.id,
        number: lesson.number,
        title: lesson.title,
        needs: lesson.needs,
        available: unavailable.length === 0,
        ...(unavailable.length > 0 ? { unavailable } : {}),
        steps: lesson.steps.map((step) => ({
          id: step.id,
          kind: step.kind,
          title: step.title,
          status:
            stepOf(progress, {
              backend: command.target.key,
              namespace: command.target.namespace,
              lesson: lesson.id,
              step: step.id,
            })?.status ?? 'todo',
        })),
      });
    }
    if (values.json) {
      process.stdout.write(`${JSON.stringify({ lessons }, null, 2)}\n`);
      return EXIT.ok;
    }
    for (const lesson of lessons) {
      const done = lesson.steps.filter(
        (s) => s.status === 'passed' || s.status === 'skipped',
      ).length;
      const bar = '█'.repeat(done) + '░'.repeat(lesson.steps.length - done);
      const number = String(lesson.number).padStart(2, '0');
      const title = localize(lesson.title, language);
      const line = `${number} ${title}  ${bar} ${done}/${lesson.steps.length}  ${paint.dim(lesson.id)}`;
      process.stdout.write(`${line}\n`);
      if (lesson.unavailable) {
        const reasons = lesson.unavailable.map((u) => localize(u.reason, language)).join('; ');
        process.stdout.write(`   ${paint.wait(command.t.unavailable(reasons))}\n`);
      }
    }
    return EXIT.ok;
  } catch (error) {
    throw asCliError(error, command);
  }
}
