import type { V1Pod } from '@kubernetes/client-node';
import type { LocalizedText } from '../../src/course/localized-text.js';
import type { CheckContext } from './check-context.js';
import { podEvents } from './events.js';
import { findPodAndContainer } from './first-container.js';
import { conditionText, getPodsColumns, podCondition } from './pod-status-line.js';
import { containerStatus } from './pods.js';
import { livenessKills, probeOf } from './probes.js';
import { type ConditionResult, fail, pass, say } from './result.js';

/**
 * Passes when the Pod's Ready condition is True and its (first) container never restarted:
 * readiness decided Ready, and no liveness probe or crash got in the way. A restart is named
 * with the kubelet's `Killing` words when a liveness probe caused it. `notReadyHint` is added
 * while the Pod is not ready (what the learner still has to do).
 */
export async function readyWithoutRestart(
  ctx: CheckContext,
  podName: string,
  notReadyHint?: LocalizedText,
): Promise<ConditionResult> {
  const found = await findPodAndContainer(ctx, podName);
  if (!found.pod) return found.missing;
  const { pod, name, spec } = found;
  const restarted = await neverRestarted(ctx, pod, name);
  if (!restarted.passed) return restarted;
  const columns = getPodsColumns(pod);
  if (podCondition(pod, 'Ready')?.status !== 'True') {
    const delay = probeOf(spec, 'readiness')?.initialDelaySeconds ?? 0;
    const why = notReadyHint
      ? say(`。${notReadyHint.zh}`, `. ${notReadyHint.en}`)
      : delay > 0
        ? say(
            `。readiness 探针在容器启动 ${delay} 秒后(initialDelaySeconds)才第一次检查`,
            `. The readiness probe first checks ${delay} s after the container starts (initialDelaySeconds)`,
          )
        : say('', '');
    return fail(
      say(
        `Pod ${podName} 还没有就绪:${conditionText(pod, 'Ready')}，READY ${columns.ready}${why.zh}`,
        `Pod ${podName} is not ready yet: ${conditionText(pod, 'Ready')}, READY ${columns.ready}${why.en}`,
      ),
    );
  }
  return pass(
    say(
      `READY ${columns.ready}，STATUS ${columns.status}`,
      `READY ${columns.ready}, STATUS ${columns.status}`,
    ),
    say('RESTARTS 0', 'RESTARTS 0'),
  );
}

/**
 * Passes when `container` has a restart count of 0. A restart is explained with the kubelet's
 * `Killing` words when a liveness probe caused it, else with how the last instance ended.
 */
export async function neverRestarted(
  ctx: CheckContext,
  pod: V1Pod,
  container: string,
): Promise<ConditionResult> {
  const status = containerStatus(pod, container);
  const restarts = status?.restartCount ?? 0;
  if (restarts === 0) return pass(say('RESTARTS 0', 'RESTARTS 0'));
  const kill = livenessKills(await podEvents(ctx, pod)).at(-1)?.message;
  const last = status?.lastState?.terminated;
  const why = kill ?? (last ? `${last.reason ?? ''}, exit code ${last.exitCode}` : '');
  return fail(
    say(
      `容器 ${container} 被重启了 ${restarts} 次${why ? `(${why})` : ''}。删除 Pod，修好后重新创建`,
      `container ${container} was restarted ${restarts} time(s)${why ? ` (${why})` : ''}. Delete the Pod, fix it and create it again`,
    ),
  );
}
