import { FsError } from '../fs/file-system.js';
import { emptyInput, nullOutput, textInput } from '../process/streams.js';
import type { Redirect } from './ast.js';
import type { Shell } from './interpreter.js';
import { BufferedInput, type Fd, openForReading, openForWriting } from './io.js';
import { resolvePath } from './paths.js';

/**
 * Applies redirections to a shell's file descriptor table. `/dev/null`, `/dev/stdout`,
 * `/dev/stderr`, `/dev/stdin` and `/dev/fd/N` are the shell's own descriptors, not files.
 */
export class Redirector {
  constructor(private readonly shell: Shell) {}

  /** Exit status of a command whose redirection failed: busybox 1, dash 2. */
  get failStatus(): number {
    return this.shell.flavour.name === 'ash' ? 1 : 2;
  }

  /** Runs `run` with `redirects` applied, then restores the descriptors. */
  async withRedirects(redirects: readonly Redirect[], run: () => Promise<number>): Promise<number> {
    if (redirects.length === 0) return run();
    const shell = this.shell;
    const saved = shell.fds;
    shell.fds = new Map(saved);
    try {
      if (!(await this.apply(redirects))) return this.failStatus;
      return await run();
    } finally {
      shell.fds = saved;
    }
  }

  /** Applies redirections to the current table; false (after the message) on failure. */
  async apply(redirects: readonly Redirect[]): Promise<boolean> {
    for (const redirect of redirects) {
      if (!(await this.applyOne(redirect))) return false;
    }
    return true;
  }

  private async applyOne(r: Redirect): Promise<boolean> {
    const shell = this.shell;
    const fds = shell.fds;
    if (r.op === '<<' || r.op === '<<-') {
      const heredoc = r.heredoc;
      const body = !heredoc
        ? ''
        : heredoc.expand
          ? await shell.guardExpansion(() => shell.expander.string(heredoc.body))
          : heredoc.body.parts.map((p) => (p.type === 'quoted' ? p.text : '')).join('');
      fds.set(r.fd, { input: BufferedInput.of(textInput(body)) });
      return true;
    }
    const target = await shell.guardExpansion(() => shell.expander.string(r.target));
    if (r.op === '>&' || r.op === '<&') {
      if (target === '-') {
        fds.delete(r.fd);
        return true;
      }
      if (/^\d+$/.test(target)) {
        const source = fds.get(Number(target));
        if (!source) {
          await shell.error(`${target}: Bad file descriptor`);
          return false;
        }
        fds.set(r.fd, source);
        return true;
      }
      if (r.op === '<&' || shell.flavour.name === 'dash') {
        await shell.error(`Syntax error: Bad fd number`);
        return false;
      }
      // busybox: `>&file` is bash's `&>file`.
      return this.openOutput(target, [1, 2], false, r);
    }
    if (r.op === '<' || r.op === '<>') return this.openInput(target, r);
    if (r.op === '&>') return this.openOutput(target, [1, 2], false, r);
    return this.openOutput(target, [r.fd], r.op === '>>', r);
  }

  /** The shell's own descriptor behind a /dev path, or undefined for a real file. */
  private device(path: string): Fd | 'null' | undefined {
    if (path === '/dev/null') return 'null';
    const fds = this.shell.fds;
    const fd =
      path === '/dev/stdin'
        ? 0
        : path === '/dev/stdout'
          ? 1
          : path === '/dev/stderr'
            ? 2
            : /^\/(?:dev|proc\/self)\/fd\/(\d+)$/.exec(path)?.[1];
    if (fd === undefined) return undefined;
    return fds.get(Number(fd)) ?? {};
  }

  private async openInput(target: string, r: Redirect): Promise<boolean> {
    const shell = this.shell;
    const device = this.device(target);
    if (device === 'null') {
      shell.fds.set(r.fd, { input: emptyInput });
      return true;
    }
    if (device) {
      shell.fds.set(r.fd, device);
      return true;
    }
    try {
      const input = openForReading(shell.fs, resolvePath(shell.state.cwd, target));
      const fd: Fd = { input: BufferedInput.of(input) };
      if (r.op === '<>')
        fd.output = openForWriting(shell.fs, resolvePath(shell.state.cwd, target), {
          append: true,
          noclobber: false,
        });
      shell.fds.set(r.fd, fd);
      return true;
    } catch (error) {
      if (!(error instanceof FsError)) throw error;
      await shell.error(shell.flavour.messages.cantOpen(target, error.code));
      return false;
    }
  }

  private async openOutput(
    target: string,
    fdNumbers: number[],
    append: boolean,
    r: Redirect,
  ): Promise<boolean> {
    const shell = this.shell;
    const device = this.device(target);
    let fd: Fd;
    if (device === 'null') fd = { output: nullOutput };
    else if (device) fd = device;
    else {
      try {
        const output = openForWriting(shell.fs, resolvePath(shell.state.cwd, target), {
          append,
          noclobber: r.op === '>' && shell.state.options.noclobber,
        });
        fd = { output };
      } catch (error) {
        if (!(error instanceof FsError)) throw error;
        await shell.error(shell.flavour.messages.cantCreate(target, error.code));
        return false;
      }
    }
    for (const n of fdNumbers) shell.fds.set(n, fd);
    return true;
  }
}
