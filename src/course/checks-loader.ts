import { access } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { LessonChecks } from '../../checks/lib/define-checks.js';
import type { Lesson } from './lesson-types.js';
import type { LocalizedText } from './localized-text.js';

/**
 * `checks/<folder>.ts` sits two levels above this file both in the source tree
 * (src/course → checks) and in the build (dist/src/course → dist/checks).
 */
function checksUrl(folder: string) {
  return new URL(`../../checks/${folder}.js`, import.meta.url);
}

export class ChecksProblem extends Error {
  constructor(readonly text: LocalizedText) {
    super(text.en);
  }
}

/**
 * Loads a lesson's checks module and proves it matches the lesson: every condition and live
 * answer the lesson names is implemented, and nothing else is, so a renamed id fails loudly
 * here rather than as a check that can never pass.
 */
export async function loadChecks(lesson: Lesson): Promise<LessonChecks> {
  const url = checksUrl(lesson.folder);
  const file = fileURLToPath(url);
  const candidates = [file, file.replace(/\.js$/, '.ts')];
  const present = await Promise.all(
    candidates.map((f) =>
      access(f).then(
        () => true,
        () => false,
      ),
    ),
  );
  if (!present.some(Boolean)) {
    throw new ChecksProblem({
      en: `lesson ${lesson.id} has no checks module: expected checks/${lesson.folder}.ts`,
      zh: `课程 ${lesson.id} 没有检查模块:应有 checks/${lesson.folder}.ts`,
    });
  }
  const module = (await import(url.href)) as { default?: LessonChecks };
  const checks = module.default;
  if (!checks || typeof checks.conditions !== 'object') {
    throw new ChecksProblem({
      en: `checks/${lesson.folder}.ts must export default defineChecks({ conditions: { … } })`,
      zh: `checks/${lesson.folder}.ts 必须 export default defineChecks({ conditions: { … } })`,
    });
  }
  verify(lesson, checks);
  return checks;
}

function verify(lesson: Lesson, checks: LessonChecks) {
  const wantedConditions = new Set<string>();
  const wantedAnswers = new Set<string>();
  for (const step of lesson.steps) {
    if (step.kind === 'task')
      for (const c of step.conditions) wantedConditions.add(`${step.id}/${c.id}`);
    if (step.kind === 'quiz' && step.answer.source === 'live') wantedAnswers.add(step.answer.check);
  }
  const given = new Set(Object.keys(checks.conditions));
  const answers = new Set(Object.keys(checks.liveAnswers ?? {}));
  const missing = [...wantedConditions].filter((id) => !given.has(id));
  const extra = [...given].filter((id) => !wantedConditions.has(id));
  const missingAnswers = [...wantedAnswers].filter((id) => !answers.has(id));
  const extraAnswers = [...answers].filter((id) => !wantedAnswers.has(id));
  const problems = [
    ...missing.map((id) => `condition ${id} is not implemented`),
    ...extra.map(
      (id) => `condition ${id} is implemented but the lesson has no such step/condition`,
    ),
    ...missingAnswers.map((id) => `live answer ${id} is not implemented`),
    ...extraAnswers.map((id) => `live answer ${id} is implemented but no quiz uses it`),
  ];
  if (problems.length > 0) {
    throw new ChecksProblem({
      en: `checks/${lesson.folder}.ts: ${problems.join('; ')}`,
      zh: `checks/${lesson.folder}.ts:${problems.join(';')}`,
    });
  }
}
