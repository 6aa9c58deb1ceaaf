import { existsSync, readFileSync } from 'node:fs';
import { unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EXIT } from '../exit-codes.js';
import { KUBECONFIG_TEXT, ShellWorld, which } from './shell-world.test-support.js';
import { openUserShell, type UserShellOptions } from './user-shell.js';

/**
 * The learner's shell, opened for real in a terminal (tmux) by a stand-in for the runner, with
 * each shell that is installed. Nothing is mocked: the shells read the generated startup files,
 * the user's own rc files and the status file themselves.
 */

const tmux = which('tmux');
const kubectl = which('kubectl');
if (!tmux)
  console.warn('skipping the user-shell tests: tmux is not installed (apt-get install tmux)');
if (!kubectl)
  console.warn('skipping kubectl completion and `k config` checks: kubectl is not on PATH');

const STILL_TO_DO = '✓✓✗ 还差: nginx 读不到 index.html — 看看 debian 写到了哪个目录?';
const DONE = '✓ 完成! exit 返回课程';
const PROMPT = '[pod-course 02·1/5] theme>';

interface ShellCase {
  name: string;
  path: string | undefined;
  /** A command and what it prints when `k` is kubectl's alias (with its completion). */
  aliasCheck: [string, RegExp];
  completionCheck?: [string, RegExp];
}

const shells: ShellCase[] = [
  {
    name: 'bash',
    path: which('bash'),
    aliasCheck: ['type k', /k is aliased to `kubectl'/],
    completionCheck: ['complete -p k', /complete -o default -F __start_kubectl k/],
  },
  {
    name: 'sh',
    path: which('sh'),
    aliasCheck: ['type k', /k is (an alias for |aliased to `)kubectl/],
  },
  {
    name: 'zsh',
    path: which('zsh'),
    aliasCheck: ['type k', /k is an alias for kubectl/],
    completionCheck: ['echo "comp=$_comps[k]"', /comp=_kubectl/],
  },
  {
    name: 'fish',
    path: which('fish'),
    aliasCheck: [
      'functions k | string match -q "*kubectl*"; and echo k-wraps-kubectl',
      /^k-wraps-kubectl$/m,
    ],
    completionCheck: ['complete -C"k confi"', /^config\s/m],
  },
];

for (const shell of shells) {
  if (tmux && !shell.path)
    console.warn(`skipping the ${shell.name} tests: ${shell.name} is not installed`);
}

describe.skipIf(!tmux)('openUserShell in a real terminal', () => {
  let world: ShellWorld;
  beforeEach(async () => {
    world = await ShellWorld.create();
  });
  afterEach(async () => {
    await world.dispose();
  });

  for (const shell of shells) {
    it.skipIf(!shell.path)(
      `${shell.name}: KUBECONFIG, k, the user's rc, the prompt, the status line, the exit code`,
      async () => {
        await writeFile(world.statusFile, `${STILL_TO_DO}\n`);
        await world.open({ shell: shell.path ?? '' });

        // The status line stands right above the marked prompt (kept although the user's own
        // theme rebuilds the prompt every time).
        await world.waitFor(`${STILL_TO_DO}\n${PROMPT}`);

        // KUBECONFIG wins over the one the user's rc exports.
        await world.run(
          PROMPT,
          'echo "KC=$KUBECONFIG NS=$POD_COURSE_NAMESPACE PC=$POD_COURSE_SHELL"; pwd',
          `KC=${world.kubeconfig} NS=default PC=1\n${world.workspace}\n`,
        );
        await world.run(PROMPT, 'pc_user_rc', /^USER-RC-LOADED$/m);
        await world.run(PROMPT, ...shell.aliasCheck);
        if (kubectl && shell.completionCheck) await world.run(PROMPT, ...shell.completionCheck);
        if (kubectl) {
          await world.run(
            PROMPT,
            `k config view --minify -o jsonpath='ctx={.current-context}'; echo`,
            /^ctx=course$/m,
          );
        }

        // The runner rewrites the file; the next prompt shows it.
        await world.waitForPrompt(PROMPT);
        await writeFile(world.statusFile, DONE);
        await world.run(PROMPT, 'echo rewritten', `rewritten\n${DONE}\n${PROMPT}`);

        // No file, no status line.
        await world.waitForPrompt(PROMPT);
        await unlink(world.statusFile);
        await world.run(PROMPT, 'echo removed', `removed\n${PROMPT}`);

        expect(await world.sessionDirs()).toHaveLength(1);
        await world.waitForPrompt(PROMPT);
        world.type('exit 3');
        expect((await world.result()).code).toBe(3);
        expect(await world.sessionDirs()).toEqual([]);
      },
    );
  }

  it.skipIf(!which('bash'))(
    'hands the terminal back: the runner survives Ctrl-C in the shell and reads keys again',
    async () => {
      await world.open({ shell: which('bash') ?? '', keyLoop: true });
      await world.waitFor('DRIVER waiting for a key');
      world.press('x');
      // Ctrl-C and Ctrl-\ stop the learner's command, and nothing else.
      await world.run(PROMPT, 'sleep 600', /theme> sleep 600$/m);
      world.press('C-c');
      await world.run(PROMPT, 'sleep 601', /theme> sleep 601$/m);
      world.press('C-\\');
      await world.waitFor(/Quit/);
      await world.run(PROMPT, 'echo still-here', /^still-here$/m);
      await world.waitForPrompt(PROMPT);
      world.type('exit 7');
      await world.waitFor('DRIVER back with 7, waiting for a key');
      world.press('y');
      expect(await world.result()).toEqual({ code: 7, before: 'x', after: 'y' });
    },
  );

  it.skipIf(!which('bash'))(
    'a namespace other than the kubeconfig’s: a session copy, removed afterwards; the original untouched',
    async () => {
      await world.open({ shell: which('bash') ?? '', namespace: 'pod-course-alice' });
      const screen = await world.run(PROMPT, 'echo "KC=$KUBECONFIG"', /^KC=.*$/m);
      const copy = /^KC=(.*)$/m.exec(screen)?.[1] ?? '';
      expect(copy.startsWith(`${world.podCourseHome}/shell/`)).toBe(true);
      if (kubectl) {
        await world.run(
          PROMPT,
          `k config view --minify -o jsonpath='ns={..namespace} ca={..certificate-authority}'; echo`,
          `ns=pod-course-alice ca=${world.root}/kube/certs/ca.crt\n`,
        );
      }
      // Ctrl-D leaves as exit does.
      await world.waitForPrompt(PROMPT);
      world.press('C-d');
      expect((await world.result()).code).toBe(0);
      expect(await world.sessionDirs()).toEqual([]);
      expect(readFileSync(world.kubeconfig, 'utf8')).toBe(KUBECONFIG_TEXT);
    },
  );

  it.skipIf(!which('bash'))(
    'SIGTERM to the runner hangs the shell up and removes the session files',
    async () => {
      await world.open({ shell: which('bash') ?? '' });
      await world.waitForPrompt(PROMPT);
      expect(await world.sessionDirs()).toHaveLength(1);
      process.kill(world.driverPid(), 'SIGTERM');
      // It ends by the signal, raised again once the files are gone, not by returning.
      await world.waitFor(/^DRIVER-EXIT 143$/m);
      expect(existsSync(world.resultFile)).toBe(false);
      expect(await world.sessionDirs()).toEqual([]);
    },
  );
});

describe('openUserShell before any shell starts', () => {
  let world: ShellWorld;
  beforeEach(async () => {
    world = await ShellWorld.create();
  });
  afterEach(async () => {
    await world.dispose();
  });

  const options = (overrides: Partial<UserShellOptions>): UserShellOptions => ({
    kubeconfig: world.kubeconfig,
    namespace: 'default',
    cwd: world.workspace,
    label: '',
    language: 'en',
    env: { HOME: world.home, PATH: process.env.PATH ?? '', POD_COURSE_HOME: world.podCourseHome },
    banner: false,
    ...overrides,
  });

  it('refuses a workspace that does not exist, as a usage error', async () => {
    const failure = openUserShell(options({ cwd: join(world.root, 'no-such-dir') }));
    await expect(failure).rejects.toThrow(
      `the workspace ${join(world.root, 'no-such-dir')} does not exist`,
    );
    await expect(failure).rejects.toMatchObject({ exitCode: EXIT.usage });
  });

  it('refuses a kubeconfig without the context asked for, and leaves no session files', async () => {
    const failure = openUserShell(
      options({ context: 'elsewhere', shell: which('sh') ?? '/bin/sh' }),
    );
    await expect(failure).rejects.toThrow(
      /cannot use the kubeconfig: .* has no context named "elsewhere"/,
    );
    await expect(failure).rejects.toMatchObject({ exitCode: EXIT.clusterUnavailable });
    expect(await world.sessionDirs()).toEqual([]);
  });

  it('says which shell could not start, and leaves no session files', async () => {
    const missing = join(world.root, 'bin', 'bash');
    const failure = openUserShell(options({ shell: missing }));
    await expect(failure).rejects.toThrow(`could not start the shell ${missing}`);
    expect(await world.sessionDirs()).toEqual([]);
  });
});
