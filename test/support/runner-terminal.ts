import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const MAIN = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url));

/**
 * `pod-course start` in a real terminal (tmux) for the runner's tests: start it, read the
 * screen, press keys. Each start gets a tmux server of its own: a socket reused right after
 * its server exits may refuse. The pane stays after the runner exits, showing `EXIT=<code>`.
 */
export class RunnerTerminal {
  private socket = '';
  private sessions = 0;

  constructor(
    private readonly name: string,
    private readonly rows: number,
    private readonly screenLimitMs: number,
  ) {}

  private tmux(...args: string[]) {
    return run('tmux', ['-L', this.socket, ...args]);
  }

  async start(dir: string, env: Record<string, string>) {
    this.socket = `pod-course-${this.name}-${process.pid}-${this.sessions++}`;
    const script = join(dir, 'runner.sh');
    const exports = Object.entries(env)
      .map(([key, value]) => `export ${key}='${value}'`)
      .join('\n');
    await writeFile(
      script,
      `${exports}\n'${process.execPath}' --import tsx '${MAIN}' start --lang en\necho "EXIT=$?"\nsleep 600\n`,
    );
    const size = ['-x', '120', '-y', String(this.rows)];
    await this.tmux('new-session', '-d', '-s', 'runner', ...size, `sh '${script}'`);
  }

  async screen() {
    return (await this.tmux('capture-pane', '-p', '-t', 'runner')).stdout;
  }

  keys(...names: string[]) {
    return this.tmux('send-keys', '-t', 'runner', ...names);
  }

  /** Polls the screen until `expected` shows, or fails with the screen as it was. */
  async waitFor(expected: string | RegExp) {
    const deadline = Date.now() + this.screenLimitMs;
    let last = '';
    while (Date.now() < deadline) {
      last = await this.screen();
      if (typeof expected === 'string' ? last.includes(expected) : expected.test(last)) return last;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`the screen never showed ${String(expected)}; it showed:\n${last}`);
  }

  async stop() {
    if (this.socket) await this.tmux('kill-server').catch(() => undefined);
  }
}
