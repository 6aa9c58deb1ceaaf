import type { LocalizedText } from '../../src/course/localized-text.js';

/**
 * What a condition saw. A pass carries the facts it read (shown as "why it passed"); a fail
 * carries one sentence the learner can act on. "Not done yet" is a fail, never an exception:
 * only real faults (the cluster unreachable, a bug) throw.
 */
export type ConditionResult =
  | { passed: true; facts: LocalizedText[] }
  | { passed: false; message: LocalizedText };

export function pass(...facts: LocalizedText[]): ConditionResult {
  return { passed: true, facts };
}

export function fail(message: LocalizedText): ConditionResult {
  return { passed: false, message };
}

/** Bilingual text, Chinese first as the lessons are written. */
export function say(zh: string, en: string): LocalizedText {
  return { zh, en };
}
