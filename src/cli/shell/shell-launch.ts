import { writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { BASH_RC, FISH_INIT, SH_ENV, type ShellKind, ZSH_ENV, ZSH_RC } from './shell-scripts.js';

export interface DetectedShell {
  kind: ShellKind;
  /** What to spawn: the user's shell, or `/bin/sh` when theirs speaks neither of ours. */
  file: string;
}

/**
 * Shells that read `$ENV` when interactive and understand POSIX syntax in it. Each is started
 * as itself, so the learner keeps the shell they chose; anything else (tcsh, nu, xonsh, …) gets
 * `/bin/sh`, where our startup file at least works.
 */
const POSIX_SHELLS = new Set(['sh', 'dash', 'ash', 'ksh', 'ksh93', 'mksh', 'oksh', 'yash', 'posh']);

/** The rc file a POSIX shell reads when ENV is unset, which our ENV file then has to read. */
const DEFAULT_RC: Readonly<Record<string, string>> = {
  ksh: '.kshrc',
  ksh93: '.kshrc',
  oksh: '.kshrc',
  mksh: '.mkshrc',
  yash: '.yashrc',
};

export function detectShell(shell: string | undefined): DetectedShell {
  const path = shell?.trim() ?? '';
  // Either separator: a Windows path (Git Bash's bash.exe) may reach us on any platform.
  const name = (path.split(/[\\/]/).pop() ?? '').replace(/\.exe$/i, '').toLowerCase();
  if (name === 'bash' || name === 'zsh' || name === 'fish') return { kind: name, file: path };
  if (POSIX_SHELLS.has(name)) return { kind: 'sh', file: path };
  return { kind: 'sh', file: '/bin/sh' };
}

export interface LaunchInput {
  shell: DetectedShell;
  /** Session directory (mode 0700) where the startup files go; removed after the shell exits. */
  sessionDir: string;
  /** Absolute path of the kubeconfig the shell works with. */
  kubeconfig: string;
  namespace: string;
  label: string;
  statusFile?: string;
  /** The environment the shell inherits, before ours is added. */
  env: NodeJS.ProcessEnv;
}

export interface LaunchPlan {
  file: string;
  args: string[];
  env: NodeJS.ProcessEnv;
}

/**
 * Writes the startup file(s) for the shell into the session directory and says how to start
 * it. The variables that `shell-scripts.ts` reads are set here.
 */
export async function prepareLaunch(input: LaunchInput): Promise<LaunchPlan> {
  const { shell, sessionDir } = input;
  const env: NodeJS.ProcessEnv = {
    ...input.env,
    KUBECONFIG: input.kubeconfig,
    POD_COURSE_KUBECONFIG: input.kubeconfig,
    POD_COURSE_SHELL: '1',
    POD_COURSE_NAMESPACE: input.namespace,
    POD_COURSE_PROMPT: promptPrefix(input.label),
  };
  if (input.statusFile === undefined) delete env.POD_COURSE_STATUS_FILE;
  else env.POD_COURSE_STATUS_FILE = input.statusFile;

  switch (shell.kind) {
    case 'bash': {
      const rc = join(sessionDir, 'bashrc');
      await writeScript(rc, BASH_RC);
      return { file: shell.file, args: ['--rcfile', rc, '-i'], env };
    }
    case 'zsh': {
      await writeScript(join(sessionDir, '.zshenv'), ZSH_ENV);
      await writeScript(join(sessionDir, '.zshrc'), ZSH_RC);
      if (input.env.ZDOTDIR === undefined) delete env.POD_COURSE_USER_ZDOTDIR;
      else env.POD_COURSE_USER_ZDOTDIR = input.env.ZDOTDIR;
      env.ZDOTDIR = sessionDir;
      return { file: shell.file, args: ['-i'], env };
    }
    case 'fish': {
      const init = join(sessionDir, 'init.fish');
      await writeScript(init, FISH_INIT);
      // The path travels in a variable: fish does not split variables, so spaces are safe.
      env.POD_COURSE_FISH_INIT = init;
      return {
        file: shell.file,
        args: ['-i', '--init-command', 'source $POD_COURSE_FISH_INIT'],
        env,
      };
    }
    case 'sh': {
      const file = join(sessionDir, 'shrc');
      await writeScript(file, SH_ENV);
      const userRc = userPosixRc(shell.file, input.env);
      if (userRc === undefined) delete env.POD_COURSE_USER_RC;
      else env.POD_COURSE_USER_RC = userRc;
      if (input.env.ENV === undefined) delete env.POD_COURSE_USER_ENV;
      else env.POD_COURSE_USER_ENV = input.env.ENV;
      env.ENV = file;
      return { file: shell.file, args: ['-i'], env };
    }
  }
}

/**
 * `[pod-course 02·1/5] `, or `[pod-course] ` without a label. Characters that a prompt would
 * read as escapes or expansions in one shell or another are dropped: a label is plain text.
 */
export function promptPrefix(label: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is removed
  const clean = label.replace(/[\u0000-\u001f\u007f\\$`%!]/g, '').trim();
  return clean === '' ? '[pod-course] ' : `[pod-course ${clean}] `;
}

/** The file the user's own POSIX shell would have read at start: their ENV, or its default rc. */
function userPosixRc(file: string, env: NodeJS.ProcessEnv): string | undefined {
  if (env.ENV) return env.ENV;
  const rc = DEFAULT_RC[basename(file).toLowerCase()];
  return rc !== undefined && env.HOME ? join(env.HOME, rc) : undefined;
}

async function writeScript(path: string, text: string) {
  await writeFile(path, text, { mode: 0o600 });
}
