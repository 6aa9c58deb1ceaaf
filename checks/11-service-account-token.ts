import type { V1Pod, V1ServiceAccount } from '@kubernetes/client-node';
import type { LocalizedText } from '../src/course/localized-text.js';
import type { CheckContext } from './lib/check-context.js';
import { defineChecks, known, unknown } from './lib/define-checks.js';
import {
  apiCallFromPod,
  SERVICE_ACCOUNT_DIR,
  statusMessage,
  whoAmIFromPod,
} from './lib/in-pod-api.js';
import { findPod } from './lib/pods.js';
import { bindingsAllowing, whyServiceAccountForbidden } from './lib/rbac-bindings.js';
import { fail, pass, say } from './lib/result.js';
import { runningOrWhy } from './lib/running-or-why.js';

const CLIENT = 'api-client';
const SA = 'api-reader';
const NO_TOKEN = 'no-token';
const NO_TOKEN_CONTAINER = 'web';

/** Files of the token volume, as the quiz's option ids name them. */
const FILE_OPTIONS: Record<string, string> = {
  'ca.crt': 'ca-crt',
  namespace: 'namespace',
  token: 'token',
  kubeconfig: 'kubeconfig',
  password: 'password',
};

/** The projected volume holding the ServiceAccount token, and where the container mounts it. */
function tokenVolume(pod: V1Pod, container: string) {
  const volume = pod.spec?.volumes?.find((v) =>
    (v.projected?.sources ?? []).some((s) => s.serviceAccountToken),
  );
  const mount = pod.spec?.containers
    .find((c) => c.name === container)
    ?.volumeMounts?.find((m) => m.mountPath.replace(/\/+$/, '') === SERVICE_ACCOUNT_DIR);
  return { volume, mount };
}

/** Lesson 11: the ServiceAccount token volume, the API from inside a Pod, and opting out. */
export default defineChecks({
  conditions: {
    async 'run-api-client/sa-exists'(ctx) {
      const account = await ctx.object<V1ServiceAccount>('ServiceAccount', SA);
      if (!account) {
        return fail(
          say(
            `ServiceAccount ${SA} 还不存在(命名空间 ${ctx.namespace}):kubectl create serviceaccount ${SA}`,
            `the ServiceAccount ${SA} does not exist yet (namespace ${ctx.namespace}): kubectl create serviceaccount ${SA}`,
          ),
        );
      }
      return pass(say(`ServiceAccount ${SA} 存在`, `ServiceAccount ${SA} exists`));
    },

    async 'run-api-client/pod-running'(ctx) {
      const result = await runningOrWhy(ctx, CLIENT, CLIENT);
      if (result.passed || (await ctx.pod(CLIENT))) return result;
      return fail(
        say(
          `${result.message.zh}。如果 kubectl apply 说 serviceaccount "${SA}" not found，先建 ServiceAccount`,
          `${result.message.en}. If kubectl apply said serviceaccount "${SA}" not found, create the ServiceAccount first`,
        ),
      );
    },

    async 'run-api-client/runs-as-api-reader'(ctx) {
      const { pod, missing } = await findPod(ctx, CLIENT);
      if (!pod) return missing;
      const account = pod.spec?.serviceAccountName ?? 'default';
      if (account !== SA) {
        return fail(
          say(
            `Pod ${CLIENT} 以 ServiceAccount ${account} 的身份运行(spec.serviceAccountName)。这个字段创建后不能改:kubectl delete pod ${CLIENT} --now，再用 api-client.yaml 创建`,
            `Pod ${CLIENT} runs as the ServiceAccount ${account} (spec.serviceAccountName). The field cannot change: kubectl delete pod ${CLIENT} --now, then create it from api-client.yaml`,
          ),
        );
      }
      const { volume, mount } = tokenVolume(pod, CLIENT);
      if (!volume || !mount) {
        return fail(
          say(
            `Pod ${CLIENT} 没有挂载 ServiceAccount 令牌(${SERVICE_ACCOUNT_DIR})`,
            `Pod ${CLIENT} has no ServiceAccount token mounted (${SERVICE_ACCOUNT_DIR})`,
          ),
        );
      }
      return pass(
        say(
          `spec.serviceAccountName: ${SA}；卷 ${volume.name} 挂载在 ${mount.mountPath}(只读)`,
          `spec.serviceAccountName: ${SA}; volume ${volume.name} mounted at ${mount.mountPath} (read-only)`,
        ),
      );
    },

    async 'allow-listing/lists-pods'(ctx) {
      const running = await runningOrWhy(ctx, CLIENT, CLIENT);
      if (!running.passed) return running;
      const path = `/api/v1/namespaces/${ctx.namespace}/pods`;
      const call = await apiCallFromPod(ctx, CLIENT, CLIENT, path);
      if (!call.answered) return fail(call.why);
      if (call.status === 200) {
        const items = Array.isArray(call.json?.items) ? call.json.items.length : 0;
        return pass(
          say(
            `在 ${CLIENT} 里 GET ${path}:200，PodList 里有 ${items} 个 Pod`,
            `GET ${path} from ${CLIENT}: 200, a PodList of ${items} Pods`,
          ),
        );
      }
      const said = statusMessage(call);
      const why =
        call.status === 403 ? await whyServiceAccountForbidden(ctx, SA, 'list', 'pods') : undefined;
      return fail(
        say(
          `API server 回答 ${call.status}:${said}${why ? `。${why.zh}` : ''}`,
          `the API server answered ${call.status}: ${said}${why ? `. ${why.en}` : ''}`,
        ),
      );
    },

    async 'allow-listing/secrets-still-hidden'(ctx) {
      const running = await runningOrWhy(ctx, CLIENT, CLIENT);
      if (!running.passed) return running;
      const path = `/api/v1/namespaces/${ctx.namespace}/secrets`;
      const call = await apiCallFromPod(ctx, CLIENT, CLIENT, path);
      if (!call.answered) return fail(call.why);
      if (call.status === 403) {
        return pass(
          say(
            `GET ${path}:403(${statusMessage(call)})`,
            `GET ${path}: 403 (${statusMessage(call)})`,
          ),
        );
      }
      if (call.status !== 200) {
        return fail(
          say(
            `API server 对 GET ${path} 回答了 ${call.status}:${statusMessage(call)}`,
            `the API server answered GET ${path} with ${call.status}: ${statusMessage(call)}`,
          ),
        );
      }
      const granting = await bindingsAllowing(ctx, SA, 'list', 'secrets');
      const which = granting.length ? granting.join(', ') : '';
      return fail(
        say(
          `ServiceAccount ${SA} 也能列出 Secret${which ? `(${which})` : ''}。只授予 view:它能读 Pod，读不了 Secret`,
          `ServiceAccount ${SA} can list Secrets too${which ? ` (${which})` : ''}. Grant view only: it reads Pods but not Secrets`,
        ),
      );
    },

    'no-token/pod-running': (ctx) => runningOrWhy(ctx, NO_TOKEN, NO_TOKEN_CONTAINER),

    async 'no-token/no-token-mounted'(ctx) {
      const { pod, missing } = await findPod(ctx, NO_TOKEN);
      if (!pod) return missing;
      const { volume, mount } = tokenVolume(pod, NO_TOKEN_CONTAINER);
      if (volume) {
        const where = mount ? `，挂载在 ${mount.mountPath}` : '';
        const whereEn = mount ? ` mounted at ${mount.mountPath}` : '';
        const reason = await whyMounted(ctx, pod);
        return fail(
          say(
            `Pod ${NO_TOKEN} 仍有卷 ${volume.name}${where}:${reason.zh}`,
            `Pod ${NO_TOKEN} still has the volume ${volume.name}${whereEn}: ${reason.en}`,
          ),
        );
      }
      const listed = await ctx.exec(NO_TOKEN, NO_TOKEN_CONTAINER, ['ls', SERVICE_ACCOUNT_DIR]);
      if (!listed.ran) {
        return fail(
          say(
            `无法在 Pod ${NO_TOKEN} 里运行 ls:${listed.reason}`,
            `cannot run ls in Pod ${NO_TOKEN}: ${listed.reason}`,
          ),
        );
      }
      if (listed.exitCode === 0) {
        return fail(
          say(
            `Pod ${NO_TOKEN} 没有令牌卷，但容器里仍有 ${SERVICE_ACCOUNT_DIR}:${listed.stdout.trim()}`,
            `Pod ${NO_TOKEN} has no token volume, yet the container still has ${SERVICE_ACCOUNT_DIR}: ${listed.stdout.trim()}`,
          ),
        );
      }
      const said = listed.stderr.trim().split('\n')[0] ?? '';
      return pass(
        say(
          `spec.automountServiceAccountToken: ${String(pod.spec?.automountServiceAccountToken)}；没有 kube-api-access 卷；${said}`,
          `spec.automountServiceAccountToken: ${String(pod.spec?.automountServiceAccountToken)}; no kube-api-access volume; ${said}`,
        ),
      );
    },
  },

  liveAnswers: {
    /** What `ls` shows in the token volume of api-client. */
    async 'files-in-token-volume'(ctx) {
      const out = await ctx.exec(CLIENT, CLIENT, ['ls', '-1', SERVICE_ACCOUNT_DIR]);
      if (!out.ran || out.exitCode !== 0) {
        return unknown(
          say(
            `先让 Pod ${CLIENT} 运行起来(上一步)`,
            `Get Pod ${CLIENT} running first (previous step)`,
          ),
        );
      }
      const ids = out.stdout
        .split('\n')
        .map((name) => FILE_OPTIONS[name])
        .filter((id): id is string => id !== undefined);
      return known(...ids);
    },

    /** The user the API server takes api-client's token for, asked from inside the Pod. */
    async 'api-client-username'(ctx) {
      const who = await whoAmIFromPod(ctx, CLIENT, CLIENT);
      return who.ok ? known(who.username) : unknown(who.why);
    },
  },
});

/** Why the token volume is there: the Pod's own field, or neither the Pod nor its account opting out. */
async function whyMounted(ctx: CheckContext, pod: V1Pod): Promise<LocalizedText> {
  const own = pod.spec?.automountServiceAccountToken;
  const name = pod.spec?.serviceAccountName ?? 'default';
  const account = await ctx.object<V1ServiceAccount>('ServiceAccount', name);
  if (own === true && account?.automountServiceAccountToken === false) {
    return say(
      `Pod 自己设了 automountServiceAccountToken true，它优先于 ServiceAccount ${name} 的 false`,
      `the Pod itself sets automountServiceAccountToken true, which wins over the false of ServiceAccount ${name}`,
    );
  }
  return say(
    `设置 spec.automountServiceAccountToken: false。这个字段创建后不能改，先 kubectl delete pod ${NO_TOKEN} --now`,
    `set spec.automountServiceAccountToken: false. The field cannot change once the Pod exists: kubectl delete pod ${NO_TOKEN} --now first`,
  );
}
