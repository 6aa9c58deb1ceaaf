import type { LocalizedText } from '../../src/course/localized-text.js';
import type { CheckContext } from './check-context.js';
import { say } from './result.js';

/** What an HTTP GET from inside a container answered, or why there was no answer. */
export type HttpOutcome =
  | { answered: true; status: number; body: string }
  | { answered: false; why: LocalizedText };

/**
 * GETs `http://localhost<path>` from inside a container with its own curl (`curl -s -i`), the
 * way a learner checks a page with kubectl exec. Containers of a Pod share one network, so
 * this reaches any container's server. The image must have curl (nginx's has).
 */
export async function httpGetIn(
  ctx: CheckContext,
  pod: string,
  container: string,
  path = '/',
): Promise<HttpOutcome> {
  const url = `http://localhost${path}`;
  const out = await ctx.exec(pod, container, ['curl', '-s', '-i', url]);
  if (!out.ran) {
    return {
      answered: false,
      why: say(
        `无法在 Pod ${pod} 的容器 ${container} 里运行 curl:${out.reason}`,
        `cannot run curl in container ${container} of Pod ${pod}: ${out.reason}`,
      ),
    };
  }
  const status = /^HTTP\/[\d.]+ (\d{3})/.exec(out.stdout);
  if (out.exitCode !== 0 || !status) {
    const said = (out.stderr || out.stdout).trim().split('\n')[0] ?? '';
    return {
      answered: false,
      why: say(
        `在容器 ${container} 里访问 ${url} 没有得到回答(curl 退出码 ${out.exitCode}${said ? `: ${said}` : ''})`,
        `${url} gave no answer inside container ${container} (curl exit code ${out.exitCode}${said ? `: ${said}` : ''})`,
      ),
    };
  }
  // Headers end at the first empty line (CRLF on the wire, as curl -i prints them).
  const split = out.stdout.search(/\r?\n\r?\n/);
  const body = split < 0 ? '' : out.stdout.slice(split).replace(/^\r?\n\r?\n/, '');
  return { answered: true, status: Number(status[1]), body };
}

/** A page in a few words for a message: an HTML page's title, else its first line. */
export function pageSummary(body: string): string {
  const title = /<title>([^<]*)<\/title>/i.exec(body)?.[1];
  const text = (title ?? body.trim().split('\n')[0] ?? '').trim();
  return text.length > 60 ? `${text.slice(0, 57)}...` : text || '(empty)';
}
