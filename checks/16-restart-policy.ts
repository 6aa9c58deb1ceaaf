import type { V1Pod } from '@kubernetes/client-node';
import { defineChecks, known, unknown } from './lib/define-checks.js';
import { findPodAndContainer } from './lib/first-container.js';
import { conditionText, getPodsColumns, getPodsLine } from './lib/pod-status-line.js';
import { containerStatus, describeState } from './lib/pods.js';
import { neverRestarted } from './lib/ready-without-restart.js';
import { policyMeaning, restartPolicyOf } from './lib/restart-policy.js';
import { fail, pass, say } from './lib/result.js';
import { notReadyByProbe, reallyRunning } from './lib/running-not-ready.js';

const ONE = 'one-plus-one';
const ON_FAILURE = 'flaky-on-failure';
const NEVER = 'flaky-never';
const NOT_READY = 'not-ready';
const RESULT = '1+1=2';

/** Lesson 16: the conditions of its restart-policy and readiness tasks, and its live answers. */
export default defineChecks({
  conditions: {
    async 'one-shot/succeeded'(ctx) {
      const found = await findPodAndContainer(ctx, ONE);
      if (!found.pod) return found.missing;
      const { pod, name } = found;
      const phase = phaseOf(pod);
      const line = getPodsLine(pod);
      if (phase === 'Succeeded') {
        const ready = conditionText(pod, 'Ready');
        return pass(say('phase: Succeeded', 'phase: Succeeded'), line, say(ready, ready));
      }
      const policy = restartPolicyOf(pod);
      if (policy === 'Always') {
        const meaning = policyMeaning(policy, 0);
        return fail(
          say(
            `Pod ${ONE} 的 phase 是 ${phase}，不是 Succeeded(${line.zh}):${meaning.zh}，所以 Pod 永远到不了 Succeeded。删除 Pod，设置 restartPolicy 后重新创建`,
            `Pod ${ONE}: phase is ${phase}, not Succeeded (${line.en}): ${meaning.en}, so the Pod never reaches Succeeded. Delete the Pod, set restartPolicy and create it again`,
          ),
        );
      }
      if (phase === 'Failed') {
        const term = containerStatus(pod, name)?.state?.terminated;
        const state = describeState(containerStatus(pod, name));
        const said = term?.message ? `: ${term.message}` : '';
        // The runtime could not find the program: command's first item names it, alone.
        const hint =
          term?.reason === 'StartError'
            ? say(
                '。command 的第一项是要运行的程序，每个参数各占一项:写成 [sh, -c, "..."] 或 [echo, "1+1=2"]',
                '. The first item of command is the program to run, and each argument is an item of its own: write [sh, -c, "..."] or [echo, "1+1=2"]',
              )
            : say('', '');
        return fail(
          say(
            `Pod ${ONE} 的 phase 是 Failed:容器 ${name} ${state.zh}${said}${hint.zh}`,
            `Pod ${ONE}: phase is Failed: container ${name} ${state.en}${said}${hint.en}`,
          ),
        );
      }
      return fail(
        say(
          `Pod ${ONE} 的 phase 是 ${phase}，还没有结束(${line.zh})`,
          `Pod ${ONE}: phase is ${phase}; it has not finished yet (${line.en})`,
        ),
      );
    },

    async 'one-shot/completed-once'(ctx) {
      const found = await findPodAndContainer(ctx, ONE);
      if (!found.pod) return found.missing;
      const status = containerStatus(found.pod, found.name);
      const term = status?.state?.terminated;
      const restarts = status?.restartCount ?? 0;
      if (restarts > 0) {
        return fail(
          say(
            `容器 ${found.name} 已经被重启了 ${restarts} 次`,
            `container ${found.name} has been restarted ${restarts} time(s)`,
          ),
        );
      }
      if (term === undefined || term.exitCode !== 0) {
        const state = describeState(status);
        return fail(
          say(
            `容器 ${found.name} 没有以退出码 0 结束:${state.zh}`,
            `container ${found.name} has not ended with exit code 0: ${state.en}`,
          ),
        );
      }
      return pass(
        say(
          `State: Terminated，Reason ${term.reason ?? ''}，Exit Code 0`,
          `State: Terminated, Reason ${term.reason ?? ''}, Exit Code 0`,
        ),
        say('RESTARTS 0', 'RESTARTS 0'),
      );
    },

    async 'one-shot/result-in-log'(ctx) {
      const found = await findPodAndContainer(ctx, ONE);
      if (!found.pod) return found.missing;
      const log = (await ctx.logs(ONE, found.name)) ?? '';
      const line = log.split('\n').find((l) => l.includes(RESULT));
      if (line) return pass(say(`kubectl logs ${ONE}: ${line}`, `kubectl logs ${ONE}: ${line}`));
      const shown = log.trim() ? log.trim().split('\n').at(-1) : '';
      return fail(
        say(
          `容器 ${found.name} 的日志里没有 ${RESULT}${shown ? `(最后一行:${shown})` : '(日志是空的)'}`,
          `the log of container ${found.name} does not show ${RESULT}${shown ? ` (last line: ${shown})` : ' (the log is empty)'}`,
        ),
      );
    },

    async 'exit-one/on-failure-restarts'(ctx) {
      const found = await findPodAndContainer(ctx, ON_FAILURE);
      if (!found.pod) return found.missing;
      const { pod, name } = found;
      const policy = restartPolicyOf(pod);
      if (policy !== 'OnFailure') {
        const meaning = policyMeaning(policy, 1);
        return fail(
          say(
            `Pod ${ON_FAILURE} 的 ${meaning.zh}(phase ${phaseOf(pod)})。这一步要的是 OnFailure`,
            `Pod ${ON_FAILURE}: ${meaning.en} (phase ${phaseOf(pod)}). This step asks for OnFailure`,
          ),
        );
      }
      const status = containerStatus(pod, name);
      const last = status?.lastState?.terminated;
      if (!status || status.restartCount < 1 || !last) {
        const state = describeState(status);
        return fail(
          say(
            `容器 ${name} 还没有被重启过(${state.zh})，稍等一下`,
            `container ${name} has not been restarted yet (${state.en}); wait a moment`,
          ),
        );
      }
      const state = describeState(status);
      return pass(
        say(`RESTARTS ${status.restartCount}`, `RESTARTS ${status.restartCount}`),
        say(
          `Last State: Terminated，Reason ${last.reason ?? ''}，Exit Code ${last.exitCode}`,
          `Last State: Terminated, Reason ${last.reason ?? ''}, Exit Code ${last.exitCode}`,
        ),
        say(`State: ${state.zh}`, `State: ${state.en}`),
      );
    },

    async 'exit-one/on-failure-running'(ctx) {
      const found = await findPodAndContainer(ctx, ON_FAILURE);
      if (!found.pod) return found.missing;
      const { pod, name } = found;
      const phase = phaseOf(pod);
      const state = describeState(containerStatus(pod, name));
      if (phase === 'Running') {
        return pass(
          say('phase: Running', 'phase: Running'),
          say(`而容器 ${name} 此刻:${state.zh}`, `while container ${name} is: ${state.en}`),
        );
      }
      const meaning = policyMeaning(restartPolicyOf(pod), 1);
      return fail(
        say(
          `Pod ${ON_FAILURE} 的 phase 是 ${phase}，不是 Running(${meaning.zh})`,
          `Pod ${ON_FAILURE}: phase is ${phase}, not Running (${meaning.en})`,
        ),
      );
    },

    async 'exit-one/never-failed'(ctx) {
      const found = await findPodAndContainer(ctx, NEVER);
      if (!found.pod) return found.missing;
      const { pod, name } = found;
      const policy = restartPolicyOf(pod);
      const status = containerStatus(pod, name);
      const phase = phaseOf(pod);
      if (policy !== 'Never') {
        const meaning = policyMeaning(policy, 1);
        return fail(
          say(
            `Pod ${NEVER} 的 ${meaning.zh}(重启 ${status?.restartCount ?? 0} 次)，所以 phase 停在 ${phase}。这一步要的是 Never`,
            `Pod ${NEVER}: ${meaning.en} (restarts: ${status?.restartCount ?? 0}), so its phase stays ${phase}. This step asks for Never`,
          ),
        );
      }
      const term = status?.state?.terminated;
      if (phase !== 'Failed' || !term) {
        const state = describeState(status);
        return fail(
          say(
            `Pod ${NEVER} 的 phase 是 ${phase}，还不是 Failed(容器 ${name}:${state.zh})`,
            `Pod ${NEVER}: phase is ${phase}, not Failed yet (container ${name}: ${state.en})`,
          ),
        );
      }
      return pass(
        say('phase: Failed', 'phase: Failed'),
        say(
          `State: Terminated，Reason ${term.reason ?? ''}，Exit Code ${term.exitCode}；RESTARTS ${status?.restartCount ?? 0}`,
          `State: Terminated, Reason ${term.reason ?? ''}, Exit Code ${term.exitCode}; RESTARTS ${status?.restartCount ?? 0}`,
        ),
        say(conditionText(pod, 'Ready'), conditionText(pod, 'Ready')),
      );
    },

    async 'running-not-ready/phase-running'(ctx) {
      return reallyRunning(ctx, NOT_READY);
    },

    async 'running-not-ready/not-ready'(ctx) {
      return notReadyByProbe(ctx, NOT_READY);
    },

    async 'running-not-ready/no-restarts'(ctx) {
      const found = await findPodAndContainer(ctx, NOT_READY);
      if (!found.pod) return found.missing;
      return neverRestarted(ctx, found.pod, found.name);
    },
  },

  liveAnswers: {
    /** The phase of half-failed once its job container has ended. */
    async 'half-failed-phase'(ctx) {
      const pod = await ctx.pod('half-failed');
      const job = pod ? containerStatus(pod, 'job') : undefined;
      if (!pod) return unknown(recreate('half-failed'));
      if (!job?.state?.terminated) {
        return unknown(
          say(
            'half-failed 的 job 容器还没有结束，稍等再回答',
            'the job container of half-failed has not ended yet; answer in a moment',
          ),
        );
      }
      return known(phaseOf(pod).toLowerCase());
    },

    /** READY and STATUS of not-ready, as kubectl get computes them from its status. */
    async 'not-ready-columns'(ctx) {
      const pod = await ctx.pod(NOT_READY);
      if (!pod)
        return unknown(
          say(
            '先完成上一步，创建 Pod not-ready',
            'Finish the previous step first: create Pod not-ready',
          ),
        );
      const { ready, status } = getPodsColumns(pod);
      const options: Record<string, string> = {
        '0/1 Running': 'zero-running',
        '1/1 Running': 'one-running',
        '0/1 NotReady': 'zero-not-ready',
        '0/1 Pending': 'zero-pending',
      };
      const option = options[`${ready} ${status}`];
      if (option) return known(option);
      return unknown(
        say(
          `not-ready 现在显示 READY ${ready}、STATUS ${status}，不在选项里:先完成上一步`,
          `not-ready shows READY ${ready} and STATUS ${status} now, which is none of the options: finish the previous step first`,
        ),
      );
    },

    /** Where the status of needs-nvme says Unschedulable. */
    async 'unschedulable-place'(ctx) {
      const pod = await ctx.pod('needs-nvme');
      const conditions = pod?.status?.conditions ?? [];
      if (conditions.some((c) => c.type === 'Unschedulable')) return known('condition-type');
      const byReason = conditions.find((c) => c.reason === 'Unschedulable');
      if (byReason?.type === 'PodScheduled') return known('scheduled-reason');
      if (pod?.status?.phase === 'Unschedulable') return known('phase');
      const waiting = pod?.status?.containerStatuses?.some(
        (s) => s.state?.waiting?.reason === 'Unschedulable',
      );
      if (waiting) return known('container-reason');
      if (!pod) return unknown(recreate('needs-nvme'));
      return unknown(
        say(
          `needs-nvme 没有被判定为无法调度(${conditionText(pod, 'PodScheduled')})，也许这个集群有节点带着 disktype=nvme`,
          `needs-nvme is not unschedulable here (${conditionText(pod, 'PodScheduled')}); maybe a node of this cluster has disktype=nvme`,
        ),
      );
    },
  },
});

function phaseOf(pod: V1Pod): string {
  return pod.status?.phase ?? 'Pending';
}

/** A Pod of the lesson's setup is gone: the setup runs again when the lesson opens. */
function recreate(name: string) {
  return say(
    `Pod ${name} 不存在。运行 pod-course reset 16，再重新打开本课，它会被重新创建`,
    `Pod ${name} is missing. Run pod-course reset 16 and open the lesson again: its setup creates it anew`,
  );
}
