import type { CheckContext } from './check-context.js';
import { podEvents } from './events.js';
import { containerRunning, containerStatus } from './pods.js';
import { type ConditionResult, fail, say } from './result.js';

/**
 * Passes when the container runs; when it does not, says why in the cluster's own words: the
 * kubelet's last FailedMount event (a missing Secret or key keeps the Pod in
 * ContainerCreating) or the waiting message (CreateContainerConfigError for an env var whose
 * Secret or key is missing).
 */
export async function runningOrWhy(
  ctx: CheckContext,
  podName: string,
  container: string,
): Promise<ConditionResult> {
  const running = await containerRunning(ctx, podName, container);
  if (running.passed) return running;
  const pod = await ctx.pod(podName);
  if (!pod) return running;
  const waiting = containerStatus(pod, container)?.state?.waiting;
  if (waiting?.message) {
    return fail(
      say(
        `${running.message.zh}。kubelet 说:${waiting.message}`,
        `${running.message.en}. The kubelet says: ${waiting.message}`,
      ),
    );
  }
  if (pod.status?.containerStatuses?.some((s) => s.state?.running || s.lastState?.terminated)) {
    return running;
  }
  const mount = (await podEvents(ctx, pod)).reverse().find((e) => e.reason === 'FailedMount');
  if (!mount?.message) return running;
  return fail(
    say(
      `${running.message.zh}。kubelet 报告 FailedMount:${mount.message}`,
      `${running.message.en}. The kubelet reports FailedMount: ${mount.message}`,
    ),
  );
}
