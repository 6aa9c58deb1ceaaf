import type { V1Pod } from '@kubernetes/client-node';
import { clockTime, lastTermination, startedAt, timeMs } from './container-states.js';
import { containerStatus, describeState } from './pods.js';
import { type ConditionResult, fail, pass, say } from './result.js';

/**
 * Proves from the API's timestamps that the init containers `inits` each exited 0, one after
 * another in this order, and that `app` started after the last of them; the facts are their
 * start and finish times (UTC), the order a learner can check in kubectl describe. Whether
 * the spec lists them in this order is the caller's question.
 */
export function initRunOrder(pod: V1Pod, inits: string[], app: string): ConditionResult {
  const facts = [];
  let previousEnd = Number.NEGATIVE_INFINITY;
  let ordered = true;
  for (const name of inits) {
    const status = containerStatus(pod, name);
    const done = status?.state?.terminated;
    if (done?.exitCode !== 0) {
      const state = describeState(status);
      return fail(
        say(
          `init 容器 ${name} 还没有成功完成:${state.zh}`,
          `init container ${name} has not finished successfully yet: ${state.en}`,
        ),
      );
    }
    // The API keeps whole seconds, so one may end in the very second the next one starts.
    if (timeMs(done.startedAt) < previousEnd) ordered = false;
    previousEnd = timeMs(done.finishedAt);
    facts.push(
      say(
        `${name}:${clockTime(done.startedAt)} 开始，${clockTime(done.finishedAt)} 结束，退出码 0`,
        `${name}: started ${clockTime(done.startedAt)}, finished ${clockTime(done.finishedAt)}, exit code 0`,
      ),
    );
  }
  const appStatus = containerStatus(pod, app);
  const appStart = startedAt(appStatus) ?? lastTermination(appStatus)?.startedAt;
  if (!appStart) {
    const state = describeState(appStatus);
    return fail(say(`${app} 还没有启动:${state.zh}`, `${app} has not started yet: ${state.en}`));
  }
  if (timeMs(appStart) < previousEnd) ordered = false;
  facts.push(
    say(
      `${app}:${clockTime(appStart)} 启动(时间为 UTC)`,
      `${app}: started ${clockTime(appStart)} (times in UTC)`,
    ),
  );
  if (!ordered) {
    return fail(
      say(
        `时间对不上，它们不是一个接一个运行的:${facts.map((f) => f.zh).join('；')}`,
        `the times do not line up one after another: ${facts.map((f) => f.en).join('; ')}`,
      ),
    );
  }
  return pass(...facts);
}
