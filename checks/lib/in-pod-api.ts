import type { LocalizedText } from '../../src/course/localized-text.js';
import type { CheckContext } from './check-context.js';
import { say } from './result.js';

/** Where the kubelet mounts the ServiceAccount's token, the cluster CA and the namespace. */
export const SERVICE_ACCOUNT_DIR = '/var/run/secrets/kubernetes.io/serviceaccount';

/** What the API server answered a container, or why the call never got an answer. */
export type InPodApiOutcome =
  | { answered: true; status: number; body: string; json: Record<string, unknown> | undefined }
  | { answered: false; why: LocalizedText };

/** The exit code our script uses when the container has no token to send. */
const NO_TOKEN = 90;

/**
 * Calls the API from inside a container the way the lesson shows it: curl to
 * https://kubernetes.default.svc, the server verified with the mounted `ca.crt`, the mounted
 * token as the bearer token. `path` is the API path (`/api/v1/namespaces/x/pods`). The image
 * must have curl (nginx's has).
 */
export async function apiCallFromPod(
  ctx: CheckContext,
  pod: string,
  container: string,
  path: string,
  request: { method?: string; body?: string } = {},
): Promise<InPodApiOutcome> {
  const dir = SERVICE_ACCOUNT_DIR;
  const data =
    request.body === undefined
      ? ''
      : ` -H 'Content-Type: application/json' -d '${request.body.replaceAll("'", "'\\''")}'`;
  const method = request.method ? ` -X ${request.method}` : '';
  const script =
    `[ -r ${dir}/token ] || exit ${NO_TOKEN}; ` +
    `curl -sS --cacert ${dir}/ca.crt -H "Authorization: Bearer $(cat ${dir}/token)"${method}${data} ` +
    `-w '\\n%{http_code}' 'https://kubernetes.default.svc${path}'`;
  const out = await ctx.exec(pod, container, ['sh', '-c', script]);
  if (!out.ran) {
    return {
      answered: false,
      why: say(
        `无法在 Pod ${pod} 的容器 ${container} 里运行 curl:${out.reason}`,
        `cannot run curl in container ${container} of Pod ${pod}: ${out.reason}`,
      ),
    };
  }
  if (out.exitCode === NO_TOKEN) {
    return {
      answered: false,
      why: say(
        `容器 ${container} 里没有 ${dir}/token:这个 Pod 没有挂载 ServiceAccount 的令牌`,
        `container ${container} has no ${dir}/token: this Pod has no ServiceAccount token mounted`,
      ),
    };
  }
  const cut = out.stdout.lastIndexOf('\n');
  const status = Number(out.stdout.slice(cut + 1));
  if (out.exitCode !== 0 || !status) {
    const said = out.stderr.trim().split('\n')[0] ?? '';
    return {
      answered: false,
      why: say(
        `容器 ${container} 里的 curl 没有得到 API server 的回答(退出码 ${out.exitCode}${said ? `: ${said}` : ''})`,
        `curl in container ${container} got no answer from the API server (exit code ${out.exitCode}${said ? `: ${said}` : ''})`,
      ),
    };
  }
  const body = out.stdout.slice(0, Math.max(cut, 0));
  return { answered: true, status, body, json: parseObject(body) };
}

function parseObject(body: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(body);
    return value && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/** The `message` of a metav1.Status body, else the body's first line. */
export function statusMessage(outcome: {
  body: string;
  json: Record<string, unknown> | undefined;
}) {
  const message = outcome.json?.message;
  return typeof message === 'string' ? message : (outcome.body.trim().split('\n')[0] ?? '');
}

/** Who the API server takes the container's token for (a SelfSubjectReview, allowed to anyone). */
export async function whoAmIFromPod(
  ctx: CheckContext,
  pod: string,
  container: string,
): Promise<{ ok: true; username: string } | { ok: false; why: LocalizedText }> {
  const review = await apiCallFromPod(
    ctx,
    pod,
    container,
    '/apis/authentication.k8s.io/v1/selfsubjectreviews',
    {
      method: 'POST',
      body: '{"apiVersion":"authentication.k8s.io/v1","kind":"SelfSubjectReview"}',
    },
  );
  if (!review.answered) return { ok: false, why: review.why };
  const status = review.json?.status as { userInfo?: { username?: unknown } } | undefined;
  const username = status?.userInfo?.username;
  if (review.status !== 201 || typeof username !== 'string') {
    return {
      ok: false,
      why: say(
        `API server 对 SelfSubjectReview 回答了 ${review.status}:${statusMessage(review)}`,
        `the API server answered the SelfSubjectReview with ${review.status}: ${statusMessage(review)}`,
      ),
    };
  }
  return { ok: true, username };
}
