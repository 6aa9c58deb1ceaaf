import { spawn } from 'node:child_process';
import { statSync } from 'node:fs';
import { constants } from 'node:os';
import { resolve } from 'node:path';
import { podCourseHome } from '../../home.js';
import { CliError, EXIT } from '../exit-codes.js';
import type { Language } from '../ui/language.js';
import { findKubectl, kubectlInstallHint } from './kubectl-install.js';
import { createSessionDir, removeSessionDir } from './session-dir.js';
import { sessionKubeconfig } from './session-kubeconfig.js';
import { detectShell, type LaunchPlan, prepareLaunch } from './shell-launch.js';
import { type ShellMessages, shellMessages } from './shell-messages.js';

export interface UserShellOptions {
  /** The course's kubeconfig; its current context (or `context`) is the course's cluster. */
  kubeconfig: string;
  /** The course's namespace: plain `kubectl` and `k` work in it without `-n`. */
  namespace: string;
  /** Where the shell starts: the lesson's workspace. */
  cwd: string;
  /** Shown in the prompt as `[pod-course <label>] `, e.g. "02·1/5"; "" for `[pod-course] `. */
  label: string;
  /** Printed before each prompt when it exists; the runner rewrites it as conditions change. */
  statusFile?: string;
  language: Language;
  /** The environment the shell inherits (default `process.env`); also locates the pod-course home. */
  env?: NodeJS.ProcessEnv;
  /** The shell to run (default `$SHELL`). */
  shell?: string;
  /** A context of the kubeconfig to use instead of its current one (`--context NAME`). */
  context?: string;
  /** Print the banner, and the install hint when kubectl is missing (default true). */
  banner?: boolean;
}

/**
 * Opens the learner's own shell, wired to the course's cluster, and resolves with its exit
 * code (128 + n when a signal ended it) once it exits.
 *
 * `KUBECONFIG` is set (see `session-kubeconfig.ts` for how the namespace gets in without
 * touching the learner's file), with `POD_COURSE_SHELL=1` and `POD_COURSE_NAMESPACE`; `k` is
 * an alias of kubectl; the prompt starts with `[pod-course <label>] ` and the status file is
 * printed before each prompt. The user's own rc file is read first (see `shell-scripts.ts`).
 *
 * The shell owns the terminal while it runs: this process stops reading stdin (and leaves raw
 * mode, restoring it afterwards), and ignores Ctrl-C and Ctrl-\ so that they only reach the
 * shell. SIGTERM or SIGHUP to this process hang the shell up; the session's files are removed
 * in every case, then the signal is raised again if nobody else listens for it.
 */
export async function openUserShell(options: UserShellOptions): Promise<number> {
  const env = options.env ?? process.env;
  const t = shellMessages(options.language);
  const cwd = resolve(options.cwd);
  if (!isDirectory(cwd)) throw new CliError(t.workspaceMissing(cwd), EXIT.usage);

  const sessionDir = await createSessionDir(podCourseHome(env));
  // process.exit() elsewhere skips `finally`; an 'exit' listener still runs.
  const removeOnExit = () => removeSessionDir(sessionDir);
  process.on('exit', removeOnExit);
  let outcome: ShellOutcome;
  try {
    const kube = await sessionKubeconfig(
      options.kubeconfig,
      options.namespace,
      sessionDir,
      options.context,
    ).catch((error: unknown) => {
      throw new CliError(t.kubeconfigUnusable(messageOf(error)), EXIT.clusterUnavailable);
    });
    const plan = await prepareLaunch({
      shell: detectShell(options.shell ?? env.SHELL),
      sessionDir,
      kubeconfig: kube.path,
      namespace: options.namespace,
      label: options.label,
      ...(options.statusFile === undefined ? {} : { statusFile: resolve(options.statusFile) }),
      env,
    });
    if (options.banner ?? true) {
      if (findKubectl(env) === undefined) {
        const hint = kubectlInstallHint(process.platform, options.language);
        process.stdout.write(`${t.kubectlMissing(hint)}\n`);
      }
      process.stdout.write(`${t.banner(kube.path, options.namespace)}\n`);
    }
    outcome = await runInteractive(plan, cwd, t);
  } finally {
    process.off('exit', removeOnExit);
    removeSessionDir(sessionDir);
  }
  if (outcome.hangup !== undefined && process.listenerCount(outcome.hangup) === 0) {
    process.kill(process.pid, outcome.hangup);
  }
  return outcome.code;
}

interface ShellOutcome {
  code: number;
  /** The signal that made us hang the shell up, to be raised again once cleaned up. */
  hangup?: NodeJS.Signals;
}

/** How long a hung-up shell gets to exit before it is killed. */
const HANGUP_GRACE_MS = 3000;

function runInteractive(plan: LaunchPlan, cwd: string, t: ShellMessages): Promise<ShellOutcome> {
  return new Promise((resolveOutcome, reject) => {
    const stdin = process.stdin;
    const wasRaw = stdin.isTTY === true && stdin.isRaw;
    if (stdin.isTTY) {
      // A read from the terminal while the shell has it would steal keys (or stop us: SIGTTIN).
      if (wasRaw) stdin.setRawMode(false);
      stdin.pause();
    }

    const child = spawn(plan.file, plan.args, { cwd, env: plan.env, stdio: 'inherit' });
    let hangup: NodeJS.Signals | undefined;
    let killTimer: NodeJS.Timeout | undefined;
    const ignore = () => {};
    const hangUp = (signal: NodeJS.Signals) => {
      hangup ??= signal;
      child.kill('SIGHUP');
      killTimer ??= setTimeout(() => child.kill('SIGKILL'), HANGUP_GRACE_MS).unref();
    };
    // The terminal's Ctrl-C and Ctrl-\ go to its whole foreground process group; they are the
    // shell's to handle, never a reason for the runner to die.
    const ignored: NodeJS.Signals[] =
      process.platform === 'win32' ? ['SIGINT'] : ['SIGINT', 'SIGQUIT'];
    const hangups: NodeJS.Signals[] = ['SIGTERM', 'SIGHUP'];
    for (const signal of ignored) process.on(signal, ignore);
    for (const signal of hangups) process.on(signal, hangUp);

    let settled = false;
    const finish = () => {
      if (settled) return false;
      settled = true;
      for (const signal of ignored) process.off(signal, ignore);
      for (const signal of hangups) process.off(signal, hangUp);
      if (killTimer !== undefined) clearTimeout(killTimer);
      if (wasRaw) stdin.setRawMode(true);
      return true;
    };
    child.once('error', (error) => {
      if (finish()) reject(new CliError(t.shellFailed(plan.file, error.message), EXIT.usage));
    });
    child.once('exit', (code, signal) => {
      if (!finish()) return;
      const exitCode = code ?? 128 + (signal === null ? 0 : (constants.signals[signal] ?? 0));
      resolveOutcome(hangup === undefined ? { code: exitCode } : { code: exitCode, hangup });
    });
  });
}

function isDirectory(path: string) {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

function messageOf(error: unknown) {
  return error instanceof Error ? error.message : String(error);
}
