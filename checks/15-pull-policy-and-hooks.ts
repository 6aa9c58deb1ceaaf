import type { V1Pod } from '@kubernetes/client-node';
import type { CheckContext } from './lib/check-context.js';
import { containerEvents, imageEvents } from './lib/container-events.js';
import { readFileIn } from './lib/container-files.js';
import { defineChecks, known, unknown } from './lib/define-checks.js';
import { runningOrHookFailed } from './lib/hook-failures.js';
import { imageTag } from './lib/image-tag.js';
import { containerRunning, containerSpec, containerStatus, findPod } from './lib/pods.js';
import { type ConditionResult, fail, pass, say } from './lib/result.js';

const REFS = ['pinned', 'latest', 'untagged'] as const;
const TWINS = 'twins';
const DEMO = 'lifecycle-demo';
const DEMO_CONTAINER = 'lifecycle-demo-container';
const GREETING = 'Hello from the postStart handler';
const GRACEFUL = 'graceful';
const APP = 'app';
const ORDER_FILE = '/log/order';

/** Lesson 15: default pull policies, a second pull, postStart and preStop. */
export default defineChecks({
  conditions: {
    async 'three-refs/three-pods'(ctx) {
      const facts = [];
      for (const name of REFS) {
        const { pod, missing } = await findPod(ctx, name);
        if (!pod) return missing;
        const c = pod.spec?.containers[0];
        facts.push(
          say(
            `Pod ${name}:镜像 ${c?.image}，imagePullPolicy ${c?.imagePullPolicy}`,
            `Pod ${name}: image ${c?.image}, imagePullPolicy ${c?.imagePullPolicy}`,
          ),
        );
      }
      return pass(...facts);
    },

    async 'three-refs/latest-tag'(ctx) {
      const { pod, missing } = await findPod(ctx, 'latest');
      if (!pod) return missing;
      const image = pod.spec?.containers[0]?.image ?? '';
      if (imageTag(image) === 'latest') return pass(say(`镜像 ${image}`, `image ${image}`));
      return fail(
        say(
          `Pod latest 的镜像是 ${image}:给它标签 :latest(删除 Pod 再创建)`,
          `Pod latest's image is ${image}: give it the tag :latest (delete the Pod and create it again)`,
        ),
      );
    },

    async 'three-refs/no-tag'(ctx) {
      const { pod, missing } = await findPod(ctx, 'untagged');
      if (!pod) return missing;
      const image = pod.spec?.containers[0]?.image ?? '';
      const tag = imageTag(image);
      if (tag === undefined && !image.includes('@'))
        return pass(say(`镜像 ${image}，没有标签`, `image ${image}, no tag`));
      return fail(
        say(
          `Pod untagged 的镜像是 ${image}，带着${tag === undefined ? ' digest' : `标签 ${tag}`}:只写 busybox(删除 Pod 再创建)`,
          `Pod untagged's image is ${image}, which has ${tag === undefined ? 'a digest' : `the tag ${tag}`}: write busybox alone (delete the Pod and create it again)`,
        ),
      );
    },

    async 'pull-again/second-always'(ctx) {
      const { pod, missing } = await findPod(ctx, TWINS);
      if (!pod) return missing;
      const lacking = twinsLacking(pod);
      if (lacking) return lacking;
      const policy = containerSpec(pod, 'second')?.imagePullPolicy;
      if (policy === 'Always')
        return pass(say('second:imagePullPolicy Always', 'second: imagePullPolicy Always'));
      return fail(
        say(
          `容器 second 的 imagePullPolicy 是 ${policy}:只有 Always 在节点已有镜像时仍会拉取`,
          `container second has imagePullPolicy ${policy}: only Always pulls when the node has the image`,
        ),
      );
    },

    async 'pull-again/second-pulled'(ctx) {
      const { pod, missing } = await findPod(ctx, TWINS);
      if (!pod) return missing;
      const lacking = twinsLacking(pod);
      if (lacking) return lacking;
      const second = imageEvents(await containerEvents(ctx, pod, 'second'));
      const first = imageEvents(await containerEvents(ctx, pod, 'first'));
      if (second.pulling) {
        const said = (second.pulled ?? second.pulling).message;
        const firstSaid = (first.present ?? first.pulled ?? first.pulling)?.message;
        return pass(
          say(`second:${said}`, `second: ${said}`),
          ...(firstSaid ? [say(`first:${firstSaid}`, `first: ${firstSaid}`)] : []),
        );
      }
      if (second.present) {
        return fail(
          say(
            `kubelet 没有为 second 拉取镜像，它说:${second.present.message}`,
            `the kubelet did not pull the image for second; it said: ${second.present.message}`,
          ),
        );
      }
      return fail(
        say(
          'kubelet 还没有为 second 准备镜像，稍等一下',
          'the kubelet has not prepared the image for second yet; wait a moment',
        ),
      );
    },

    'post-start/running': (ctx) => runningOrHookFailed(ctx, DEMO, DEMO_CONTAINER),

    async 'post-start/message-written'(ctx) {
      const running = await runningOrHookFailed(ctx, DEMO, DEMO_CONTAINER);
      if (!running.passed) return running;
      const file = await readFileIn(ctx, DEMO, DEMO_CONTAINER, '/usr/share/message');
      if (!file.ok) {
        return fail(
          say(
            `${file.why.zh}:postStart 钩子没有写出它。exec 处理器不经过 shell，> 只是 echo 的一个参数`,
            `${file.why.en}: the postStart hook did not write it. An exec handler runs no shell, so > is just one more argument of echo`,
          ),
        );
      }
      const text = file.value.trim();
      if (text === GREETING)
        return pass(say(`/usr/share/message:${text}`, `/usr/share/message: ${text}`));
      return fail(
        say(
          `/usr/share/message 的内容是 "${text}"，不是 "${GREETING}"`,
          `/usr/share/message says "${text}", not "${GREETING}"`,
        ),
      );
    },

    async 'pre-stop/prestop-declared'(ctx) {
      const { pod, missing } = await findPod(ctx, GRACEFUL);
      if (!pod) return missing;
      const container = containerSpec(pod, APP);
      if (!container)
        return fail(
          say(`Pod ${GRACEFUL} 里没有容器 ${APP}`, `Pod ${GRACEFUL} has no container ${APP}`),
        );
      const hook = container.lifecycle?.preStop;
      if (!hook) {
        const post = container.lifecycle?.postStart
          ? say(
              '(有 postStart，但它在启动后运行)',
              ' (it has postStart, which runs after the start)',
            )
          : say('', '');
        return fail(
          say(
            `容器 ${APP} 没有 preStop 钩子${post.zh}。Pod 的 lifecycle 不能修改:删除 Pod，加上钩子，再创建`,
            `container ${APP} has no preStop hook${post.en}. A Pod's lifecycle cannot change: delete the Pod, add the hook, create it again`,
          ),
        );
      }
      const how = hook.exec
        ? JSON.stringify(hook.exec.command ?? [])
        : Object.keys(hook).join(', ');
      return pass(say(`preStop:${how}`, `preStop: ${how}`));
    },

    async 'pre-stop/restarted'(ctx) {
      const { pod, missing } = await findPod(ctx, GRACEFUL);
      if (!pod) return missing;
      const status = containerStatus(pod, APP);
      const restarts = status?.restartCount ?? 0;
      if (restarts === 0) {
        return fail(
          say(
            `kubelet 还没有停止过 ${APP}(重启次数 0):等它运行后换镜像，kubectl set image pod/${GRACEFUL} ${APP}=busybox:1.37`,
            `the kubelet has not stopped ${APP} yet (restart count 0): once it runs, change its image with kubectl set image pod/${GRACEFUL} ${APP}=busybox:1.37`,
          ),
        );
      }
      const running = await containerRunning(ctx, GRACEFUL, APP);
      if (!running.passed) return running;
      const killing = (await containerEvents(ctx, pod, APP))
        .reverse()
        .find((e) => e.reason === 'Killing');
      return pass(
        say(
          `${APP} 重启了 ${restarts} 次，正在运行`,
          `${APP} restarted ${restarts} time(s) and runs`,
        ),
        ...(killing?.message
          ? [say(`kubelet:${killing.message}`, `the kubelet: ${killing.message}`)]
          : []),
      );
    },

    async 'pre-stop/prestop-logged'(ctx) {
      const order = await readOrder(ctx);
      if (!order.ok) return order.result;
      const { lines } = order;
      const term = lines.indexOf('SIGTERM');
      const hook = lines.indexOf('preStop');
      const shown = lines.join(' / ');
      if (term < 0) {
        return fail(
          say(
            `${ORDER_FILE} 里还没有 SIGTERM(${shown}):kubelet 还没有停止过 ${APP}`,
            `${ORDER_FILE} has no SIGTERM yet (${shown}): the kubelet has not stopped ${APP} yet`,
          ),
        );
      }
      if (hook < 0) {
        return fail(
          say(
            `${ORDER_FILE} 里没有 preStop 这一行(${shown}):钩子要通过 shell 追加到 ${ORDER_FILE}；写在别处的内容随旧容器一起消失了`,
            `${ORDER_FILE} has no line preStop (${shown}): the hook must append to ${ORDER_FILE} through a shell; anything written elsewhere went away with the old container`,
          ),
        );
      }
      if (hook > term) {
        return fail(
          say(
            `${ORDER_FILE} 里 preStop 出现在 SIGTERM 之后(${shown}):preStop 这一行是钩子写的吗?`,
            `in ${ORDER_FILE}, preStop comes after SIGTERM (${shown}): did the hook write that line?`,
          ),
        );
      }
      return pass(say(`${ORDER_FILE}:${shown}`, `${ORDER_FILE}: ${shown}`));
    },
  },

  liveAnswers: {
    /** The policies the API server filled in, as the option that lists them. */
    async 'default-pull-policies'(ctx) {
      const policies = [];
      for (const name of REFS) {
        const pod = await ctx.pod(name);
        const policy = pod?.spec?.containers[0]?.imagePullPolicy;
        if (!policy)
          return unknown(
            say(`先创建 Pod ${name}(上一步)`, `Create Pod ${name} first (previous step)`),
          );
        policies.push(policy);
      }
      const key = policies.join(',');
      const option = {
        'Always,Always,Always': 'all-always',
        'IfNotPresent,Always,Always': 'by-tag',
        'IfNotPresent,Always,IfNotPresent': 'latest-only',
        'IfNotPresent,IfNotPresent,IfNotPresent': 'all-if-not-present',
      }[key];
      if (option) return known(option);
      return unknown(
        say(
          `三个 Pod 的策略是 ${key}，不在选项里:是不是自己写了 imagePullPolicy?去掉它，重新创建这三个 Pod`,
          `the three Pods have ${key}, which is no option: did you set imagePullPolicy yourself? Leave it out and create the three Pods again`,
        ),
      );
    },

    /** The order /log/order recorded: preStop before or after SIGTERM. */
    async 'prestop-order'(ctx) {
      const order = await readOrder(ctx);
      if (!order.ok) return unknown(order.result.message);
      const term = order.lines.indexOf('SIGTERM');
      const hook = order.lines.indexOf('preStop');
      if (term < 0 || hook < 0) {
        return unknown(
          say(
            `${ORDER_FILE} 里还没有 preStop 和 SIGTERM 两行:先完成上一步`,
            `${ORDER_FILE} does not have both preStop and SIGTERM yet: finish the previous step first`,
          ),
        );
      }
      return known(hook < term ? 'prestop-then-sigterm' : 'sigterm-then-prestop');
    },
  },
});

function twinsLacking(pod: V1Pod): ConditionResult | undefined {
  const absent = ['first', 'second'].find((c) => !containerSpec(pod, c));
  if (!absent) return undefined;
  return fail(say(`Pod ${TWINS} 里没有容器 ${absent}`, `Pod ${TWINS} has no container ${absent}`));
}

type Failed = Extract<ConditionResult, { passed: false }>;

/** The lines of /log/order in graceful's app container (it must run to be read). */
async function readOrder(
  ctx: CheckContext,
): Promise<{ ok: true; lines: string[] } | { ok: false; result: Failed }> {
  const running = await containerRunning(ctx, GRACEFUL, APP);
  if (!running.passed) return { ok: false, result: running };
  const file = await readFileIn(ctx, GRACEFUL, APP, ORDER_FILE);
  if (!file.ok) return { ok: false, result: { passed: false, message: file.why } };
  return {
    ok: true,
    lines: file.value
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean),
  };
}
