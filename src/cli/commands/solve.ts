import { SolveBlocked } from '../../course/course-session.js';
import { stepAddress } from '../../course/lesson-ids.js';
import { localize } from '../../course/localized-text.js';
import { prepareWorkspace } from '../../course/workspace.js';
import type { TargetFlags } from '../cluster-target.js';
import { asCliError, openCourseCommand, openSession, selectSteps } from '../course-command.js';
import { EXIT } from '../exit-codes.js';
import type { Language } from '../ui/language.js';

export const SOLVE_OPTIONS = {} as const;

type SolveValues = TargetFlags & {
  json?: boolean | undefined;
};

/** How long solve waits for the conditions once the solution is applied. */
const SOLVE_WAIT_MS = 180_000;
const POLL_MS = 500;

/**
 * `pod-course solve [lesson[/step]]`: performs the reference solution through the API,
 * answers the quizzes, and returns only when the conditions pass (CLI.md).
 */
export async function runSolve(ref: string | undefined, values: SolveValues, language: Language) {
  const command = await openCourseCommand(values, language, { start: true });
  const selection = selectSteps(command, ref);
  const results: { step: string; passed: boolean; message?: string }[] = [];
  try {
    const session = await openSession(command);
    for (const { lesson, steps } of selection) {
      await prepareWorkspace(lesson);
      await session.setUp(lesson, { onProgress: (line) => command.note(`  ${line}`) });
      for (const step of steps) {
        const address = stepAddress(lesson, step);
        command.note(command.t.solving(address));
        try {
          await session.solve(lesson, step, { onProgress: (line) => command.note(`  ${line}`) });
        } catch (error) {
          if (!(error instanceof SolveBlocked)) throw error;
          const why = localize(error.why, language);
          command.note(command.t.solveBlocked(address, why));
          results.push({ step: address, passed: false, message: why });
          continue;
        }
        const deadline = Date.now() + SOLVE_WAIT_MS;
        let grade = await session.grade(lesson, step, { record: true });
        while (!grade.passed && Date.now() < deadline) {
          await new Promise((resolve) => setTimeout(resolve, POLL_MS));
          grade = await session.grade(lesson, step, { record: true });
        }
        if (grade.passed) {
          command.note(command.t.solved(address));
          results.push({ step: address, passed: true });
        } else {
          const failing = grade.conditions.find((c) => !c.passed);
          const why = localize(failing?.message ?? grade.message ?? step.title, language);
          command.note(command.t.notSolved(address, why));
          results.push({ step: address, passed: false, message: why });
        }
      }
    }
  } catch (error) {
    throw asCliError(error, command);
  }
  const passed = results.every((r) => r.passed);
  if (values.json) process.stdout.write(`${JSON.stringify({ passed, steps: results }, null, 2)}\n`);
  return passed ? EXIT.ok : EXIT.notPassed;
}
