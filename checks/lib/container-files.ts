import type { LocalizedText } from '../../src/course/localized-text.js';
import type { CheckContext } from './check-context.js';
import { say } from './result.js';

/** What a container sees, read the way a learner would with kubectl exec, or why it could not be. */
export type Seen<T> = { ok: true; value: T } | { ok: false; why: LocalizedText };

function cannotRun(pod: string, container: string, reason: string): Seen<never> {
  return {
    ok: false,
    why: say(
      `无法在 Pod ${pod} 的容器 ${container} 里运行命令:${reason}`,
      `cannot run a command in container ${container} of Pod ${pod}: ${reason}`,
    ),
  };
}

/**
 * A file's content as `cat` prints it inside the container: through the mount table, the
 * `..data` symlinks of secret and downwardAPI volumes included.
 */
export async function readFileIn(
  ctx: CheckContext,
  pod: string,
  container: string,
  path: string,
): Promise<Seen<string>> {
  const out = await ctx.exec(pod, container, ['cat', path]);
  if (!out.ran) return cannotRun(pod, container, out.reason);
  if (out.exitCode !== 0) {
    return {
      ok: false,
      why: say(`容器 ${container} 里读不到 ${path}`, `container ${container} cannot read ${path}`),
    };
  }
  return { ok: true, value: out.stdout };
}

/** The visible entries of a directory in the container (`ls -1`: no dot entries), or undefined. */
export async function listDirIn(
  ctx: CheckContext,
  pod: string,
  container: string,
  dir: string,
): Promise<string[] | undefined> {
  const out = await ctx.exec(pod, container, ['ls', '-1', dir]);
  if (!out.ran || out.exitCode !== 0) return undefined;
  return out.stdout.split('\n').filter((line) => line !== '');
}

/**
 * An environment variable of the container's processes (`printenv NAME`, which is what the
 * container was started with: the kubelet never changes it afterwards). `value` is undefined
 * when the variable is not set.
 */
export async function envIn(
  ctx: CheckContext,
  pod: string,
  container: string,
  name: string,
): Promise<Seen<string | undefined>> {
  const out = await ctx.exec(pod, container, ['printenv', name]);
  if (!out.ran) return cannotRun(pod, container, out.reason);
  if (out.exitCode !== 0) return { ok: true, value: undefined };
  // printenv ends the value with one newline of its own.
  return { ok: true, value: out.stdout.replace(/\n$/, '') };
}

/** A value as a message shows it: quoted, a trailing newline visible as \n. */
export function shown(value: string): string {
  return JSON.stringify(value);
}

/** The value without the one newline a file written by echo (or a text editor) ends with. */
export function withoutNewline(value: string): string {
  return value.replace(/\r?\n$/, '');
}
