import { stepAddress } from '../../course/lesson-ids.js';
import { localize } from '../../course/localized-text.js';
import { stepOf } from '../../course/progress-document.js';
import type { TargetFlags } from '../cluster-target.js';
import { openCourseCommand, selectSteps } from '../course-command.js';
import { CliError, EXIT } from '../exit-codes.js';
import type { Language } from '../ui/language.js';

export const HINT_OPTIONS = { level: { type: 'string' } } as const;

type HintValues = TargetFlags & {
  level?: string | undefined;
  json?: boolean | undefined;
};

/**
 * `pod-course hint lesson/step [--level N]`: the next hint (one more than already seen), or
 * the Nth. Records the highest level seen, for the instructor's report. Needs no cluster.
 */
export async function runHint(ref: string | undefined, values: HintValues, language: Language) {
  const command = await openCourseCommand(values, language, { start: false });
  if (ref === undefined || !ref.includes('/'))
    throw new CliError(command.t.needsRef('hint lesson/step'), EXIT.usage);
  const [selected] = selectSteps(command, ref);
  const step = selected?.steps[0];
  if (!selected || !step) throw new CliError(command.t.needsRef('hint'), EXIT.usage);
  const { lesson } = selected;
  const address = stepAddress(lesson, step);
  const hints = step.kind === 'read' ? [] : step.hints;
  if (hints.length === 0) {
    process.stdout.write(
      `${values.json ? JSON.stringify({ step: address, hints: 0 }) : command.t.noHints(address)}\n`,
    );
    return EXIT.ok;
  }
  const key = {
    backend: command.target.key,
    namespace: command.target.namespace,
    lesson: lesson.id,
    step: step.id,
  };
  let level: number;
  if (values.level !== undefined) {
    level = Number(values.level);
    if (!Number.isInteger(level) || level < 1 || level > hints.length) {
      throw new CliError(command.t.badLevel(values.level, hints.length), EXIT.usage);
    }
  } else {
    const seen = stepOf((await command.progress.read()).document, key)?.hintsUsed ?? 0;
    level = Math.min(seen + 1, hints.length);
  }
  await command.progress.updateStep(key, (record) => {
    record.hintsUsed = Math.max(record.hintsUsed, level);
  });
  const hint = hints[level - 1];
  if (!hint) throw new CliError(command.t.badLevel(String(level), hints.length), EXIT.usage);
  if (values.json) {
    process.stdout.write(`${JSON.stringify({ step: address, level, of: hints.length, hint })}\n`);
  } else {
    const last = level === hints.length ? `\n${command.t.lastHint()}` : '';
    process.stdout.write(
      `${command.t.hintOf(level, hints.length)} ${localize(hint, language)}${last}\n`,
    );
  }
  return EXIT.ok;
}
