import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { median } from './stats.js';

/** The built CLI: bench runs compiled, from dist/bench. */
const MAIN = fileURLToPath(new URL('../src/cli/main.js', import.meta.url));
const RUNS = 3;

interface SelftestDocument {
  passed: boolean;
  ms: number;
  lessons: { lesson: string; steps: { checks: { ms: number }[] }[] }[];
}

/**
 * Issue 6/7's figure: the whole-course `pod-course selftest --json` (every lesson, throwaway
 * simulators), wall time from spawn to exit, the median of RUNS; and where the time went, per
 * lesson (the sum of its proofs' `ms`).
 */
export async function selftestFigures(dir: string) {
  const walls: number[] = [];
  let last: SelftestDocument | undefined;
  for (let i = 0; i < RUNS; i++) {
    const home = await mkdtemp(join(dir, 'selftest-'));
    try {
      const t0 = performance.now();
      const stdout = await runSelftest(home);
      walls.push(performance.now() - t0);
      last = JSON.parse(stdout) as SelftestDocument;
      if (!last.passed)
        throw new Error('the selftest failed: run `pod-course selftest` to see why');
    } finally {
      await rm(home, { recursive: true, force: true });
    }
  }
  if (!last) return;
  const steps = last.lessons.reduce((n, l) => n + l.steps.length, 0);
  const runs = walls.map((ms) => (ms / 1000).toFixed(1)).join(', ');
  console.log(`\nWhole-course selftest (${last.lessons.length} lessons, ${steps} steps)`);
  console.log(
    `  wall time, median of ${RUNS}        ${(median(walls) / 1000).toFixed(1)} s  (${runs})`,
  );
  const perLesson = last.lessons
    .map((l) => ({
      id: l.lesson,
      ms: l.steps.reduce((sum, s) => sum + s.checks.reduce((t, c) => t + c.ms, 0), 0),
    }))
    .sort((a, b) => b.ms - a.ms);
  console.log(
    `  slowest lessons (proofs, last run)  ${perLesson
      .slice(0, 4)
      .map((l) => `${l.id} ${(l.ms / 1000).toFixed(1)} s`)
      .join(', ')}`,
  );
}

function runSelftest(home: string): Promise<string> {
  const child = spawn(process.execPath, [MAIN, 'selftest', '--json'], {
    env: {
      ...process.env,
      NO_COLOR: '1',
      POD_COURSE_HOME: join(home, 'home'),
      POD_COURSE_WORKSPACE: join(home, 'workspace'),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => {
    stdout += d.toString();
  });
  child.stderr.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolve(stdout);
      else reject(new Error(`pod-course selftest exited ${code}:\n${stderr.slice(-2000)}`));
    });
  });
}
