import type { LocalizedText } from '../../src/course/localized-text.js';
import type { CheckContext } from './check-context.js';
import type { ConditionResult } from './result.js';

/** One named condition of a task step (its id is the key in `conditions`). */
export type ConditionCheck = (ctx: CheckContext) => Promise<ConditionResult>;

/**
 * The right answer of a quiz read from the cluster (option ids, or accepted texts), or why it
 * cannot be read yet ("create the Pod first").
 */
export type LiveAnswerResult =
  | { known: true; answer: string[] }
  | { known: false; why: LocalizedText };
export type LiveAnswer = (ctx: CheckContext) => Promise<LiveAnswerResult>;

/** What `checks/<lesson-folder>.ts` exports by default. */
export interface LessonChecks {
  conditions: Record<string, ConditionCheck>;
  liveAnswers?: Record<string, LiveAnswer>;
}

/** Types a checks module; the engine verifies its ids against the lesson when it loads. */
export function defineChecks(checks: LessonChecks): LessonChecks {
  return checks;
}

export const known = (...answer: string[]): LiveAnswerResult => ({ known: true, answer });
export const unknown = (why: LocalizedText): LiveAnswerResult => ({ known: false, why });
