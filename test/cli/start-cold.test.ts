import { spawnSync } from 'node:child_process';
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli-process.js';
import { RunnerTerminal } from '../support/runner-terminal.js';

const LESSON_01 = fileURLToPath(
  new URL('../../lessons/01-pod-and-infra-container', import.meta.url),
);
const LESSON = 'pod-and-infra-container';

const TMUX = spawnSync('sh', ['-c', 'command -v tmux'], { encoding: 'utf8' }).status === 0;
const SKIP_REASON = TMUX ? '' : 'tmux is not on PATH: the cold-start runner tests are skipped';
if (SKIP_REASON) console.warn(`[pod-course tests] ${SKIP_REASON}`);

/** How long one screen may take to appear (starting the simulator from source included). */
const SCREEN_LIMIT_MS = 45_000;

/** The index of the first screen line containing `text` (-1: none). */
const lineOf = (screen: string, text: string) =>
  screen.split('\n').findIndex((line) => line.includes(text));

/**
 * `pod-course start` for a returning learner while the simulator is stopped (issue 5: the
 * first step on screen within a second, whatever the simulator does). The runner draws the
 * step it left first and the simulator catches up behind it, so its ready line comes *below*
 * the step's text — the order on screen proves the step did not wait for it. A simulator that
 * cannot start says so on the step's screen. Real tmux, real simulator processes.
 */
describe.skipIf(SKIP_REASON !== '')(
  `pod-course start with a cold simulator${SKIP_REASON ? ` (${SKIP_REASON})` : ''}`,
  () => {
    let dir: string;
    let env: Record<string, string>;
    const terminal = new RunnerTerminal('cold', 60, SCREEN_LIMIT_MS);
    const keys = (...names: string[]) => terminal.keys(...names);
    const waitFor = (expected: string | RegExp) => terminal.waitFor(expected);

    /** A learner who chose the simulator and left lesson 01 at `step`. */
    const returningLearner = async (step: string) => {
      const home = env.POD_COURSE_HOME ?? '';
      await rm(home, { recursive: true, force: true });
      await mkdir(home, { recursive: true });
      await writeFile(join(home, 'backend.json'), '{"backend":"sim"}\n');
      const record = {
        status: 'started',
        attempts: 0,
        hintsUsed: 0,
        timeSpentMs: 0,
        startedAt: new Date().toISOString(),
      };
      const progress = {
        version: 1,
        backends: {
          sim: {
            default: {
              lessons: { [LESSON]: { steps: { [step]: record } } },
              current: { lesson: LESSON, step },
            },
          },
        },
      };
      await writeFile(join(home, 'progress.json'), `${JSON.stringify(progress)}\n`);
    };

    const startRunner = () => terminal.start(dir, env);

    const steps = async () =>
      JSON.parse(await readFile(join(env.POD_COURSE_HOME ?? '', 'progress.json'), 'utf8')).backends
        .sim.default.lessons[LESSON].steps;

    beforeAll(async () => {
      dir = await mkdtemp(join(tmpdir(), 'pod-course-start-cold-'));
      const lessons = join(dir, 'lessons');
      await cp(LESSON_01, join(lessons, '01-pod-and-infra-container'), { recursive: true });
      env = {
        POD_COURSE_HOME: join(dir, 'home'),
        POD_COURSE_WORKSPACE: join(dir, 'workspace'),
        POD_COURSE_LESSONS: lessons,
        // No kubeconfig context of the learner's own: nothing else to choose.
        KUBECONFIG: join(dir, 'no-kubeconfig'),
        NO_COLOR: '1',
        TERM: 'xterm-256color',
      };
    });

    afterEach(async () => {
      await terminal.stop();
      await runCli(['sim', 'stop'], env);
    });

    afterAll(async () => {
      await rm(dir, { recursive: true, force: true });
    });

    it('shows a task step before the simulator is up, then the ready line below it, then grades it', async () => {
      await returningLearner('share-pid');
      await startRunner();
      await waitFor('Picking up where you left off: 01 · step 2/8');
      // Graded: the simulator answered, the lesson is set up, the watch runs.
      const graded = await waitFor(
        '✗ Pod nginx-busybox exists — Pod nginx-busybox does not exist yet',
      );
      const title = lineOf(graded, '◆  01 · step 2/8 · Let two containers see each other');
      const ready = lineOf(graded, 'Simulator ready (');
      expect(title).toBeGreaterThanOrEqual(0);
      // Started by this run ("ready (n.n s)", not "running"), and written under the step.
      expect(graded).toMatch(/◇ {2}Simulator ready \(\d+\.\d s\) · 3 nodes · Kubernetes v1\.32/);
      expect(ready).toBeGreaterThan(title);
      expect(lineOf(graded, 'Conditions')).toBeGreaterThan(ready);
      expect(graded).not.toContain('Starting the simulator');
      expect(graded).not.toContain('Choose a lesson');
      expect(graded).toContain('t terminal  h hint  a solution  s skip  r reset  m menu  q quit');

      await keys('q');
      await waitFor('EXIT=0');
      expect((await steps())['share-pid'].status).toBe('started');
    }, 120_000);

    it('says on the step screen that the simulator could not start, and exits 3', async () => {
      await returningLearner('what-is-a-pod');
      // A state directory that belongs to something else: the simulator refuses it and exits.
      const store = join(env.POD_COURSE_HOME ?? '', 'sim', 'store');
      await mkdir(store, { recursive: true });
      await writeFile(
        join(store, 'store-format.json'),
        '{"format":"something-else","version":7}\n',
      );
      await startRunner();
      const shown = await waitFor('EXIT=3');
      const title = lineOf(shown, '◆  01 · step 1/8 · A Pod is not one big container');
      const failed = lineOf(shown, '▲  Could not reach a cluster');
      expect(title).toBeGreaterThanOrEqual(0);
      expect(failed).toBeGreaterThan(title);
      expect(lineOf(shown, 'pod-course: the simulator could not start')).toBeGreaterThan(failed);
      expect(shown).toContain('its state directory cannot be used');
      expect(shown).not.toMatch(/\n\s+at /);
      // The step's record is whole (the progress file parses), as the learner left it.
      expect((await steps())['what-is-a-pod'].status).toBe('started');
      const status = await runCli(['sim', 'status', '--lang', 'en'], env);
      expect(status.code).toBe(1);
    }, 120_000);

    it('leaves on Ctrl-C while the simulator starts (130), and the simulator ends up whole', async () => {
      await returningLearner('what-is-a-pod');
      await startRunner();
      await waitFor('Enter continue');
      await keys('C-c');
      await waitFor('EXIT=130');
      expect((await steps())['what-is-a-pod'].status).toBe('started');
      // Whenever the Ctrl-C came, the simulator is either not there or a whole one: `sim start`
      // reuses or starts it, and `sim stop` stops it.
      const started = await runCli(['sim', 'start', '--lang', 'en'], env);
      expect(started.code).toBe(0);
      const stopped = await runCli(['sim', 'stop', '--lang', 'en'], env);
      expect(stopped.code).toBe(0);
      expect(stopped.stdout).toContain('Simulator stopped');
    }, 120_000);
  },
);
