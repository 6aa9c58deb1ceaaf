import type { Language } from '../cli/ui/language.js';
import { type LocalizedText, localize } from './localized-text.js';

/**
 * One mistake in a lesson: where it is (file, 1-based line and column), which field
 * (`steps[2].hints`, indices 0-based as in JSON paths) and what was expected, in both languages.
 */
export interface LessonProblem {
  file: string;
  line: number;
  column: number;
  /** The field path; empty for the document itself. */
  path: string;
  message: LocalizedText;
}

/** `lessons/01-x/lesson.yaml:12:5 steps[1].hints: expected …` — the compiler-style one-liner. */
export function formatProblem(problem: LessonProblem, language: Language): string {
  const where = `${problem.file}:${problem.line}:${problem.column}`;
  const field = problem.path === '' ? '' : ` ${problem.path}:`;
  return `${where}${field} ${localize(problem.message, language)}`;
}
