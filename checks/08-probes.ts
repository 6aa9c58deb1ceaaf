import type { CoreV1Event, V1Container, V1Pod } from '@kubernetes/client-node';
import { defineChecks, known, unknown } from './lib/define-checks.js';
import { podEvents } from './lib/events.js';
import { findPodAndContainer, firstContainer } from './lib/first-container.js';
import { getPodsColumns } from './lib/pod-status-line.js';
import { containerStatus, describeState } from './lib/pods.js';
import { probeKnocksRight } from './lib/port-probe.js';
import {
  livenessKills,
  type ProbeKind,
  probeAction,
  probeFailures,
  probeOf,
  probePort,
} from './lib/probes.js';
import { readyWithoutRestart } from './lib/ready-without-restart.js';
import { policyMeaning, restartPolicyOf } from './lib/restart-policy.js';
import { type ConditionResult, fail, pass, say } from './lib/result.js';

const LIVENESS_POD = 'test-liveness-exec';
const WEB = 'web-probes';
const READY_WEB = 'ready-web';
const READY_PATH = '/ready.html';

/** Lesson 08: the conditions of its three probe tasks and the live answer of `exit-code`. */
export default defineChecks({
  conditions: {
    async 'liveness-restart/probe-failed'(ctx) {
      const found = await findPodAndContainer(ctx, LIVENESS_POD);
      if (!found.pod) return found.missing;
      const { pod, ...container } = found;
      const events = await podEvents(ctx, pod);
      const failures = probeFailures(events, 'liveness');
      if (failures.last) {
        return pass(
          say(
            `kubelet: ${failures.last}(${failures.count} 次)`,
            `kubelet: ${failures.last} (${failures.count}×)`,
          ),
        );
      }
      const probe = probeOf(container.spec, 'liveness');
      if (!probe) return noLiveness(pod, container.name, events);
      const state = describeState(containerStatus(pod, container.name));
      const action = probeAction(container.spec, probe);
      const script = [...(container.spec?.command ?? []), ...(container.spec?.args ?? [])].join(
        ' ',
      );
      // Without the rm, nothing ever removes the file the probe reads: it passes for ever.
      const removes = /\brm\b[^;&|]*\/tmp\/healthy/.test(script);
      return fail(
        removes
          ? say(
              `还没有 Liveness probe failed 事件:探针 ${action} 至今都通过了(容器 ${container.name}:${state.zh})。命令 30 秒后才删掉 /tmp/healthy，之后的检查才会失败，再等一等`,
              `no Liveness probe failed event yet: the probe ${action} has passed every time so far (container ${container.name}: ${state.en}). The command removes /tmp/healthy only after 30 s, and only the checks after that fail; wait a little longer`,
            )
          : say(
              `还没有 Liveness probe failed 事件:探针 ${action} 至今都通过了(容器 ${container.name}:${state.zh})。容器的命令从不删除 /tmp/healthy，所以 cat 一直成功。用初始文件里的命令(带 rm -rf /tmp/healthy)`,
              `no Liveness probe failed event yet: the probe ${action} has passed every time so far (container ${container.name}: ${state.en}). The container's command never removes /tmp/healthy, so cat always succeeds. Use the starter file's command (with rm -rf /tmp/healthy)`,
            ),
      );
    },

    async 'liveness-restart/container-killed'(ctx) {
      const found = await findPodAndContainer(ctx, LIVENESS_POD);
      if (!found.pod) return found.missing;
      const { pod, ...container } = found;
      const events = await podEvents(ctx, pod);
      const kill = livenessKills(events).at(-1);
      if (kill)
        return pass(
          say(`kubelet (Killing): ${kill.message}`, `kubelet (Killing): ${kill.message}`),
        );
      if (!probeOf(container.spec, 'liveness')) return noLiveness(pod, container.name, events);
      const failures = probeFailures(events, 'liveness');
      return fail(
        say(
          `kubelet 还没有杀掉容器 ${container.name}:liveness 探针失败了 ${failures.count} 次，要连续失败 ${threshold(container.spec, 'liveness')} 次`,
          `the kubelet has not killed container ${container.name} yet: the liveness probe failed ${failures.count} time(s), and it takes ${threshold(container.spec, 'liveness')} in a row`,
        ),
      );
    },

    async 'liveness-restart/restarted'(ctx) {
      const found = await findPodAndContainer(ctx, LIVENESS_POD);
      if (!found.pod) return found.missing;
      const { pod, ...container } = found;
      const status = containerStatus(pod, container.name);
      const last = status?.lastState?.terminated;
      const phase = pod.status?.phase ?? 'Pending';
      if (!status || status.restartCount < 1 || !last) {
        const killed = livenessKills(await podEvents(ctx, pod)).length > 0;
        const ended = status?.state?.terminated;
        if (killed && ended && restartPolicyOf(pod) !== 'Always') {
          const policy = policyMeaning(restartPolicyOf(pod), ended.exitCode);
          return fail(
            say(
              `容器 ${container.name} 被杀掉了(退出码 ${ended.exitCode})，没有重启:${policy.zh}。去掉 restartPolicy，删除并重新创建 Pod`,
              `container ${container.name} was killed (exit code ${ended.exitCode}) and not restarted: ${policy.en}. Drop the restartPolicy, then delete and create the Pod again`,
            ),
          );
        }
        return fail(
          killed
            ? say(
                `容器 ${container.name} 已被要求停止，还在宽限期里:sh 作为 1 号进程不理会 SIGTERM，kubelet 要等满 terminationGracePeriodSeconds(30 秒)再发 SIGKILL`,
                `container ${container.name} has been told to stop and is in its grace period: sh as PID 1 ignores SIGTERM, so the kubelet waits out terminationGracePeriodSeconds (30 s) before SIGKILL`,
              )
            : say(
                `容器 ${container.name} 还没有重启过(RESTARTS ${status?.restartCount ?? 0})`,
                `container ${container.name} has not restarted yet (RESTARTS ${status?.restartCount ?? 0})`,
              ),
        );
      }
      if (last.exitCode !== 137) {
        return fail(
          say(
            `容器 ${container.name} 重启了，但上一次的退出码是 ${last.exitCode}(${last.reason ?? ''})，不是被 kubelet 用 SIGKILL 杀掉时的 137。用初始文件重新创建 Pod`,
            `container ${container.name} restarted, but its last exit code is ${last.exitCode} (${last.reason ?? ''}), not the 137 of a kubelet SIGKILL. Create the Pod again from the starter file`,
          ),
        );
      }
      if (phase !== 'Running') {
        return fail(
          say(`Pod 的 phase 是 ${phase}，不是 Running`, `the Pod's phase is ${phase}, not Running`),
        );
      }
      return pass(
        say(`RESTARTS ${status.restartCount}`, `RESTARTS ${status.restartCount}`),
        say(
          `Last State: Terminated，Reason ${last.reason ?? ''}，Exit Code ${last.exitCode}`,
          `Last State: Terminated, Reason ${last.reason ?? ''}, Exit Code ${last.exitCode}`,
        ),
        say(`Pod phase: ${phase}`, `Pod phase: ${phase}`),
      );
    },

    async 'http-and-tcp/liveness-http'(ctx) {
      return probeKnocksRight(ctx, WEB, 'liveness', 'httpGet');
    },

    async 'http-and-tcp/readiness-tcp'(ctx) {
      return probeKnocksRight(ctx, WEB, 'readiness', 'tcpSocket');
    },

    async 'http-and-tcp/ready-no-restarts'(ctx) {
      return readyWithoutRestart(ctx, WEB);
    },

    async 'readiness-flip/readiness-probe'(ctx) {
      const found = await findPodAndContainer(ctx, READY_WEB);
      if (!found.pod) return found.missing;
      const { pod, ...container } = found;
      const probe = probeOf(container.spec, 'readiness');
      if (!probe) {
        const liveness = probeOf(container.spec, 'liveness');
        return fail(
          liveness
            ? say(
                `容器 ${container.name} 没有 readinessProbe，只有 livenessProbe(${probeAction(container.spec, liveness)}):它失败时 kubelet 会重启 nginx，而不是把它标成未就绪`,
                `container ${container.name} has no readinessProbe, only a livenessProbe (${probeAction(container.spec, liveness)}): when it fails the kubelet restarts nginx instead of marking it not ready`,
              )
            : say(
                `容器 ${container.name} 没有 readinessProbe:没有探针时，容器一运行就算就绪`,
                `container ${container.name} has no readinessProbe: without one, a container is ready as soon as it runs`,
              ),
        );
      }
      const path = probe.httpGet?.path ?? '/';
      if (!probe.httpGet || path !== READY_PATH || probePort(container.spec, probe) !== 80) {
        return fail(
          say(
            `readinessProbe 是 ${probeAction(container.spec, probe)}，要的是 httpGet 80 端口的 ${READY_PATH}`,
            `the readinessProbe is ${probeAction(container.spec, probe)}; it should be an httpGet of ${READY_PATH} on port 80`,
          ),
        );
      }
      return pass(
        say(
          `Readiness: ${probeAction(container.spec, probe)}`,
          `Readiness: ${probeAction(container.spec, probe)}`,
        ),
      );
    },

    async 'readiness-flip/was-not-ready'(ctx) {
      const found = await findPodAndContainer(ctx, READY_WEB);
      if (!found.pod) return found.missing;
      const { pod } = found;
      const failures = probeFailures(await podEvents(ctx, pod), 'readiness');
      if (failures.last) {
        return pass(
          say(
            `kubelet: ${failures.last}(${failures.count} 次)`,
            `kubelet: ${failures.last} (${failures.count}×)`,
          ),
        );
      }
      return fail(
        say(
          `Pod ${READY_WEB} 的 readiness 探针还没有失败过:它应该在 ${READY_PATH} 出现之前失败(nginx 回答 404)`,
          `the readiness probe of Pod ${READY_WEB} has not failed yet: it should fail while ${READY_PATH} is missing (nginx answers 404)`,
        ),
      );
    },

    async 'readiness-flip/ready-without-restart'(ctx) {
      const create = "kubectl exec ready-web -- sh -c 'echo ok > /usr/share/nginx/html/ready.html'";
      return readyWithoutRestart(
        ctx,
        READY_WEB,
        say(`页面有了吗?${create}`, `Is the page there? ${create}`),
      );
    },
  },

  liveAnswers: {
    /** The exit code the killed liveness container left in lastState. */
    async 'liveness-exit-code'(ctx) {
      const pod = await ctx.pod(LIVENESS_POD);
      const status = pod ? containerStatus(pod, firstContainer(pod).name) : undefined;
      const code = status?.lastState?.terminated?.exitCode;
      if (code !== undefined) return known(String(code));
      return unknown(
        say(
          `Pod ${LIVENESS_POD} 的容器还没有重启过，没有 Last State:先完成上一步`,
          `the container of Pod ${LIVENESS_POD} has not restarted yet, so it has no Last State: finish the previous step first`,
        ),
      );
    },
  },
});

function threshold(spec: V1Container | undefined, kind: ProbeKind): number {
  return probeOf(spec, kind)?.failureThreshold ?? 3;
}

function noLiveness(pod: V1Pod, container: string, events: CoreV1Event[]): ConditionResult {
  const readiness = probeOf(firstContainer(pod).spec, 'readiness');
  const failed = probeFailures(events, 'readiness').count;
  const { ready } = getPodsColumns(pod);
  const restarts = containerStatus(pod, container)?.restartCount ?? 0;
  const seen = failed > 0;
  return fail(
    readiness
      ? say(
          `容器 ${container} 的探针是 readinessProbe，不是 livenessProbe:readiness 探针失败只会让容器变成未就绪(READY 0/1)，kubelet 从不因此重启它${seen ? `(它已失败 ${failed} 次:READY ${ready}，RESTARTS ${restarts})` : ''}。把 readinessProbe 改成 livenessProbe，删除并重新创建 Pod`,
          `the probe of container ${container} is a readinessProbe, not a livenessProbe: a failing readiness probe only makes the container not ready (READY 0/1), and the kubelet never restarts it for that${seen ? ` (it failed ${failed} times: READY ${ready}, RESTARTS ${restarts})` : ''}. Make it a livenessProbe, then delete and create the Pod again`,
        )
      : say(`容器 ${container} 没有 livenessProbe`, `container ${container} has no livenessProbe`),
  );
}
