import { execFileSync, spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli-process.js';

const MAIN = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url));
const hasTmux = spawnSync('tmux', ['-V']).status === 0;
const hasKubectl = spawnSync('kubectl', ['version', '--client'], { stdio: 'ignore' }).status === 0;
if (!hasTmux) console.warn('skipping `pod-course shell` terminal tests: tmux is not installed');
if (!hasKubectl) console.warn('skipping `pod-course shell` terminal tests: kubectl is not on PATH');

/** `pod-course shell` in a real terminal (tmux): KUBECONFIG for the simulator, `k`, the exit code. */
describe.skipIf(!hasTmux || !hasKubectl)('pod-course shell', () => {
  let dir: string;
  let env: Record<string, string>;
  let socket: string;
  const tmux = (...args: string[]) =>
    execFileSync('tmux', ['-S', socket, ...args], { encoding: 'utf8' });
  const screen = () => tmux('capture-pane', '-p', '-t', 'learner');
  async function waitFor(text: string) {
    const deadline = Date.now() + 30_000;
    while (!screen().includes(text)) {
      if (Date.now() > deadline) throw new Error(`"${text}" never appeared:\n${screen()}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'pod-course-shell-'));
    socket = join(dir, 'tmux.sock');
    await mkdir(join(dir, 'user'), { recursive: true });
    await writeFile(join(dir, 'user', '.bashrc'), '');
    env = {
      HOME: join(dir, 'user'),
      SHELL: '/bin/bash',
      POD_COURSE_HOME: join(dir, 'home'),
      POD_COURSE_WORKSPACE: join(dir, 'workspace'),
      LANG: 'C',
      PATH: process.env.PATH ?? '',
    };
  });
  afterAll(async () => {
    spawnSync('tmux', ['-S', socket, 'kill-server']);
    await runCli(['sim', 'stop'], env);
    await rm(dir, { recursive: true, force: true });
  });

  it('opens bash wired to the simulator; `exit 5` comes back as the exit code', async () => {
    const result = join(dir, 'code');
    const line = `${process.execPath} --import tsx ${MAIN} shell; echo $? > ${result}`;
    const envArgs = Object.entries(env).flatMap(([k, v]) => ['-e', `${k}=${v}`]);
    tmux(
      'new-session',
      '-d',
      '-s',
      'learner',
      '-x',
      '120',
      '-y',
      '40',
      ...envArgs,
      'bash',
      '--norc',
      '-c',
      line,
    );
    await waitFor('[pod-course');
    tmux('send-keys', '-t', 'learner', 'echo "KC=$KUBECONFIG"', 'Enter');
    await waitFor(`KC=${join(dir, 'home', 'sim', 'kubeconfig')}`);
    tmux('send-keys', '-t', 'learner', 'k get nodes -o name', 'Enter');
    await waitFor('node/pod-course-worker2');
    await writeFile(join(dir, 'home', 'runner-status.txt'), '✓✗ still missing: the Pod\n');
    tmux('send-keys', '-t', 'learner', '', 'Enter');
    await waitFor('still missing: the Pod');
    tmux('send-keys', '-t', 'learner', 'exit 5', 'Enter');
    const deadline = Date.now() + 15_000;
    let code = '';
    while (Date.now() < deadline && !code) {
      code = await readFile(result, 'utf8').catch(() => '');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(code.trim()).toBe('5');
  });
});
