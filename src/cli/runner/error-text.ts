import { ClusterUnreachable } from '../../cluster/api-failure.js';
import { ChecksProblem } from '../../course/checks-loader.js';
import { SolveBlocked } from '../../course/course-session.js';
import { localize } from '../../course/localized-text.js';
import { CliError } from '../exit-codes.js';
import type { Language } from '../ui/language.js';

/**
 * One sentence for a failure met while a step is on screen. The runner shows it and keeps
 * going (the learner can retry, skip, or leave); a stack trace only with `--debug`.
 * Errors from the cluster keep the cluster's words, as UX.md asks.
 */
export function errorText(error: unknown, language: Language): string {
  if (error instanceof ClusterUnreachable) return localize(error.text(), language);
  if (error instanceof SolveBlocked) return localize(error.why, language);
  if (error instanceof ChecksProblem) return localize(error.text, language);
  if (error instanceof CliError) return error.message;
  const message = error instanceof Error ? error.message : String(error);
  if (process.argv.includes('--debug') && error instanceof Error && error.stack)
    return `${message}\n${error.stack}`;
  return message;
}
