import type { V1Pod } from '@kubernetes/client-node';
import type { CheckContext } from './check-context.js';
import { describeState } from './pods.js';
import { type ConditionResult, fail, pass, say } from './result.js';

/** The annotation the kubelet puts on the mirror pods it creates (pkg/kubelet/types). */
export const CONFIG_MIRROR = 'kubernetes.io/config.mirror';

/**
 * The mirror pods of the static pod `name` in the namespace: `<name>-<node>`, marked by the
 * kubelet's annotation, not being deleted.
 */
export async function mirrorPods(ctx: CheckContext, name: string): Promise<V1Pod[]> {
  const pods = await ctx.list<V1Pod>('Pod');
  return pods.filter(
    (p) =>
      (p.metadata?.name ?? '').startsWith(`${name}-`) &&
      p.metadata?.annotations?.[CONFIG_MIRROR] !== undefined &&
      !p.metadata?.deletionTimestamp,
  );
}

/** The Node a mirror pod belongs to (its ownerReference). */
export function nodeOwner(pod: V1Pod): string | undefined {
  return pod.metadata?.ownerReferences?.find((o) => o.kind === 'Node')?.name;
}

/** When the mirror's container started (running now), or undefined. */
function runningSince(pod: V1Pod): { startedAt?: Date; state: ReturnType<typeof describeState> } {
  const status = pod.status?.containerStatuses?.[0];
  const startedAt = status?.state?.running?.startedAt;
  return startedAt
    ? { startedAt: new Date(startedAt), state: describeState(status) }
    : { state: describeState(status) };
}

const iso = (d: Date | undefined) => (d ? d.toISOString().replace('.000Z', 'Z') : '?');

/**
 * Passes when the mirror pod of static pod `name` was made again while its container went on
 * running: the kubelet creates a mirror before it starts the containers, so a mirror younger
 * than its running container is a replaced one (deleted through the API, recreated).
 */
export async function mirrorRecreated(ctx: CheckContext, name: string): Promise<ConditionResult> {
  const [mirror] = await mirrorPods(ctx, name);
  if (!mirror) {
    return fail(
      say(
        `现在没有镜像 Pod ${name}-<节点名>。文件还在节点上的话，kubelet 马上会重新创建它；稍等再检查`,
        `There is no mirror pod ${name}-<node> right now. While the file is on the node the kubelet makes it again shortly; check again in a moment`,
      ),
    );
  }
  const mirrorName = mirror.metadata?.name ?? '';
  const created = mirror.metadata?.creationTimestamp
    ? new Date(mirror.metadata.creationTimestamp)
    : undefined;
  const { startedAt, state } = runningSince(mirror);
  if (!startedAt) {
    return fail(
      say(
        `镜像 Pod ${mirrorName} 的容器没有在运行:${state.zh}`,
        `The container of mirror pod ${mirrorName} is not running: ${state.en}`,
      ),
    );
  }
  // The kubelet creates a mirror before it starts the containers; a mirror younger than
  // its running container is one made again while the container went on running.
  if (!created || created.getTime() <= startedAt.getTime()) {
    return fail(
      say(
        `镜像 Pod ${mirrorName} 创建于 ${iso(created)}，不晚于它的容器启动的时间(${iso(startedAt)}):它还没有被替换过。用 kubectl delete pod ${mirrorName} 删除它，再看看`,
        `Mirror pod ${mirrorName} was created at ${iso(created)}, no later than its container started (${iso(startedAt)}): it has not been replaced yet. Delete it with kubectl delete pod ${mirrorName} and look again`,
      ),
    );
  }
  const restarts = mirror.status?.containerStatuses?.[0]?.restartCount ?? 0;
  return pass(
    say(
      `镜像 Pod ${mirrorName} 创建于 ${iso(created)}`,
      `mirror pod ${mirrorName} created at ${iso(created)}`,
    ),
    say(
      `容器从 ${iso(startedAt)} 起一直在运行，重启次数 ${restarts}`,
      `its container has run since ${iso(startedAt)}, restart count ${restarts}`,
    ),
  );
}
