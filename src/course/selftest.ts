import { hasClock, letTimePass } from '../cluster/cluster-clock.js';
import type { CourseSession } from './course-session.js';
import type { ConditionGrade } from './grade-step.js';
import type { Lesson, NearMiss, TaskStep } from './lesson-types.js';
import type { LocalizedText } from './localized-text.js';
import { performAction } from './perform-action.js';

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
  /** How long a state may take to appear (image pulls, restarts). */
  settleMs?: number;
  onStep?: (result: SelftestStep) => void;
}

const POLL_MS = 300;

/**
 * Proves a lesson (CLI.md: selftest), step by step in order on a clean namespace: a task's
 * conditions fail before its solution; each near-miss, applied instead, fails its named
 * condition with the declared message; the solution then makes every condition pass (and
 * leaves the state the next step builds on). A live quiz answer must be readable and be one
 * of the options. Where the cluster has a clock, polling also moves simulated time on.
 */
export async function selftestLesson(
  session: CourseSession,
  lesson: Lesson,
  options: SelftestOptions = {},
): Promise<SelftestStep[]> {
  const settleMs = options.settleMs ?? 90_000;
  const results: SelftestStep[] = [];
  await session.resetCluster(lesson);
  await session.clearProgress(lesson);
  await session.setUp(lesson);
  for (const step of lesson.steps) {
    const checks: SelftestCheck[] = [];
    if (step.kind === 'task') {
      checks.push(await timed('fresh', () => failsFresh(session, lesson, step)));
      for (const nearMiss of step.nearMisses) {
        checks.push(
          await timed(`near-miss:${nearMiss.id}`, () =>
            nearMissFails(session, lesson, step, nearMiss, settleMs),
          ),
        );
      }
      checks.push(await timed('solution', () => solutionPasses(session, lesson, step, settleMs)));
    } else if (step.kind === 'quiz') {
      checks.push(
        await timed('answer', async () => {
          const right = await session.liveAnswer(lesson, step, settleMs);
          if (!right.known) return `the live answer is unknown: ${right.why.en}`;
          const ids = new Set(step.options.map((o) => o.id));
          if (step.answerType !== 'text' && !right.answer.every((a) => ids.has(a))) {
            return `the live answer ${right.answer.join(',')} is not among the options`;
          }
          await session.solve(lesson, step, { answerWaitMs: 0 });
          return undefined;
        }),
      );
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
  await session.resetCluster(lesson);
  await session.clearProgress(lesson);
  return results;
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

async function failsFresh(session: CourseSession, lesson: Lesson, step: TaskStep) {
  const grade = await session.grade(lesson, step);
  if (!grade.passed) return undefined;
  return 'every condition already passes before the solution: the step grades nothing';
}

async function nearMissFails(
  session: CourseSession,
  lesson: Lesson,
  step: TaskStep,
  nearMiss: NearMiss,
  settleMs: number,
) {
  await session.resetStep(lesson, step);
  try {
    for (const action of nearMiss.actions) {
      await performAction(session.cluster, lesson, action, { recreateOnConflict: true });
    }
    const deadline = Date.now() + settleMs;
    let last: ConditionGrade | undefined;
    for (;;) {
      const grade = await session.grade(lesson, step);
      last = grade.conditions.find((c) => c.id === nearMiss.condition);
      if (last && !last.passed && contains(last.message, nearMiss.message)) return undefined;
      if (Date.now() >= deadline) break;
      await tick(session);
    }
    return last?.passed
      ? `condition ${nearMiss.condition} passes, but the near-miss must fail it`
      : `condition ${nearMiss.condition} fails with "${last?.message?.en}" / "${last?.message?.zh}", which does not contain "${nearMiss.message.en}" / "${nearMiss.message.zh}"`;
  } finally {
    await session.resetStep(lesson, step);
    // A near-miss may make objects under other names than the solution's.
    await session.removeObjectsMadeBy(lesson, nearMiss.actions);
  }
}

async function solutionPasses(
  session: CourseSession,
  lesson: Lesson,
  step: TaskStep,
  settleMs: number,
) {
  await session.solve(lesson, step);
  const deadline = Date.now() + settleMs;
  for (;;) {
    const grade = await session.grade(lesson, step);
    if (grade.passed) return undefined;
    if (Date.now() >= deadline) {
      const failing = grade.conditions.filter((c) => !c.passed);
      return `after the solution, still failing: ${failing.map((c) => `${c.id} (${c.message?.en})`).join('; ')}`;
    }
    await tick(session);
  }
}

const collapse = (text: string) => text.replace(/\s+/g, ' ').trim();

function contains(actual: LocalizedText | undefined, expected: LocalizedText) {
  if (!actual) return false;
  return (
    collapse(actual.en).includes(collapse(expected.en)) &&
    collapse(actual.zh).includes(collapse(expected.zh))
  );
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const clocks = new WeakMap<CourseSession, Promise<boolean>>();

/**
 * One polling step. Where the cluster has a clock, a simulated second passes too, so states
 * that take time (back-off, probe periods, syncs) arrive in seconds; elsewhere it only waits.
 */
async function tick(session: CourseSession) {
  let clock = clocks.get(session);
  if (!clock) {
    clock = hasClock(session.cluster);
    clocks.set(session, clock);
  }
  await sleep(POLL_MS);
  if (await clock) await letTimePass(session.cluster, 1);
}
