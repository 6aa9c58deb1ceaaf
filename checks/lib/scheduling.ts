import type { CoreV1Event, V1Pod, V1PodCondition } from '@kubernetes/client-node';
import type { CheckContext } from './check-context.js';

/** The `PodScheduled` condition: False/Unschedulable with the scheduler's FitError message. */
export function podScheduled(pod: V1Pod): V1PodCondition | undefined {
  return pod.status?.conditions?.find((c) => c.type === 'PodScheduled');
}

/** The scheduler's `Scheduled` event (`Successfully assigned ns/pod to node`), if it made one. */
export function scheduledEvent(events: readonly CoreV1Event[]): CoreV1Event | undefined {
  return events.find((e) => e.reason === 'Scheduled');
}

/** The latest `FailedScheduling` warning. */
export function failedSchedulingEvent(events: readonly CoreV1Event[]): CoreV1Event | undefined {
  return [...events].reverse().find((e) => e.reason === 'FailedScheduling');
}

/**
 * How many nodes the scheduler filed under `reason` in a FitError message (pod-facts §4.7:
 * `0/3 nodes are available: 1 node(s) had untolerated taint {…}, 2 node(s) didn't match Pod's
 * node affinity/selector. preemption: …`): 0 when the reason is not listed. Only the part
 * before `preemption:` counts, which has its own histogram of different reasons.
 */
export function nodesFiledUnder(message: string, reason: string): number {
  const filter = message.split(' preemption: ')[0] ?? '';
  const histogram = filter.replace(/^0\/\d+ nodes are available: /, '').replace(/\.$/, '');
  for (const entry of histogram.split(', ')) {
    const match = /^(\d+) (.*)$/.exec(entry);
    if (match && match[2] === reason) return Number(match[1]);
  }
  return 0;
}

/**
 * Whether a node of that name exists: undefined when the learner may not read nodes (on a
 * shared cluster, reading nodes needs a cluster-wide permission).
 */
export async function nodeExists(ctx: CheckContext, name: string): Promise<boolean | undefined> {
  try {
    return (await ctx.object('Node', name)) !== undefined;
  } catch {
    return undefined;
  }
}
