import { execFileSync, spawnSync } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { median } from './stats.js';

const CLI = fileURLToPath(new URL('../src/cli/main.js', import.meta.url));
const RUNS = 3;

/** Milliseconds from `pod-course start` until each showed on screen. */
interface Marks {
  title: number;
  step: number;
  ready: number;
}

/**
 * Issue 5: from typing `pod-course start` to the first step on screen, for a returning
 * learner (resumes on lesson 01 step 1), with the simulator already running and cold. The
 * runner needs a terminal, so it runs in tmux and the screen is polled.
 */
export async function startFigures(dir: string, runs = RUNS) {
  if (spawnSync('tmux', ['-V']).status !== 0) {
    console.log('\nStart-up of the runner: skipped (tmux is not installed)');
    return;
  }
  const home = join(dir, 'start-home');
  await mkdir(home, { recursive: true });
  await writeFile(join(home, 'backend.json'), '{"backend":"sim"}\n');
  const now = new Date().toISOString();
  const progress = {
    version: 1,
    backends: {
      sim: {
        default: {
          lessons: {
            'pod-and-infra-container': {
              steps: {
                'what-is-a-pod': {
                  status: 'started',
                  attempts: 0,
                  hintsUsed: 0,
                  timeSpentMs: 0,
                  startedAt: now,
                },
              },
            },
          },
          current: { lesson: 'pod-and-infra-container', step: 'what-is-a-pod' },
        },
      },
    },
  };
  await writeFile(join(home, 'progress.json'), `${JSON.stringify(progress)}\n`);
  const env = {
    ...process.env,
    POD_COURSE_HOME: home,
    POD_COURSE_WORKSPACE: join(dir, 'start-ws'),
    LANG: 'en_US.UTF-8',
  };
  let sockets = 0;
  const cli = (...args: string[]) =>
    spawnSync(process.execPath, [CLI, ...args], { env, stdio: 'ignore' });

  /**
   * One start, timed to three marks: the step's title (`step 1/8`, also in the "picking up
   * where you left off" line: the figure earlier sessions reported), its key bar (`Enter
   * continue`, drawn last: the whole step is on screen and takes keys), and the cluster's
   * ready line (`Simulator ready …`/`Simulator running …`: the cluster answers, which the
   * runner may now show after the step).
   */
  const once = async () => {
    // A fresh tmux server per run: a socket reused right after kill-server may refuse.
    const socket = join(dir, `tmux-${sockets++}.sock`);
    const t0 = performance.now();
    execFileSync('tmux', [
      '-S',
      socket,
      'new-session',
      '-d',
      '-s',
      'bench',
      '-x',
      '120',
      '-y',
      '40',
      ...Object.entries({
        POD_COURSE_HOME: home,
        POD_COURSE_WORKSPACE: env.POD_COURSE_WORKSPACE,
        LANG: env.LANG,
      }).flatMap(([k, v]) => ['-e', `${k}=${v}`]),
      `${process.execPath} ${CLI} start`,
    ]);
    const marks: Marks = { title: Number.NaN, step: Number.NaN, ready: Number.NaN };
    const deadline = t0 + 60_000;
    while (performance.now() < deadline) {
      const screen = execFileSync('tmux', ['-S', socket, 'capture-pane', '-p', '-t', 'bench'], {
        encoding: 'utf8',
      });
      const now = performance.now() - t0;
      const seen = (mark: keyof Marks, text: string) => {
        if (Number.isNaN(marks[mark]) && screen.includes(text)) marks[mark] = now;
      };
      seen('title', 'step 1/8');
      seen('step', 'Enter continue');
      seen('ready', 'Simulator r');
      if (!Number.isNaN(marks.step) && !Number.isNaN(marks.ready)) break;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    spawnSync('tmux', ['-S', socket, 'kill-server']);
    return marks;
  };

  const cold: Marks[] = [];
  const warm: Marks[] = [];
  for (let i = 0; i < runs; i++) {
    cli('sim', 'stop');
    cold.push(await once());
    warm.push(await once()); // the simulator the cold run started is still up
  }
  cli('sim', 'stop');
  const row = (label: string, samples: Marks[]) => {
    const figure = (mark: keyof Marks) =>
      `${median(samples.map((s) => s[mark]))
        .toFixed(0)
        .padStart(6)} ms`;
    const all = samples.map((s) => s.step.toFixed(0)).join(' ');
    console.log(
      `  ${label.padEnd(28)}${figure('title')}${figure('step')}${figure('ready')}   (${all})`,
    );
  };
  console.log('\nRunner start-up (`pod-course start` → first step on screen, returning learner)');
  console.log(
    `  median of ${runs} runs${' '.repeat(17)}title      step   cluster   (step, each run)`,
  );
  row('simulator already running', warm);
  row('cold simulator', cold);
}
