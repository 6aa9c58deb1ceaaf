import type { CheckContext } from './check-context.js';
import { containerEvents } from './container-events.js';
import { containerRunning, containerStatus, describeState } from './pods.js';
import { type ConditionResult, fail, say } from './result.js';

/**
 * Passes when the container runs; when it does not and its postStart hook failed, says so in
 * the kubelet's words (FailedPostStartHook): the kubelet then kills the container and treats
 * it by the restartPolicy, so it never stays running.
 */
export async function runningOrHookFailed(
  ctx: CheckContext,
  podName: string,
  container: string,
): Promise<ConditionResult> {
  const running = await containerRunning(ctx, podName, container);
  if (running.passed) return running;
  const pod = await ctx.pod(podName);
  if (!pod) return running;
  const failed = (await containerEvents(ctx, pod, container)).find(
    (e) => e.reason === 'FailedPostStartHook',
  );
  if (!failed) return running;
  const state = describeState(containerStatus(pod, container));
  return fail(
    say(
      `容器 ${container} 没有在运行(${state.zh}):kubelet 报告 FailedPostStartHook(${failed.message ?? ''})，它杀掉了容器，会按 restartPolicy 处理。在 shell 里试试钩子的命令，看它为什么失败`,
      `container ${container} is not running (${state.en}): the kubelet reported FailedPostStartHook (${failed.message ?? ''}), killed the container, and treats it by the restartPolicy. Try the hook's command in a shell to see why it fails`,
    ),
  );
}
