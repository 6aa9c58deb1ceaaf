import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli-process.js';
import { KUBECTL, kubectlFor } from '../support/kubectl.js';
import { RunnerTerminal } from '../support/runner-terminal.js';

const LESSON_01 = fileURLToPath(
  new URL('../../lessons/01-pod-and-infra-container', import.meta.url),
);

const TMUX = spawnSync('sh', ['-c', 'command -v tmux'], { encoding: 'utf8' }).status === 0;
const SKIP_REASON = !TMUX
  ? 'tmux is not on PATH: the interactive start test is skipped'
  : !KUBECTL
    ? 'kubectl is not on PATH: the interactive start test is skipped'
    : '';
if (SKIP_REASON) console.warn(`[pod-course tests] ${SKIP_REASON}`);

/** How long one screen may take to appear (the first includes starting the simulator). */
const SCREEN_LIMIT_MS = 45_000;

/**
 * `pod-course start` in a real terminal: tmux gives it a 120×40 pty, the test types keys
 * with send-keys and reads the screen with capture-pane, as a learner would see it. The
 * cluster is the real background simulator, changed from "another window" with the real
 * kubectl, so the runner's watch is what turns the conditions ✓.
 */
describe.skipIf(SKIP_REASON !== '')(
  `pod-course start in a terminal${SKIP_REASON ? ` (${SKIP_REASON})` : ''}`,
  () => {
    let dir: string;
    let env: Record<string, string>;
    const terminal = new RunnerTerminal('start', 40, SCREEN_LIMIT_MS);
    const screen = () => terminal.screen();
    const keys = (...names: string[]) => terminal.keys(...names);
    const waitFor = (expected: string | RegExp) => terminal.waitFor(expected);
    const startRunner = () => terminal.start(dir, env);
    const stopRunner = () => terminal.stop();

    const progress = async () =>
      JSON.parse(await readFile(join(env.POD_COURSE_HOME ?? '', 'progress.json'), 'utf8')).backends
        .sim.default.lessons['pod-and-infra-container'].steps;

    beforeAll(async () => {
      dir = await mkdtemp(join(tmpdir(), 'pod-course-start-tty-'));
      const lessons = join(dir, 'lessons');
      await cp(LESSON_01, join(lessons, '01-pod-and-infra-container'), { recursive: true });
      // A kubeconfig with a context of its own makes the backend question a real choice.
      const kubeconfig = join(dir, 'kubeconfig');
      await writeFile(
        kubeconfig,
        [
          'apiVersion: v1',
          'kind: Config',
          'current-context: classroom',
          'contexts: [{ name: classroom, context: { cluster: classroom, user: learner } }]',
          'clusters: [{ name: classroom, cluster: { server: "https://127.0.0.1:1" } }]',
          'users: [{ name: learner, user: { token: unused } }]',
          '',
        ].join('\n'),
      );
      env = {
        POD_COURSE_HOME: join(dir, 'home'),
        POD_COURSE_WORKSPACE: join(dir, 'workspace'),
        POD_COURSE_LESSONS: lessons,
        KUBECONFIG: kubeconfig,
        NO_COLOR: '1',
        TERM: 'xterm-256color',
      };
    });

    afterAll(async () => {
      await terminal.stop();
      await runCli(['sim', 'stop'], env);
      await rm(dir, { recursive: true, force: true });
    });

    it('asks for the backend, runs a read step, grades a task live as kubectl changes the cluster, and quits', async () => {
      await startRunner();
      await waitFor('current kubeconfig context: classroom');
      await keys('Enter'); // the simulator, first and recommended
      await waitFor(/Simulator ready \(\d+\.\d s\) · 3 nodes · Kubernetes v1\.32/);
      await waitFor('Choose a lesson');
      expect(await screen()).toContain('01 The Pod and its infra container  ░░░░░░░░ 0/8');
      await keys('Enter');

      await waitFor('01 · step 1/8 · A Pod is not one big container');
      await waitFor('Enter continue');
      await keys('Enter');

      await waitFor('01 · step 2/8');
      const task = await waitFor(
        '✗ Pod nginx-busybox exists — Pod nginx-busybox does not exist yet',
      );
      expect(task).toContain(
        `${join(dir, 'workspace', '01-pod-and-infra-container', 'nginx-busybox.yaml')}`,
      );
      expect(task).toContain('kubectl apply -f nginx-busybox.yaml');
      expect(task).toContain('t terminal  h hint  a solution  s skip  r reset  m menu  q quit');
      await keys('h');
      await waitFor('Hint 1/3: The field you need belongs to the whole Pod');

      // The learner's other window: the runner only learns of it through the cluster.
      const kubectl = kubectlFor(
        join(env.POD_COURSE_HOME ?? '', 'sim', 'kubeconfig'),
        join(dir, 'kube-cache'),
      );
      const applied = await kubectl([
        'apply',
        '-f',
        join(dir, 'lessons', '01-pod-and-infra-container', 'solution', 'nginx-busybox.yaml'),
      ]);
      expect(applied.stdout).toContain('pod/nginx-busybox created');
      const passed = await waitFor('Why it passed');
      expect(passed).toContain('✓ its containers share one PID namespace');
      expect(passed).toContain('spec.shareProcessNamespace: true');
      await waitFor('Enter next step');
      expect(
        await readFile(join(env.POD_COURSE_HOME ?? '', 'runner-status.txt'), 'utf8'),
      ).toContain('✓ Done!');

      await keys('q');
      await waitFor('EXIT=0');
      const steps = await progress();
      expect(steps['what-is-a-pod'].status).toBe('passed');
      expect(steps['share-pid']).toMatchObject({ status: 'passed', hintsUsed: 1 });
      expect(steps['share-pid'].attempts).toBeGreaterThan(0);
      expect(steps['share-pid'].timeSpentMs).toBeGreaterThan(0);
      // The backend answer is remembered: the next start does not ask again.
      expect(
        JSON.parse(await readFile(join(env.POD_COURSE_HOME ?? '', 'backend.json'), 'utf8')),
      ).toMatchObject({ backend: 'sim' });
      expect(existsSync(join(env.POD_COURSE_HOME ?? '', 'runner-status.txt'))).toBe(false);
      await stopRunner();
    }, 180_000);

    it('resumes at the step the learner left, without asking again, and Ctrl-C exits 130 cleanly', async () => {
      await startRunner();
      await waitFor('Picking up where you left off: 01 · step 3/8 · Who is PID 1?');
      const shown = await waitFor('Enter answer');
      expect(shown).not.toContain('Cluster');
      await keys('C-c');
      await waitFor('EXIT=130');
      const steps = await progress();
      expect(steps['pid-one'].status).toBe('started');
      expect(steps['share-pid'].status).toBe('passed');
      expect(existsSync(join(env.POD_COURSE_HOME ?? '', 'runner-status.txt'))).toBe(false);
      await stopRunner();
    }, 120_000);
  },
);
