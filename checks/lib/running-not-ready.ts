import type { V1Pod } from '@kubernetes/client-node';
import type { CheckContext } from './check-context.js';
import { podEvents } from './events.js';
import { findPodAndContainer } from './first-container.js';
import { conditionText, podCondition } from './pod-status-line.js';
import { containerStatus, describeState } from './pods.js';
import { livenessKills, probeAction, probeFailures, probeOf } from './probes.js';
import { type ConditionResult, fail, pass, say } from './result.js';

function phaseOf(pod: V1Pod): string {
  return pod.status?.phase ?? 'Pending';
}

/**
 * Passes when the Pod's phase is Running and its (first) container really runs. Phase Running
 * also covers a container the kubelet keeps restarting; the fail says so, and names a failed
 * liveness probe as the cause when the kubelet's `Killing` events show one.
 */
export async function reallyRunning(ctx: CheckContext, podName: string): Promise<ConditionResult> {
  const found = await findPodAndContainer(ctx, podName);
  if (!found.pod) return found.missing;
  const { pod, name } = found;
  const phase = phaseOf(pod);
  const status = containerStatus(pod, name);
  if (phase === 'Running' && status?.state?.running) {
    return pass(
      say(`phase: Running，容器 ${name} 运行中`, `phase: Running, container ${name} is running`),
    );
  }
  const state = describeState(status);
  if (phase === 'Running') {
    const killed = livenessKills(await podEvents(ctx, pod)).length > 0;
    const cause = killed
      ? say(
          '它的 livenessProbe 失败，kubelet 杀掉了它。liveness 探针失败会重启容器，readiness 探针失败才只是"未就绪"',
          'its livenessProbe failed and the kubelet killed it. A failing liveness probe restarts the container; only a failing readiness probe means just "not ready"',
        )
      : say(
          '运行着却未就绪的 Pod，容器是一直在运行的:让 readiness 探针失败，而不是让容器退出',
          'a Pod that runs but is not ready keeps its container running: make a readiness probe fail, not the container exit',
        );
    return fail(
      say(
        `容器 ${name} 没有在运行(${state.zh}，重启 ${status?.restartCount ?? 0} 次):phase 仍是 Running，只是因为 kubelet 在不停地重启它；${cause.zh}`,
        `container ${name} is not running (${state.en}, restarts: ${status?.restartCount ?? 0}): the phase says Running only because the kubelet keeps restarting it; ${cause.en}`,
      ),
    );
  }
  return fail(
    say(
      `Pod ${podName} 的 phase 是 ${phase}(容器 ${name}:${state.zh})`,
      `Pod ${podName}: phase is ${phase} (container ${name}: ${state.en})`,
    ),
  );
}

/**
 * Passes when the Pod's Ready condition is False because its readiness probe fails (the
 * kubelet reported `Readiness probe failed`), not merely because the container is down.
 */
export async function notReadyByProbe(
  ctx: CheckContext,
  podName: string,
): Promise<ConditionResult> {
  const found = await findPodAndContainer(ctx, podName);
  if (!found.pod) return found.missing;
  const { pod, name } = found;
  const ready = conditionText(pod, 'Ready');
  const probe = probeOf(found.spec, 'readiness');
  if (podCondition(pod, 'Ready')?.status === 'True') {
    return fail(
      say(
        probe
          ? `${ready}:readiness 探针(${probeAction(found.spec, probe)})通过了。让它请求一个 nginx 没有的路径`
          : `${ready}:容器 ${name} 没有 readinessProbe，一运行就算就绪`,
        probe
          ? `${ready}: the readiness probe (${probeAction(found.spec, probe)}) passes. Make it ask for a path nginx does not have`
          : `${ready}: container ${name} has no readinessProbe, so it is ready as soon as it runs`,
      ),
    );
  }
  if (!probe) {
    const liveness = probeOf(found.spec, 'liveness');
    const instead = liveness
      ? say(
          `，只有一个会重启它的 livenessProbe(${probeAction(found.spec, liveness)})`,
          `, only a livenessProbe (${probeAction(found.spec, liveness)}), which restarts it`,
        )
      : say('', '');
    return fail(
      say(
        `${ready}，但那是因为容器 ${name} 没在运行；它没有 readinessProbe${instead.zh}`,
        `${ready}, but only because container ${name} is not running; it has no readinessProbe${instead.en}`,
      ),
    );
  }
  const failures = probeFailures(await podEvents(ctx, pod), 'readiness');
  if (!failures.last) {
    return fail(
      say(
        `${ready}，readiness 探针还没有报告失败，稍等一下`,
        `${ready}, and the readiness probe has not reported a failure yet; wait a moment`,
      ),
    );
  }
  return pass(say(ready, ready), say(`kubelet: ${failures.last}`, `kubelet: ${failures.last}`));
}
