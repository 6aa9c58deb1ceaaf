import type { V1Pod } from '@kubernetes/client-node';
import type { CheckContext } from './lib/check-context.js';
import { containersWithEnv, lastTermination } from './lib/container-states.js';
import { defineChecks, known, unknown } from './lib/define-checks.js';
import { podEvents } from './lib/events.js';
import { classifyPullFailure, isPullError, pullFailureMessage } from './lib/image-pull.js';
import { containerRunning, containerSpec, containerStatus, describeState } from './lib/pods.js';
import { type ConditionResult, fail, pass, say } from './lib/result.js';

const WEB = 'web';
const SHOP = 'shop';
const SHOP_CONFIG = 'shop-config';
const WORKER = 'worker';
const QUEUE_URL = 'QUEUE_URL';
const READY_LINE = 'worker: ready';

/** Lesson 05: the conditions of its three fixes and the live answers of its quizzes. */
export default defineChecks({
  conditions: {
    async 'fix-image/image-pulled'(ctx) {
      const { pod, missing } = await brokenPod(ctx, WEB, 'web.yaml');
      if (!pod) return missing;
      const image = containerSpec(pod, WEB)?.image ?? '';
      const status = containerStatus(pod, WEB);
      const reason = status?.state?.waiting?.reason ?? '';
      if (isPullError(reason)) {
        const said = pullFailureMessage(await podEvents(ctx, pod), image);
        return fail(
          say(
            `容器 ${WEB} 还拉不到镜像 ${image}(${reason})${said ? `:${said}` : ''}`,
            `container ${WEB} still cannot pull image ${image} (${reason})${said ? `: ${said}` : ''}`,
          ),
        );
      }
      if (status?.imageID) {
        return pass(
          say(
            `镜像 ${status.image} 已拉取(${status.imageID})`,
            `image ${status.image} is pulled (${status.imageID})`,
          ),
        );
      }
      return fail(
        say(
          `kubelet 还在为容器 ${WEB} 准备镜像 ${image}，稍等一下`,
          `the kubelet is still getting image ${image} for container ${WEB}; wait a moment`,
        ),
      );
    },

    async 'fix-image/web-running'(ctx) {
      const { pod, missing } = await brokenPod(ctx, WEB, 'web.yaml');
      if (!pod) return missing;
      return containerRunning(ctx, WEB, WEB);
    },

    async 'fix-config/shop-running'(ctx) {
      const { pod, missing } = await brokenPod(ctx, SHOP, 'shop-config.yaml');
      if (!pod) return missing;
      const running = await containerRunning(ctx, SHOP, SHOP);
      if (running.passed) return running;
      const waiting = containerStatus(pod, SHOP)?.state?.waiting;
      if (!waiting?.message) return running;
      return fail(
        say(
          `容器 ${SHOP} 没有在运行:${waiting.reason}: ${waiting.message}`,
          `container ${SHOP} is not running: ${waiting.reason}: ${waiting.message}`,
        ),
      );
    },

    async 'fix-config/color-from-config'(ctx) {
      const { pod, missing } = await brokenPod(ctx, SHOP, 'shop-config.yaml');
      if (!pod) return missing;
      const env = containerSpec(pod, SHOP)?.env?.find((e) => e.name === 'COLOR');
      const ref = env?.valueFrom?.configMapKeyRef;
      if (env?.value !== undefined && !ref) {
        return fail(
          say(
            `COLOR 直接写在了 Pod 里(value: ${env.value})，不再跟着 ConfigMap ${SHOP_CONFIG} 变化。保留 valueFrom.configMapKeyRef，去修 ConfigMap 里的键`,
            `COLOR is written into the Pod (value: ${env.value}) and no longer follows ConfigMap ${SHOP_CONFIG}. Keep valueFrom.configMapKeyRef and fix the key in the ConfigMap`,
          ),
        );
      }
      if (ref?.name !== SHOP_CONFIG) {
        return fail(
          say(
            `容器 ${SHOP} 的 COLOR 没有引用 ConfigMap ${SHOP_CONFIG}${ref?.name ? `(它引用的是 ${ref.name})` : ''}`,
            `COLOR of container ${SHOP} does not refer to ConfigMap ${SHOP_CONFIG}${ref?.name ? ` (it refers to ${ref.name})` : ''}`,
          ),
        );
      }
      const running = await containerRunning(ctx, SHOP, SHOP);
      if (!running.passed) {
        return fail(
          say(
            `COLOR 引用了 ConfigMap ${SHOP_CONFIG} 的键 ${ref.key}；容器 ${SHOP} 运行后，才能在里面确认它的值`,
            `COLOR refers to key ${ref.key} of ConfigMap ${SHOP_CONFIG}; its value can be checked inside container ${SHOP} once it runs`,
          ),
        );
      }
      const out = await ctx.exec(SHOP, SHOP, ['printenv', 'COLOR']);
      if (!out.ran) {
        return fail(
          say(
            `还不能在容器 ${SHOP} 里查看 COLOR:${out.reason}`,
            `cannot read COLOR inside container ${SHOP} yet: ${out.reason}`,
          ),
        );
      }
      const value = out.stdout.trim();
      if (out.exitCode !== 0 || value === '') {
        return fail(say(`容器 ${SHOP} 里 COLOR 是空的`, `COLOR is empty inside container ${SHOP}`));
      }
      return pass(
        say(
          `容器里 COLOR=${value}，来自 ConfigMap ${SHOP_CONFIG} 的键 ${ref.key}`,
          `inside the container COLOR=${value}, from key ${ref.key} of ConfigMap ${SHOP_CONFIG}`,
        ),
      );
    },

    async 'fix-crash/queue-url-on-worker'(ctx) {
      const { pod, missing } = await brokenPod(ctx, WORKER, 'worker.yaml');
      if (!pod) return missing;
      const holders = containersWithEnv(pod, QUEUE_URL);
      const own = holders.find((h) => h.name === WORKER);
      if (own && (own.env.value || own.env.valueFrom)) {
        const value = own.env.value ?? '(valueFrom)';
        return pass(
          say(`容器 ${WORKER}:${QUEUE_URL}=${value}`, `container ${WORKER}: ${QUEUE_URL}=${value}`),
        );
      }
      const other = holders.find((h) => h.name !== WORKER);
      if (other) {
        return fail(
          say(
            `${QUEUE_URL} 设在了容器 ${other.name} 上，崩溃的却是 ${WORKER}:env 只属于写它的那个容器`,
            `${QUEUE_URL} is set on container ${other.name}, but ${WORKER} is the one that crashes: env belongs to the container it is written under`,
          ),
        );
      }
      return fail(
        say(
          `容器 ${WORKER} 还没有环境变量 ${QUEUE_URL}`,
          `container ${WORKER} has no ${QUEUE_URL} variable yet`,
        ),
      );
    },

    async 'fix-crash/worker-ready'(ctx) {
      const { pod, missing } = await brokenPod(ctx, WORKER, 'worker.yaml');
      if (!pod) return missing;
      const status = containerStatus(pod, WORKER);
      const restarts = status?.restartCount ?? 0;
      if (status?.state?.running) {
        const log = (await ctx.logs(WORKER, WORKER)) ?? '';
        const ready = log.split('\n').find((l) => l.startsWith(READY_LINE));
        if (ready) {
          return pass(
            say(`容器 ${WORKER} 的日志:${ready}`, `the log of container ${WORKER}: ${ready}`),
            say(`重启次数 ${restarts}`, `restart count ${restarts}`),
          );
        }
      }
      const last = lastTermination(status);
      if (last && last.exitCode !== 0) {
        const words = lastLine(
          (await ctx.logs(WORKER, WORKER, { previous: true })) ??
            (await ctx.logs(WORKER, WORKER)) ??
            '',
        );
        return fail(
          say(
            `容器 ${WORKER} 还在崩溃(重启 ${restarts} 次，上次退出码 ${last.exitCode})${words ? `，最后一行日志:${words}` : ''}`,
            `container ${WORKER} keeps crashing (restarts: ${restarts}, last exit code ${last.exitCode})${words ? `; its last log line: ${words}` : ''}`,
          ),
        );
      }
      const state = describeState(status);
      return fail(
        say(
          `容器 ${WORKER} 还没有说它准备好了(${state.zh})，稍等一下`,
          `container ${WORKER} has not said it is ready yet (${state.en}); wait a moment`,
        ),
      );
    },
  },

  liveAnswers: {
    /** Why the kubelet could not pull the image of web, from the Failed events about it. */
    async 'web-pull-failure'(ctx) {
      const pod = await ctx.pod(WEB);
      if (!pod) return unknown(gone(WEB));
      const events = await podEvents(ctx, pod);
      const status = containerStatus(pod, WEB);
      const cause = classifyPullFailure(events, status);
      if (cause) return known(cause);
      if (status?.imageID) {
        return unknown(
          say(
            `Pod ${WEB} 的镜像已经拉取成功，Events 里没有拉取失败的记录了。用 pod-course reset 05 重来一遍`,
            `the image of Pod ${WEB} was pulled, and its Events show no failed pull any more. Start over with pod-course reset 05`,
          ),
        );
      }
      return unknown(
        say(
          `kubelet 还没有报告 Pod ${WEB} 的拉取失败，稍等再回答`,
          `the kubelet has not reported a failed pull for Pod ${WEB} yet; answer in a moment`,
        ),
      );
    },

    /** The last line the worker container printed before its last crash. */
    async 'worker-last-words'(ctx) {
      const pod = await ctx.pod(WORKER);
      if (!pod) return unknown(gone(WORKER));
      const previous = await ctx.logs(WORKER, WORKER, { previous: true });
      const log = previous ?? (await ctx.logs(WORKER, WORKER)) ?? '';
      const last = lastTermination(containerStatus(pod, WORKER));
      if (last?.reason === 'OOMKilled') return known('nothing');
      if (log.includes('QUEUE_URL is not set')) return known('queue-url');
      if (log.includes('connection refused')) return known('queue-refused');
      if (log.includes('permission denied')) return known('permission');
      return unknown(
        say(
          `容器 ${WORKER} 还没有崩溃过，或者已经修好了(日志最后一行:${lastLine(log) || '无'})`,
          `container ${WORKER} has not crashed yet, or is fixed already (last log line: ${lastLine(log) || 'none'})`,
        ),
      );
    },

    /** QUEUE_URL as the worker process sees it, read with printenv in the container. */
    async 'queue-url-inside-worker'(ctx) {
      const out = await ctx.exec(WORKER, WORKER, ['printenv', QUEUE_URL]);
      const value = out.ran && out.exitCode === 0 ? out.stdout.trim() : '';
      if (value) return known(value);
      return unknown(
        say(
          `容器 ${WORKER} 里还读不到 ${QUEUE_URL}:先完成上一步，让 worker 运行起来`,
          `${QUEUE_URL} cannot be read inside container ${WORKER} yet: finish the previous step and get worker running`,
        ),
      );
    },
  },
});

/**
 * The Pod, or a fail that says why deleting it was no fix: the lesson's Pods are broken on
 * purpose, and the cause lives in their manifests, not in the Pod objects.
 */
async function brokenPod(
  ctx: CheckContext,
  name: string,
  file: string,
): Promise<{ pod: V1Pod; missing?: undefined } | { pod?: undefined; missing: ConditionResult }> {
  const pod = await ctx.pod(name);
  if (pod && !pod.metadata?.deletionTimestamp) return { pod };
  if (pod) return { missing: fail(say(`Pod ${name} 正在删除中`, `Pod ${name} is being deleted`)) };
  return { missing: fail(gone(name, file)) };
}

/** The Pod is gone: what to fix (`fix`) and how to create it again. */
function gone(name: string, fix = `${name}.yaml`) {
  // shop's cause is in its ConfigMap, but the Pod itself comes from shop.yaml.
  const create = name === SHOP ? `kubectl apply -f ${fix} -f shop.yaml` : `kubectl apply -f ${fix}`;
  return say(
    `Pod ${name} 不存在(命名空间里没有它)。删除坏掉的 Pod 并不能修好它，它的 Events 也一起没了:改好 ${fix}，再 ${create}`,
    `Pod ${name} does not exist. Deleting a broken Pod does not fix it, and its Events are gone with it: fix ${fix}, then ${create}`,
  );
}

function lastLine(log: string): string {
  return (
    log
      .trim()
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean)
      .at(-1) ?? ''
  );
}
