import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { detectShell, type LaunchInput, prepareLaunch, promptPrefix } from './shell-launch.js';
import { BASH_RC } from './shell-scripts.js';

describe('detectShell', () => {
  it('runs bash, zsh and fish as themselves', () => {
    expect(detectShell('/usr/local/bin/bash')).toEqual({
      kind: 'bash',
      file: '/usr/local/bin/bash',
    });
    expect(detectShell('/bin/zsh')).toEqual({ kind: 'zsh', file: '/bin/zsh' });
    expect(detectShell('/opt/homebrew/bin/fish')).toEqual({
      kind: 'fish',
      file: '/opt/homebrew/bin/fish',
    });
    expect(detectShell('C:\\Program Files\\Git\\bin\\bash.exe').kind).toBe('bash');
  });

  it('runs POSIX shells as themselves with an ENV file', () => {
    expect(detectShell('/bin/dash')).toEqual({ kind: 'sh', file: '/bin/dash' });
    expect(detectShell('/bin/mksh')).toEqual({ kind: 'sh', file: '/bin/mksh' });
  });

  it('falls back to /bin/sh for shells that read no ENV file, or none at all', () => {
    expect(detectShell('/bin/tcsh')).toEqual({ kind: 'sh', file: '/bin/sh' });
    expect(detectShell('/usr/bin/nu')).toEqual({ kind: 'sh', file: '/bin/sh' });
    expect(detectShell(undefined)).toEqual({ kind: 'sh', file: '/bin/sh' });
    expect(detectShell('')).toEqual({ kind: 'sh', file: '/bin/sh' });
  });
});

describe('promptPrefix', () => {
  it('marks the prompt with the step label', () => {
    expect(promptPrefix('02·1/5')).toBe('[pod-course 02·1/5] ');
    expect(promptPrefix('')).toBe('[pod-course] ');
  });

  it('keeps prompt escapes and expansions out of a label', () => {
    expect(promptPrefix('a\\u$(id)`x`%n!\n')).toBe('[pod-course au(id)xn] ');
  });
});

describe('prepareLaunch', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'pod-course-launch-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const input = (file: string, env: NodeJS.ProcessEnv): LaunchInput => ({
    shell: detectShell(file),
    sessionDir: dir,
    kubeconfig: '/k/config',
    namespace: 'default',
    label: '01·2/3',
    statusFile: '/s/status',
    env,
  });

  it('bash: a private --rcfile, and the variables the scripts read', async () => {
    const plan = await prepareLaunch(
      input('/bin/bash', { HOME: '/h', POD_COURSE_STATUS_FILE: 'x' }),
    );
    expect(plan.file).toBe('/bin/bash');
    expect(plan.args).toEqual(['--rcfile', join(dir, 'bashrc'), '-i']);
    expect(await readFile(join(dir, 'bashrc'), 'utf8')).toBe(BASH_RC);
    expect((await stat(join(dir, 'bashrc'))).mode & 0o777).toBe(0o600);
    expect(plan.env).toMatchObject({
      HOME: '/h',
      KUBECONFIG: '/k/config',
      POD_COURSE_KUBECONFIG: '/k/config',
      POD_COURSE_SHELL: '1',
      POD_COURSE_NAMESPACE: 'default',
      POD_COURSE_PROMPT: '[pod-course 01·2/3] ',
      POD_COURSE_STATUS_FILE: '/s/status',
    });
  });

  it('without a status file, an inherited POD_COURSE_STATUS_FILE is not passed on', async () => {
    const { statusFile: _, ...rest } = input('/bin/bash', { POD_COURSE_STATUS_FILE: '/old' });
    expect((await prepareLaunch(rest)).env.POD_COURSE_STATUS_FILE).toBeUndefined();
  });

  it("zsh: ZDOTDIR is the session's, the user's own is remembered", async () => {
    const own = await prepareLaunch(input('/bin/zsh', { ZDOTDIR: '/h/.config/zsh' }));
    expect(own.env.ZDOTDIR).toBe(dir);
    expect(own.env.POD_COURSE_USER_ZDOTDIR).toBe('/h/.config/zsh');
    const none = await prepareLaunch(input('/bin/zsh', {}));
    expect(none.env.POD_COURSE_USER_ZDOTDIR).toBeUndefined();
    expect((await readFile(join(dir, '.zshrc'), 'utf8')).length).toBeGreaterThan(0);
  });

  it('fish: the init file travels in a variable, so a path with spaces needs no quoting', async () => {
    const plan = await prepareLaunch(input('/usr/bin/fish', {}));
    expect(plan.args).toEqual(['-i', '--init-command', 'source $POD_COURSE_FISH_INIT']);
    expect(plan.env.POD_COURSE_FISH_INIT).toBe(join(dir, 'init.fish'));
  });

  it("sh: ENV is the session's; the user's ENV, or the shell's own rc, is read from it", async () => {
    const withEnv = await prepareLaunch(input('/bin/dash', { HOME: '/h', ENV: '/h/.shrc' }));
    expect(withEnv.env.ENV).toBe(join(dir, 'shrc'));
    expect(withEnv.env.POD_COURSE_USER_RC).toBe('/h/.shrc');
    expect(withEnv.env.POD_COURSE_USER_ENV).toBe('/h/.shrc');
    const mksh = await prepareLaunch(input('/bin/mksh', { HOME: '/h' }));
    expect(mksh.env.POD_COURSE_USER_RC).toBe('/h/.mkshrc');
    expect(mksh.env.POD_COURSE_USER_ENV).toBeUndefined();
    const dash = await prepareLaunch(input('/bin/dash', { HOME: '/h' }));
    expect(dash.env.POD_COURSE_USER_RC).toBeUndefined();
  });
});
