import type { QuizStep } from './lesson-types.js';

/**
 * Grades a quiz answer against the right one (from the lesson, or read live by the checks
 * module). Choices compare as sets of option ids; a text answer matches any accepted text
 * ignoring case and surrounding or repeated spaces (lessons/README.md § quiz).
 */
export function isCorrectAnswer(
  quiz: Pick<QuizStep, 'answerType'>,
  given: readonly string[],
  correct: readonly string[],
): boolean {
  if (quiz.answerType === 'text') {
    const typed = normalize(given.join(' '));
    return typed !== '' && correct.some((accepted) => normalize(accepted) === typed);
  }
  const chosen = new Set(given);
  return chosen.size === new Set(correct).size && correct.every((id) => chosen.has(id));
}

const normalize = (text: string) => text.trim().replace(/\s+/g, ' ').toLowerCase();
