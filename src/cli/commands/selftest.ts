import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
 * `pod-course selftest [lesson] [--json]`: proves every step of the lessons (src/course/
 * selftest.ts) on a throwaway simulator with fresh state, never the learner's; on kind or
 * another cluster only when asked with `--kind`/`--context`.
 */
export async function runSelftest(
  ref: string | undefined,
  values: SelftestValues,
  language: Language,
) {
  const onOwnCluster = Boolean(values.kind || values.context || values.kubeconfig);
  const command = await openCourseCommand(values, language, { start: onOwnCluster });
  const selection = selectSteps(command, ref);
  const began = performance.now();
  let stateDir: string | undefined;
  const lessons: { lesson: string; steps: SelftestStep[] }[] = [];
  try {
    if (!onOwnCluster) {
      stateDir = await mkdtemp(join(tmpdir(), 'pod-course-selftest-'));
      command.note(command.t.simStarting());
      command.target = await resolveTarget({}, { language, simStateDir: stateDir, forceSim: true });
      // The learner's progress is never touched by a self-test.
      command.progress = new ProgressStore(stateDir);
    }
    const session = await openSession(command);
    for (const { lesson } of selection) {
      const steps = await selftestLesson(session, lesson, {
        onStep: (result) => command.note(describe(result)),
      });
      lessons.push({ lesson: lesson.id, steps });
    }
  } catch (error) {
    throw asCliError(error, command);
  } finally {
    if (stateDir) {
      const { stopSimulator } = await import('./sim-stop.js');
      await stopSimulator(stateDir, { graceMs: 5000 }).catch(() => undefined);
      await rm(stateDir, { recursive: true, force: true }).catch(() => undefined);
    }
  }
  const steps = lessons.flatMap((l) => l.steps);
  const passed = steps.every((s) => s.passed);
  const ms = Math.round(performance.now() - began);
  if (values.json) {
    process.stdout.write(`${JSON.stringify({ passed, ms, lessons }, null, 2)}\n`);
  } else {
    const failed = steps.filter((s) => !s.passed).length;
    process.stdout.write(
      `selftest: ${steps.length - failed} step(s) proven, ${failed} failed, ${(ms / 1000).toFixed(1)} s\n`,
    );
  }
  return passed ? EXIT.ok : EXIT.notPassed;
}

function describe(result: SelftestStep) {
  const mark = result.passed ? paint.pass('✓') : paint.fail('✗');
  const lines = [`${mark} ${result.lesson}/${result.step} (${result.kind})`];
  for (const check of result.checks) {
    if (!check.passed) lines.push(`    ${paint.fail('✗')} ${check.name}: ${check.detail}`);
  }
  return lines.join('\n');
}
