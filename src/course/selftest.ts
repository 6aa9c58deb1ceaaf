import { ClusterTime, type Patience } from './cluster-time.js';
import type { CourseSession } from './course-session.js';
import type { Lesson, NearMiss, QuizStep, TaskStep } from './lesson-types.js';
import type { LocalizedText } from './localized-text.js';
import { performActions } from './selftest-actions.js';

/** One proof about one step: `fresh`, `solution`, `near-miss:<id>`, `answer`. */
export interface SelftestCheck {
  name: string;
  passed: boolean;
  /** What went wrong, in English (selftest is for authors and CI). */
  detail?: string;
  ms: number;
}

export interface SelftestStep {
  lesson: string;
  step: string;
  kind: string;
  checks: SelftestCheck[];
  passed: boolean;
}

export interface SelftestOptions {
  /** How long a state may take to appear (image pulls, restarts), in the cluster's time. */
  settleMs?: number;
  onStep?: (result: SelftestStep) => void;
}

/**
 * Between two grades: a simulated second on a cluster with a clock (back-off, probe periods
 * and syncs then arrive in as many grades as seconds they take); 300 ms slept elsewhere.
 */
const GRADE_STEP_SECONDS = { clock: 1, real: 0.3 };
/** Between two reads of a live quiz answer. */
const ANSWER_STEP_SECONDS = 0.5;

/**
 * Proves a lesson (CLI.md: selftest), step by step in order on a clean namespace: a task's
 * conditions fail before its solution; each near-miss, applied instead, fails its named
 * condition with the declared message; the solution then makes every condition pass (and
 * leaves the state the next step builds on). A live quiz answer must be readable and be one
 * of the options. Where the cluster has a clock, every wait moves simulated time on instead
 * of waiting for it (ClusterTime), so a lesson takes the time its work takes.
 */
export async function selftestLesson(
  session: CourseSession,
  lesson: Lesson,
  options: SelftestOptions = {},
): Promise<SelftestStep[]> {
  const time = await ClusterTime.of(session.cluster);
  const settle: Patience = {
    stepSeconds: time.fastForward ? GRADE_STEP_SECONDS.clock : GRADE_STEP_SECONDS.real,
    limitSeconds: (options.settleMs ?? 90_000) / 1000,
  };
  const proof: Proof = { session, lesson, time, settle };
  const results: SelftestStep[] = [];
  await resetLesson(proof);
  // As session.setUp, with its waits on the cluster's clock.
  await performActions(session.cluster, lesson, lesson.setup, time);
  for (const step of lesson.steps) {
    const checks: SelftestCheck[] = [];
    if (step.kind === 'task') {
      checks.push(await timed('fresh', () => failsFresh(proof, step)));
      for (const nearMiss of step.nearMisses) {
        checks.push(
          await timed(`near-miss:${nearMiss.id}`, () => nearMissFails(proof, step, nearMiss)),
        );
      }
      checks.push(await timed('solution', () => solutionPasses(proof, step)));
    } else if (step.kind === 'quiz') {
      checks.push(await timed('answer', () => answerReads(proof, step)));
    }
    const result: SelftestStep = {
      lesson: lesson.id,
      step: step.id,
      kind: step.kind,
      checks,
      passed: checks.every((c) => c.passed),
    };
    results.push(result);
    options.onStep?.(result);
  }
  await resetLesson(proof);
  return results;
}

/** As session.resetCluster and clearProgress, with the cleanup's waits on the cluster's clock. */
async function resetLesson({ session, lesson, time }: Proof) {
  await session.removeLabelled(lesson);
  await performActions(session.cluster, lesson, lesson.cleanup, time, { immediate: true });
  await session.clearProgress(lesson);
}

/** What every proof of one lesson works with. */
interface Proof {
  session: CourseSession;
  lesson: Lesson;
  time: ClusterTime;
  /** How long a state may take to appear, and how time passes between two grades. */
  settle: Patience;
}

async function timed(
  name: string,
  proof: () => Promise<string | undefined>,
): Promise<SelftestCheck> {
  const began = performance.now();
  let detail: string | undefined;
  try {
    detail = await proof();
  } catch (error) {
    detail = `threw: ${(error as Error).message}`;
  }
  const ms = Math.round(performance.now() - began);
  return detail === undefined ? { name, passed: true, ms } : { name, passed: false, detail, ms };
}

async function failsFresh({ session, lesson }: Proof, step: TaskStep) {
  const grade = await session.grade(lesson, step);
  if (!grade.passed) return undefined;
  return 'every condition already passes before the solution: the step grades nothing';
}

async function nearMissFails(proof: Proof, step: TaskStep, nearMiss: NearMiss) {
  const { session, lesson, time, settle } = proof;
  await session.resetStep(lesson, step);
  try {
    await performActions(session.cluster, lesson, nearMiss.actions, time, {
      recreateOnConflict: true,
    });
    const { reached, last } = await time.until(
      async () =>
        (await session.grade(lesson, step)).conditions.find((c) => c.id === nearMiss.condition),
      (seen) => seen !== undefined && !seen.passed && contains(seen.message, nearMiss.message),
      settle,
    );
    if (reached) return undefined;
    return last?.passed
      ? `condition ${nearMiss.condition} passes, but the near-miss must fail it`
      : `condition ${nearMiss.condition} fails with "${last?.message?.en}" / "${last?.message?.zh}", which does not contain "${nearMiss.message.en}" / "${nearMiss.message.zh}"`;
  } finally {
    await session.resetStep(lesson, step);
    // A near-miss may make objects under other names than the solution's.
    await session.removeObjectsMadeBy(lesson, nearMiss.actions);
  }
}

async function solutionPasses(proof: Proof, step: TaskStep) {
  const { session, lesson, time, settle } = proof;
  // As session.solve does for a task, with its waits on the cluster's clock.
  await performActions(session.cluster, lesson, step.solution, time, { recreateOnConflict: true });
  const { reached, last } = await time.until(
    () => session.grade(lesson, step),
    (grade) => grade.passed,
    settle,
  );
  if (reached) return undefined;
  const failing = last.conditions.filter((c) => !c.passed);
  return `after the solution, still failing: ${failing.map((c) => `${c.id} (${c.message?.en})`).join('; ')}`;
}

/** A live answer must become readable and be one of the options; then it is recorded. */
async function answerReads({ session, lesson, time, settle }: Proof, step: QuizStep) {
  const { last: right } = await time.until(
    () => session.liveAnswer(lesson, step, 0),
    (answer) => answer.known,
    { ...settle, stepSeconds: ANSWER_STEP_SECONDS },
  );
  if (!right.known) return `the live answer is unknown: ${right.why.en}`;
  const ids = new Set(step.options.map((o) => o.id));
  if (step.answerType !== 'text' && !right.answer.every((a) => ids.has(a))) {
    return `the live answer ${right.answer.join(',')} is not among the options`;
  }
  await session.solve(lesson, step, { answerWaitMs: 0 });
  return undefined;
}

const collapse = (text: string) => text.replace(/\s+/g, ' ').trim();

function contains(actual: LocalizedText | undefined, expected: LocalizedText) {
  if (!actual) return false;
  return (
    collapse(actual.en).includes(collapse(expected.en)) &&
    collapse(actual.zh).includes(collapse(expected.zh))
  );
}
