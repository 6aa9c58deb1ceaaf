import type { V1Pod } from '@kubernetes/client-node';
import { defineChecks, known, unknown } from './lib/define-checks.js';
import { podEvents } from './lib/events.js';
import { containerRunning, findPod } from './lib/pods.js';
import { type ConditionResult, fail, pass, say } from './lib/result.js';
import {
  failedSchedulingEvent,
  nodeExists,
  nodesFiledUnder,
  podScheduled,
  scheduledEvent,
} from './lib/scheduling.js';

const SELECT = 'gysl-nodeselect';
const PICKY = 'picky';
const NAMED = 'gysl-nodename';
const SELECTOR_MISMATCH = "node(s) didn't match Pod's node affinity/selector";

/** Lesson 13: nodeSelector (a label some node has, one nobody has) and nodeName. */
export default defineChecks({
  conditions: {
    async 'ssd-node/scheduled'(ctx) {
      const { pod, missing } = await findPod(ctx, SELECT);
      if (!pod) return missing;
      const node = pod.spec?.nodeName;
      if (node) return pass(say(`spec.nodeName:${node}`, `spec.nodeName: ${node}`));
      return notScheduledYet(pod);
    },

    async 'ssd-node/ssd-selector'(ctx) {
      const { pod, missing } = await findPod(ctx, SELECT);
      if (!pod) return missing;
      const selector = pod.spec?.nodeSelector ?? {};
      const node = pod.spec?.nodeName;
      const scheduled = node ? scheduledEvent(await podEvents(ctx, pod)) : undefined;
      if (selector.disktype !== 'ssd') {
        if (node && !scheduled) {
          return fail(
            say(
              `Pod ${SELECT} 没有 nodeSelector disktype: ssd:它是用 spec.nodeName 直接放上去的，调度器没有挑选`,
              `Pod ${SELECT} has no nodeSelector disktype: ssd: it was put there with spec.nodeName, so the scheduler chose nothing`,
            ),
          );
        }
        return fail(
          say(
            `Pod ${SELECT} 的 nodeSelector 是 ${shownLabels(selector)}，不是 disktype: ssd`,
            `the nodeSelector of Pod ${SELECT} is ${shownLabels(selector)}, not disktype: ssd`,
          ),
        );
      }
      if (!node) return notScheduledYet(pod);
      if (!scheduled) {
        return fail(
          say(
            `Pod ${SELECT} 的 spec.nodeName 是手写的(${node}):去掉 nodeName，让调度器按选择器挑选`,
            `Pod ${SELECT} has a hand-written spec.nodeName (${node}): remove nodeName and let the scheduler choose by the selector`,
          ),
        );
      }
      return pass(
        say('nodeSelector:disktype=ssd', 'nodeSelector: disktype=ssd'),
        say(`default-scheduler:${scheduled.message}`, `default-scheduler: ${scheduled.message}`),
      );
    },

    async 'nobody-has-it/unschedulable'(ctx) {
      const { pod, missing } = await findPod(ctx, PICKY);
      if (!pod) return missing;
      const node = pod.spec?.nodeName;
      if (node) {
        const selector = pod.spec?.nodeSelector;
        const base = say(
          `Pod ${PICKY} 已被调度到 ${node}`,
          `Pod ${PICKY} was scheduled to ${node}`,
        );
        return fail(
          selector && Object.keys(selector).length > 0
            ? say(
                `${base.zh}:那个节点带着 ${shownLabels(selector)}。要一个没有节点带的值`,
                `${base.en}: that node carries ${shownLabels(selector)}. Ask for a value no node has`,
              )
            : say(
                `${base.zh}:它没有 nodeSelector，任何可用节点都行`,
                `${base.en}: it has no nodeSelector, so any available node will do`,
              ),
        );
      }
      const condition = podScheduled(pod);
      if (condition?.status === 'False' && condition.reason === 'Unschedulable') {
        return pass(
          say(
            `PodScheduled=False(Unschedulable):${condition.message ?? ''}`,
            `PodScheduled=False (Unschedulable): ${condition.message ?? ''}`,
          ),
        );
      }
      return fail(
        say(`调度器还没有处理 Pod ${PICKY}`, `the scheduler has not handled Pod ${PICKY} yet`),
      );
    },

    async 'nobody-has-it/failed-scheduling'(ctx) {
      const { pod, missing } = await findPod(ctx, PICKY);
      if (!pod) return missing;
      const event = failedSchedulingEvent(await podEvents(ctx, pod));
      if (event) {
        return pass(
          say(
            `Warning FailedScheduling:${event.message}`,
            `Warning FailedScheduling: ${event.message}`,
          ),
        );
      }
      return fail(
        say(
          `还没有关于 ${PICKY} 的 FailedScheduling 事件`,
          `there is no FailedScheduling event about ${PICKY} yet`,
        ),
      );
    },

    async 'node-name/running-there'(ctx) {
      const { pod, missing } = await findPod(ctx, NAMED);
      if (!pod) return missing;
      const node = pod.spec?.nodeName;
      if (!node) {
        return fail(
          say(`Pod ${NAMED} 还没有 spec.nodeName`, `Pod ${NAMED} has no spec.nodeName yet`),
        );
      }
      if ((await nodeExists(ctx, node)) === false) {
        return fail(
          say(
            `Pod ${NAMED} 绑定在节点 ${node} 上，但没有名为 ${node} 的节点:没有哪个 kubelet 会启动它，大约一分钟后 Pod 垃圾回收器会删掉它(要立刻删掉:kubectl delete pod ${NAMED} --force --grace-period=0)。kubectl get nodes 列出真实的节点名`,
            `Pod ${NAMED} is bound to node ${node}, but no node is named ${node}: no kubelet will start it, and the pod garbage collector deletes it after about a minute (to remove it now: kubectl delete pod ${NAMED} --force --grace-period=0). kubectl get nodes lists the real names`,
          ),
        );
      }
      const running = await containerRunning(ctx, NAMED, 'gysl-nginx');
      if (!running.passed) return running;
      return pass(
        say(
          `运行在 ${node} 上(status.hostIP ${pod.status?.hostIP ?? '?'})`,
          `runs on ${node} (status.hostIP ${pod.status?.hostIP ?? '?'})`,
        ),
        ...running.facts,
      );
    },

    async 'node-name/no-scheduler'(ctx) {
      const { pod, missing } = await findPod(ctx, NAMED);
      if (!pod) return missing;
      const node = pod.spec?.nodeName;
      if (!node) {
        return fail(
          say(
            `Pod ${NAMED} 还没有被放到任何节点上`,
            `Pod ${NAMED} has not been put on any node yet`,
          ),
        );
      }
      const events = await podEvents(ctx, pod);
      const scheduled = scheduledEvent(events);
      if (scheduled) {
        return fail(
          say(
            `是调度器放的:${scheduled.message}。nodeSelector 仍由调度器挑选；直接写 spec.nodeName 才能绕过它`,
            `the scheduler placed it - ${scheduled.message}. A nodeSelector still leaves the choice to the scheduler; write spec.nodeName to skip it`,
          ),
        );
      }
      const reasons = events.map((e) => e.reason).filter(Boolean);
      return pass(
        say(`spec.nodeName ${node} 是你写的`, `spec.nodeName ${node} is the one you wrote`),
        say(
          `事件:${reasons.join(', ') || '无'}，没有 Scheduled`,
          `events: ${reasons.join(', ') || 'none'}, no Scheduled`,
        ),
      );
    },
  },

  liveAnswers: {
    /** The count in front of "didn't match Pod's node affinity/selector" in picky's FitError. */
    async 'selector-mismatch-count'(ctx) {
      const pod = await ctx.pod(PICKY);
      const message = pod ? podScheduled(pod)?.message : undefined;
      if (!pod || pod.spec?.nodeName || !message) {
        return unknown(
          say(
            `先完成上一步:Pod ${PICKY} 要在 Pending 中等待，带着调度器的消息`,
            `Finish the previous step first: Pod ${PICKY} must be Pending with the scheduler's message`,
          ),
        );
      }
      const count = nodesFiledUnder(message, SELECTOR_MISMATCH);
      return known(String(count), `${count} ${SELECTOR_MISMATCH}`, `${count} node(s)`);
    },
  },
});

/** Why the Pod has no node: the scheduler's message, or that it has not been looked at. */
function notScheduledYet(pod: V1Pod): ConditionResult {
  const name = pod.metadata?.name ?? '';
  const condition = podScheduled(pod);
  if (condition?.status !== 'False' || !condition.message) {
    return fail(
      say(
        `调度器还没有为 Pod ${name} 选好节点`,
        `the scheduler has not chosen a node for Pod ${name} yet`,
      ),
    );
  }
  // Label values are compared byte for byte: disktype=SSD is not disktype=ssd.
  const values = Object.values(pod.spec?.nodeSelector ?? {});
  const cased = values.some((v) => v !== v.toLowerCase());
  const extra = cased
    ? say('。标签的值区分大小写', '. Label values are case-sensitive')
    : say('', '');
  return fail(
    say(
      `Pod ${name} 停在 Pending，调度器说:${condition.message}${extra.zh}`,
      `Pod ${name} is Pending; the scheduler says: ${condition.message}${extra.en}`,
    ),
  );
}

function shownLabels(labels: Record<string, string>): string {
  const pairs = Object.entries(labels).map(([k, v]) => `${k}=${v}`);
  return pairs.length > 0 ? pairs.join(', ') : '{}';
}
