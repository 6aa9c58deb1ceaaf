import type { LocalizedText } from '../../src/course/localized-text.js';
import type { CheckContext } from './check-context.js';
import { say } from './result.js';

/**
 * What answers on one port of a Pod: an HTTP status, nobody (connection refused), or why it
 * could not be asked.
 */
export type PortAnswer =
  | { kind: 'http'; status: number }
  | { kind: 'refused'; said: string }
  | { kind: 'unknown'; why: LocalizedText };

/** curl's exit codes for "could not connect" (7) and "timed out connecting" (28). */
const NOT_CONNECTED = new Set([7, 28]);

/**
 * GETs `http://localhost:<port><path>` with curl inside `container`, the request an httpGet
 * probe makes (the kubelet sends it to the Pod's IP; the containers of a Pod share one
 * network, so localhost reaches the same listeners). Refused means nothing listens on the
 * port, which is also what fails a tcpSocket probe. The image must have curl (nginx's has).
 */
export async function askPort(
  ctx: CheckContext,
  pod: string,
  container: string,
  port: number,
  path = '/',
): Promise<PortAnswer> {
  const url = `http://localhost:${port}${path.startsWith('/') ? path : `/${path}`}`;
  const out = await ctx.exec(pod, container, ['curl', '-sS', '-i', url]);
  if (!out.ran) {
    return {
      kind: 'unknown',
      why: say(
        `无法在 Pod ${pod} 的容器 ${container} 里运行 curl:${out.reason}`,
        `cannot run curl in container ${container} of Pod ${pod}: ${out.reason}`,
      ),
    };
  }
  const said = (out.stderr || out.stdout).trim().split('\n')[0] ?? '';
  if (NOT_CONNECTED.has(out.exitCode)) return { kind: 'refused', said };
  const status = /^HTTP\/[\d.]+ (\d{3})/.exec(out.stdout);
  if (out.exitCode === 0 && status) return { kind: 'http', status: Number(status[1]) };
  return {
    kind: 'unknown',
    why: say(
      `在容器 ${container} 里访问 ${url} 没有得到 HTTP 回答(curl 退出码 ${out.exitCode}${said ? `: ${said}` : ''})`,
      `${url} gave no HTTP answer inside container ${container} (curl exit code ${out.exitCode}${said ? `: ${said}` : ''})`,
    ),
  };
}

/** An httpGet probe passes on 200 ≤ status < 400 (pkg/probe/http). */
export function probeAccepts(status: number): boolean {
  return status >= 200 && status < 400;
}
