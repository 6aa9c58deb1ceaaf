import { mkdtemp, rm } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { runInLanes } from '../../course/ordered-lanes.js';
import { ProgressStore } from '../../course/progress-store.js';
import { type SelftestStep, selftestLesson } from '../../course/selftest.js';
import type { TargetFlags } from '../cluster-target.js';
import { resolveTarget } from '../cluster-target.js';
import { asCliError, openCourseCommand, openSession, selectSteps } from '../course-command.js';
import { EXIT } from '../exit-codes.js';
import type { Language } from '../ui/language.js';
import { paint } from '../ui/paint.js';

export const SELFTEST_OPTIONS = {} as const;

type SelftestValues = TargetFlags & {
  json?: boolean | undefined;
};

/**
 * At most this many throwaway simulators at once: each holds one lesson's pods (~100 MB), and
 * the one engine process they share is busy by then.
 */
const MAX_LANES = 4;

/**
 * `pod-course selftest [lesson] [--json]`: proves every step of the lessons (src/course/
 * selftest.ts) on throwaway simulators with fresh state, never the learner's; on kind or
 * another cluster only when asked with `--kind`/`--context`, and then one lesson at a time
 * (one namespace).
 *
 * Lessons touch node-level state (static pod manifests, hostPath, node labels), so lessons
 * proved at once each have their own simulator: lane k proves lessons k, k + n, … in course
 * order (ordered-lanes.ts), so what ran before a lesson never depends on timing, and the
 * report and progress lines come out in course order.
 */
export async function runSelftest(
  ref: string | undefined,
  values: SelftestValues,
  language: Language,
) {
  const onOwnCluster = Boolean(values.kind || values.context || values.kubeconfig);
  const command = await openCourseCommand(values, language, { start: onOwnCluster });
  const lessons = selectSteps(command, ref).map((selected) => selected.lesson);
  const began = performance.now();
  let root: string | undefined;
  const stateDirs: string[] = [];
  let results: SelftestStep[][];
  try {
    let sessions: Awaited<ReturnType<typeof openSession>>[];
    if (onOwnCluster) {
      sessions = [await openSession(command)];
    } else {
      const dir = await mkdtemp(join(tmpdir(), 'pod-course-selftest-'));
      root = dir;
      command.note(command.t.simStarting());
      const lanes = laneCount(lessons.length);
      sessions = await Promise.all(
        Array.from({ length: lanes }, async (_, k) => {
          const stateDir = join(dir, `sim-${k + 1}`);
          stateDirs.push(stateDir);
          const target = await resolveTarget(
            {},
            { language, simStateDir: stateDir, forceSim: true },
          );
          // The learner's progress is never touched by a self-test.
          return openSession({ ...command, target, progress: new ProgressStore(stateDir) });
        }),
      );
    }
    results = await runInLanes(
      lessons,
      sessions,
      (lesson, session, emit: (step: SelftestStep) => void) =>
        selftestLesson(session, lesson, { onStep: emit }),
      (step) => command.note(describe(step)),
    );
  } catch (error) {
    throw asCliError(error, command);
  } finally {
    if (root) {
      const { stopSimulator } = await import('./sim-stop.js');
      await Promise.all(
        stateDirs.map((stateDir) =>
          stopSimulator(stateDir, { graceMs: 5000 }).catch(() => undefined),
        ),
      );
      await rm(root, { recursive: true, force: true }).catch(() => undefined);
    }
  }
  const steps = results.flat();
  const passed = steps.every((s) => s.passed);
  const ms = Math.round(performance.now() - began);
  if (values.json) {
    const document = lessons.map((lesson, i) => ({ lesson: lesson.id, steps: results[i] ?? [] }));
    process.stdout.write(`${JSON.stringify({ passed, ms, lessons: document }, null, 2)}\n`);
  } else {
    const failed = steps.filter((s) => !s.passed).length;
    process.stdout.write(
      `selftest: ${steps.length - failed} step(s) proven, ${failed} failed, ${(ms / 1000).toFixed(1)} s\n`,
    );
  }
  return passed ? EXIT.ok : EXIT.notPassed;
}

/**
 * How many simulators prove lessons at once: one per core (a lane keeps about one core busy
 * between the engine and its simulator), never more than there are lessons, at most
 * MAX_LANES. `POD_COURSE_SELFTEST_LANES` overrides it (1: one simulator, as before).
 */
export function laneCount(
  lessons: number,
  env: NodeJS.ProcessEnv = process.env,
  cores = availableParallelism(),
) {
  const asked = Number(env.POD_COURSE_SELFTEST_LANES);
  const wanted = Number.isInteger(asked) && asked > 0 ? asked : Math.min(cores, MAX_LANES);
  return Math.max(1, Math.min(wanted, lessons));
}

function describe(result: SelftestStep) {
  const mark = result.passed ? paint.pass('✓') : paint.fail('✗');
  const lines = [`${mark} ${result.lesson}/${result.step} (${result.kind})`];
  for (const check of result.checks) {
    if (!check.passed) lines.push(`    ${paint.fail('✗')} ${check.name}: ${check.detail}`);
  }
  return lines.join('\n');
}
