import type { V1Container, V1ContainerStatus, V1Pod } from '@kubernetes/client-node';
import type { CheckContext } from './check-context.js';
import { type ConditionResult, fail, pass, say } from './result.js';

/** The Pod, or the fail result to return when it does not exist (yet). */
export async function findPod(
  ctx: CheckContext,
  name: string,
): Promise<{ pod: V1Pod; missing?: undefined } | { pod?: undefined; missing: ConditionResult }> {
  const pod = await ctx.pod(name);
  if (pod && !pod.metadata?.deletionTimestamp) return { pod };
  return {
    missing: fail(
      pod
        ? say(`Pod ${name} 正在删除中`, `Pod ${name} is being deleted`)
        : say(
            `Pod ${name} 还不存在(命名空间 ${ctx.namespace})`,
            `Pod ${name} does not exist yet (namespace ${ctx.namespace})`,
          ),
    ),
  };
}

export function containerSpec(pod: V1Pod, name: string): V1Container | undefined {
  return pod.spec?.containers.find((c) => c.name === name);
}

export function containerStatus(pod: V1Pod, name: string): V1ContainerStatus | undefined {
  return [
    ...(pod.status?.containerStatuses ?? []),
    ...(pod.status?.initContainerStatuses ?? []),
  ].find((s) => s.name === name);
}

/** The container's state in kubectl's words: Running, Waiting (Reason), Terminated (Reason, exit N). */
export function describeState(status: V1ContainerStatus | undefined) {
  const state = status?.state;
  if (!state) return say('尚未创建', 'not created yet');
  if (state.running) return say('运行中', 'Running');
  if (state.waiting) {
    const r = state.waiting.reason ?? '';
    return say(`等待中 (${r})`, `Waiting (${r})`);
  }
  const t = state.terminated;
  return say(
    `已终止 (${t?.reason ?? ''}, 退出码 ${t?.exitCode})`,
    `Terminated (${t?.reason ?? ''}, exit code ${t?.exitCode})`,
  );
}

/** Passes when `container` of the Pod is running now. */
export async function containerRunning(
  ctx: CheckContext,
  podName: string,
  container: string,
): Promise<ConditionResult> {
  const { pod, missing } = await findPod(ctx, podName);
  if (!pod) return missing;
  if (!containerSpec(pod, container)) {
    return fail(
      say(
        `Pod ${podName} 里没有名为 ${container} 的容器`,
        `Pod ${podName} has no container named ${container}`,
      ),
    );
  }
  const status = containerStatus(pod, container);
  if (status?.state?.running) {
    return pass(
      say(
        `容器 ${container} 运行中，重启次数 ${status.restartCount}`,
        `container ${container} is running, restart count ${status.restartCount}`,
      ),
    );
  }
  const state = describeState(status);
  return fail(
    say(
      `容器 ${container} 没有在运行:${state.zh}`,
      `container ${container} is not running: ${state.en}`,
    ),
  );
}
