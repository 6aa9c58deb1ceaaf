/**
 * A throwaway world for driving `openUserShell` in a real terminal: a temp HOME holding the
 * user's own rc files for every shell, a pod-course home whose path has a space in it, a
 * workspace, a kubeconfig and a status file; and tmux, on a private server, running the
 * driver (`shell-driver.test-support.ts`) the way a learner's terminal runs the runner.
 */
import { execFileSync } from 'node:child_process';
import { accessSync, constants, existsSync, readFileSync, statSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, realpath, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import type { UserShellOptions } from './user-shell.js';

const DRIVER = fileURLToPath(new URL('./shell-driver.test-support.ts', import.meta.url));
const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
/** Generous: a slow CI machine starting node + tsx + a shell. Only an upper bound, never a measure. */
const WAIT_MS = 30_000;

/** What a user's own rc does in every shell: a marker alias, a KUBECONFIG of their own, a prompt. */
const USER_RC = {
  bash: `export KUBECONFIG=/nowhere/from-bashrc
alias pc_user_rc='echo USER-RC-LOADED'
# A prompt theme that rebuilds PS1 before every prompt, as starship or powerline do.
PROMPT_COMMAND='PS1="theme> "'
`,
  zsh: `export KUBECONFIG=/nowhere/from-zshrc
alias pc_user_rc='echo USER-RC-LOADED'
precmd() { PS1='theme> ' }
`,
  fish: `set -gx KUBECONFIG /nowhere/from-config-fish
set -g fish_greeting
alias pc_user_rc 'echo USER-RC-LOADED'
function fish_prompt
    printf 'theme> '
end
`,
  sh: `KUBECONFIG=/nowhere/from-env-file; export KUBECONFIG
alias pc_user_rc='echo USER-RC-LOADED'
PS1='theme> '
`,
};

export const KUBECONFIG_TEXT = `apiVersion: v1
kind: Config
clusters:
- name: course
  cluster:
    server: https://127.0.0.1:6443
    certificate-authority: certs/ca.crt
contexts:
- name: course
  context:
    cluster: course
    user: learner
current-context: course
users:
- name: learner
  user:
    token: not-a-real-token
`;

/** `command -v`, without a shell. */
export function which(command: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(':')) {
    const candidate = join(dir || '.', command);
    try {
      if (!statSync(candidate).isFile()) continue;
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {}
  }
  return undefined;
}

export interface OpenOptions {
  shell: string;
  namespace?: string;
  label?: string;
  /** The driver reads a key before and after the shell, as the runner's key loop does. */
  keyLoop?: boolean;
}

export interface DriverResult {
  code: number;
  before?: string;
  after?: string;
}

export class ShellWorld {
  private tmuxSocket: string | undefined;

  private constructor(
    readonly root: string,
    readonly home: string,
    readonly podCourseHome: string,
    readonly workspace: string,
    readonly kubeconfig: string,
    readonly statusFile: string,
  ) {}

  static async create(): Promise<ShellWorld> {
    const root = await realpath(await mkdtemp(join(tmpdir(), 'pod-course-shell-')));
    const home = join(root, 'home');
    const world = new ShellWorld(
      root,
      home,
      join(root, 'pod course home'),
      join(root, 'workspace'),
      join(root, 'kube', 'config'),
      join(root, 'status.txt'),
    );
    await mkdir(join(home, '.config', 'fish'), { recursive: true });
    // Present, so that fish does not start generating completions from man pages in the background.
    await mkdir(join(home, '.local', 'share', 'fish', 'generated_completions'), {
      recursive: true,
    });
    await mkdir(world.workspace);
    await mkdir(join(root, 'kube', 'certs'), { recursive: true });
    await writeFile(join(home, '.bashrc'), USER_RC.bash);
    await writeFile(join(home, '.zshrc'), USER_RC.zsh);
    await writeFile(join(home, '.config', 'fish', 'config.fish'), USER_RC.fish);
    await writeFile(join(home, '.shrc'), USER_RC.sh);
    await writeFile(world.kubeconfig, KUBECONFIG_TEXT);
    await writeFile(
      join(root, 'tmux.conf'),
      'set -g remain-on-exit on\nset -g history-limit 5000\n',
    );
    return world;
  }

  /** Starts the driver in a fresh tmux server; returns once tmux has it running. */
  async open(options: OpenOptions): Promise<void> {
    const shellOptions: UserShellOptions = {
      kubeconfig: this.kubeconfig,
      namespace: options.namespace ?? 'default',
      cwd: this.workspace,
      label: options.label ?? '02·1/5',
      statusFile: this.statusFile,
      language: 'en',
      shell: options.shell,
      env: {
        HOME: this.home,
        PATH: process.env.PATH ?? '/usr/bin:/bin',
        TERM: 'screen',
        LANG: 'C.UTF-8',
        POD_COURSE_HOME: this.podCourseHome,
        // Only the POSIX sh reads it; the user's own ENV file, kept by the session's.
        ENV: join(this.home, '.shrc'),
      },
    };
    const input = join(this.root, 'driver-input.json');
    await writeFile(input, JSON.stringify({ options: shellOptions, keyLoop: options.keyLoop }));
    // A server of our own, its socket inside the world, so dispose() leaves nothing behind.
    this.tmuxSocket = join(this.root, 'tmux.sock');
    this.tmux(
      'new-session',
      '-d',
      '-s',
      'learner',
      '-x',
      '200',
      '-y',
      '50',
      '-c',
      REPO_ROOT,
      // sh waits for the driver and says how it ended (143 = SIGTERM), as a terminal would.
      'sh',
      '-c',
      '"$0" --import tsx "$1" "$2" "$3"; echo "DRIVER-EXIT $?"',
      process.execPath,
      DRIVER,
      input,
      this.resultFile,
    );
  }

  get resultFile() {
    return join(this.root, 'result.json');
  }

  driverPid(): number {
    return Number(readFileSync(`${this.resultFile}.pid`, 'utf8'));
  }

  /** Types a line and presses Enter. */
  type(line: string) {
    if (line !== '') this.tmux('send-keys', '-t', 'learner', '-l', line);
    this.tmux('send-keys', '-t', 'learner', 'Enter');
  }

  /** tmux key names: C-c, Tab, … */
  press(...keys: string[]) {
    this.tmux('send-keys', '-t', 'learner', ...keys);
  }

  /** The terminal's text, wrapped lines joined, trailing blanks trimmed. */
  screen(): string {
    return this.tmux('capture-pane', '-p', '-J', '-S', '-', '-t', 'learner')
      .split('\n')
      .map((line) => line.trimEnd())
      .join('\n');
  }

  /** Waits until the screen shows `expected`; fails with the screen when it never does. */
  async waitFor(expected: string | RegExp): Promise<string> {
    const shows = (text: string) =>
      typeof expected === 'string' ? text.includes(expected) : expected.test(text);
    const deadline = Date.now() + WAIT_MS;
    for (;;) {
      const text = this.screen();
      if (shows(text)) return text;
      if (Date.now() > deadline) {
        throw new Error(`the terminal never showed ${String(expected)}; it shows:\n${text}`);
      }
      await sleep(100);
    }
  }

  /** Waits until the last line on screen is `prompt`: the shell is waiting for input. */
  async waitForPrompt(prompt: string): Promise<void> {
    await this.until(() => {
      const lines = this.screen().trimEnd().split('\n');
      return lines[lines.length - 1] === prompt;
    }, `the prompt ${prompt}`);
  }

  /**
   * Types `line` once the shell waits at `prompt` (keys typed ahead would be echoed out of
   * place), then waits for `expected` to show.
   */
  async run(prompt: string, line: string, expected: string | RegExp): Promise<string> {
    await this.waitForPrompt(prompt);
    this.type(line);
    return this.waitFor(expected);
  }

  /** What the driver wrote after the shell exited. */
  async result(): Promise<DriverResult> {
    await this.until(() => existsSync(this.resultFile), 'the driver to write its result');
    return JSON.parse(readFileSync(this.resultFile, 'utf8')) as DriverResult;
  }

  /** Session directories under `<pod-course home>/shell`. */
  async sessionDirs(): Promise<string[]> {
    return readdir(join(this.podCourseHome, 'shell')).catch(() => []);
  }

  async until(condition: () => boolean | Promise<boolean>, what: string) {
    const deadline = Date.now() + WAIT_MS;
    while (!(await condition())) {
      if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}:\n${this.screen()}`);
      await sleep(100);
    }
  }

  async dispose() {
    if (this.tmuxSocket !== undefined) {
      try {
        this.tmux('kill-server');
      } catch {}
    }
    await rm(this.root, { recursive: true, force: true, maxRetries: 5 });
  }

  private tmux(...args: string[]): string {
    if (this.tmuxSocket === undefined) throw new Error('open() first');
    return execFileSync(
      'tmux',
      ['-S', this.tmuxSocket, '-u', '-f', join(this.root, 'tmux.conf'), ...args],
      { encoding: 'utf8', env: { ...process.env, TMUX: '' } },
    );
  }
}
