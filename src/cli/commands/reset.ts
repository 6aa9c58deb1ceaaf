import { stepAddress } from '../../course/lesson-ids.js';
import { prepareWorkspace } from '../../course/workspace.js';
import type { TargetFlags } from '../cluster-target.js';
import { asCliError, openCourseCommand, openSession, selectSteps } from '../course-command.js';
import { CliError, EXIT } from '../exit-codes.js';
import type { Language } from '../ui/language.js';

export const RESET_OPTIONS = { all: { type: 'boolean' } } as const;

type ResetValues = TargetFlags & {
  all?: boolean | undefined;
  json?: boolean | undefined;
};

/**
 * `pod-course reset [lesson[/step] | --all]`: deletes what the lesson created (labelled
 * objects and the names its cleanup declares), restores the starter files, clears progress,
 * so a following `check` fails again. A step reset removes only what that step's solution
 * makes, and that step's progress.
 */
export async function runReset(ref: string | undefined, values: ResetValues, language: Language) {
  const command = await openCourseCommand(values, language, { start: true });
  if (ref === undefined && !values.all) throw new CliError(command.t.resetNeedsRef(), EXIT.usage);
  const selection = selectSteps(command, ref);
  const stepOnly = ref?.includes('/') ?? false;
  const done: { lesson: string; removed: number }[] = [];
  try {
    const session = await openSession(command);
    for (const { lesson, steps } of selection) {
      if (stepOnly) {
        for (const step of steps) {
          await session.resetStep(lesson, step, {
            onProgress: (line) => command.note(`  ${line}`),
          });
          await session.clearProgress(lesson, step);
          command.note(command.t.resetStep(stepAddress(lesson, step)));
        }
        continue;
      }
      const removed = await session.resetCluster(lesson, {
        onProgress: (line) => command.note(`  ${line}`),
      });
      const dir = await prepareWorkspace(lesson, { overwrite: true });
      await session.clearProgress(lesson);
      command.note(command.t.resetDone(lesson.id, removed, dir));
      done.push({ lesson: lesson.id, removed });
    }
  } catch (error) {
    throw asCliError(error, command);
  }
  if (values.json) process.stdout.write(`${JSON.stringify({ reset: done }, null, 2)}\n`);
  return EXIT.ok;
}
