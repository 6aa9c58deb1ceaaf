import type { CheckContext } from '../../checks/lib/check-context.js';
import type { LessonChecks } from '../../checks/lib/define-checks.js';
import type { QuizStep, Step, TaskStep } from './lesson-types.js';
import type { LocalizedText } from './localized-text.js';
import type { StepProgress } from './progress-document.js';
import { isCorrectAnswer } from './quiz-answer.js';

export interface ConditionGrade {
  id: string;
  /** The label shown beside ✓/✗. */
  text: LocalizedText;
  passed: boolean;
  /** Why it fails (absent when it passes). */
  message?: LocalizedText;
  /** What it read when it passed ("why it passed"). */
  facts: LocalizedText[];
}

export interface StepGrade {
  step: string;
  kind: Step['kind'];
  passed: boolean;
  conditions: ConditionGrade[];
  /** For a quiz that is not passed: why (unanswered, wrong answer). */
  message?: LocalizedText;
}

/** A check threw: a fault in the check or the cluster, not a "not yet". */
export class CheckCrashed extends Error {
  constructor(
    readonly condition: string,
    override readonly cause: unknown,
  ) {
    super(`check ${condition} failed to run: ${(cause as Error)?.message ?? String(cause)}`);
  }
}

/** Runs every condition of a task step against the cluster, in the lesson's order. */
export async function gradeTask(
  ctx: CheckContext,
  step: TaskStep,
  checks: LessonChecks,
): Promise<StepGrade> {
  const conditions: ConditionGrade[] = [];
  for (const condition of step.conditions) {
    const key = `${step.id}/${condition.id}`;
    const check = checks.conditions[key];
    if (!check) throw new CheckCrashed(key, new Error('not implemented'));
    let result: Awaited<ReturnType<typeof check>>;
    try {
      result = await check(ctx);
    } catch (error) {
      throw error instanceof CheckCrashed ? error : new CheckCrashed(key, error);
    }
    conditions.push(
      result.passed
        ? { id: condition.id, text: condition.text, passed: true, facts: result.facts }
        : {
            id: condition.id,
            text: condition.text,
            passed: false,
            message: result.message,
            facts: [],
          },
    );
  }
  return {
    step: step.id,
    kind: 'task',
    passed: conditions.every((c) => c.passed),
    conditions,
  };
}

/** A quiz passes once it was answered right; the answer lives in progress. */
export function gradeQuiz(step: QuizStep, progress: StepProgress | undefined): StepGrade {
  if (progress?.status === 'passed')
    return { step: step.id, kind: 'quiz', passed: true, conditions: [] };
  const message: LocalizedText = progress?.answer
    ? { en: 'the last answer was not right', zh: '上一次的回答不正确' }
    : { en: 'not answered yet', zh: '还没有回答' };
  return { step: step.id, kind: 'quiz', passed: false, conditions: [], message };
}

/** The right answer of a quiz: fixed in the lesson, or read live by the checks module. */
export async function rightAnswer(
  ctx: CheckContext,
  step: QuizStep,
  checks: LessonChecks,
): Promise<{ known: true; answer: string[] } | { known: false; why: LocalizedText }> {
  if (step.answer.source === 'static') return { known: true, answer: step.answer.values };
  const live = checks.liveAnswers?.[step.answer.check];
  if (!live) throw new CheckCrashed(step.answer.check, new Error('not implemented'));
  try {
    return await live(ctx);
  } catch (error) {
    throw new CheckCrashed(step.answer.check, error);
  }
}

/** Grades an answer given in the runner (or by `solve`). */
export async function answerQuiz(
  ctx: CheckContext,
  step: QuizStep,
  checks: LessonChecks,
  given: string[],
): Promise<{ correct: boolean; why?: LocalizedText }> {
  const right = await rightAnswer(ctx, step, checks);
  if (!right.known) return { correct: false, why: right.why };
  return { correct: isCorrectAnswer(step, given, right.answer) };
}
