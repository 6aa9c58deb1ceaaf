import type { CheckContext } from './check-context.js';
import type { Seen } from './container-files.js';
import { say } from './result.js';

/**
 * The body of `url` fetched inside a container with busybox's wget (`wget -qO- URL`), the way
 * a learner tries it from a busybox container that has no curl. A failure carries wget's own
 * words (`wget: can't connect to remote host (127.0.0.1): Connection refused`).
 */
export async function wgetIn(
  ctx: CheckContext,
  pod: string,
  container: string,
  url: string,
): Promise<Seen<string>> {
  const out = await ctx.exec(pod, container, ['wget', '-qO-', url]);
  if (!out.ran) {
    return {
      ok: false,
      why: say(
        `无法在 Pod ${pod} 的容器 ${container} 里运行 wget:${out.reason}`,
        `cannot run wget in container ${container} of Pod ${pod}: ${out.reason}`,
      ),
    };
  }
  if (out.exitCode !== 0) {
    const said = (out.stderr || out.stdout).trim().split('\n').pop() ?? '';
    return {
      ok: false,
      why: say(
        `在容器 ${container} 里 wget ${url} 失败(退出码 ${out.exitCode})${said ? `: ${said}` : ''}`,
        `wget ${url} failed in container ${container} (exit code ${out.exitCode})${said ? `: ${said}` : ''}`,
      ),
    };
  }
  return { ok: true, value: out.stdout };
}
