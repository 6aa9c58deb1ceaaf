import type { V1Pod, V1ReplicaSet } from '@kubernetes/client-node';
import type { CheckContext } from './lib/check-context.js';
import { defineChecks } from './lib/define-checks.js';
import {
  controllerOf,
  drawOwnerTree,
  newestReplicaSet,
  type OwnerTree,
  podsOf,
  readOwnerTree,
  replacedPods,
} from './lib/owner-tree.js';
import { type ConditionResult, fail, pass, say } from './lib/result.js';

const NAME = 'web';
const NEW_IMAGE = 'nginx:1.27';

/** Lesson 18: a Deployment, its ReplicaSets and Pods, read through ownerReferences. */
export default defineChecks({
  conditions: {
    'create-deployment/three-ready': (ctx) => replicasReady(ctx, 3),

    async 'create-deployment/owned-by-chain'(ctx) {
      const pods = (await ctx.list<V1Pod>('Pod', 'app=web')).filter(
        (p) => !p.metadata?.deletionTimestamp,
      );
      // A hand-made Pod first: it is the mistake worth naming, whatever else exists.
      const orphan = pods.find((p) => !controllerOf(p));
      if (orphan) {
        const name = orphan.metadata?.name ?? '';
        return fail(
          say(
            `Pod ${name} 没有 controller 类型的 ownerReference:没有控制器管它，删掉就没了。请创建 Deployment web`,
            `Pod ${name} has no controller ownerReference: no controller manages it, and once deleted it is gone. Create Deployment web`,
          ),
        );
      }
      const tree = await readOwnerTree(ctx, NAME);
      if (!tree) return noDeployment(ctx);
      const owned = podsOf(tree);
      const strays = pods.filter((p) => !owned.some((o) => o.metadata?.uid === p.metadata?.uid));
      const stray = strays[0];
      if (stray) {
        const owner = controllerOf(stray);
        return fail(
          say(
            `Pod ${stray.metadata?.name} 的主人是 ${owner?.kind}/${owner?.name}，它不属于 Deployment web(也许正在被垃圾回收，稍等)`,
            `Pod ${stray.metadata?.name} is controlled by ${owner?.kind}/${owner?.name}, which does not belong to Deployment web (perhaps it is being garbage-collected; wait a moment)`,
          ),
        );
      }
      if (owned.length === 0) {
        return fail(
          say(
            'Deployment web 还没有 Pod，稍等 ReplicaSet 创建它们',
            'Deployment web has no Pods yet; wait for its ReplicaSet to create them',
          ),
        );
      }
      return pass(...treeFacts(tree));
    },

    async 'replace-pod/pod-replaced'(ctx) {
      const tree = await readOwnerTree(ctx, NAME);
      if (!tree) return noDeployment(ctx);
      const entry = newestReplicaSet(tree);
      if (!entry) return noReplicaSet();
      const rs = entry.replicaSet;
      const rsName = rs.metadata?.name ?? '';
      const counts = replacedPods(rs, await ctx.events(rsName), entry.pods.length);
      const seen = say(
        `ReplicaSet ${rsName} 创建过 ${counts.created} 个 Pod，自己删除过 ${counts.deleted} 个，现在有 ${entry.pods.length} 个`,
        `ReplicaSet ${rsName} has created ${counts.created} Pod(s), deleted ${counts.deleted} itself, and has ${entry.pods.length} now`,
      );
      if (counts.replaced === 0) {
        return fail(
          say(
            `还没有 Pod 被替换:${seen.zh}。用 kubectl delete pod 删掉一个 web 的 Pod`,
            `no Pod has been replaced yet: ${seen.en}. Delete one Pod of web with kubectl delete pod`,
          ),
        );
      }
      return pass(
        seen,
        say(
          `${counts.replaced} 个 Pod 被删除后由 ReplicaSet 按模板重新创建(事件 SuccessfulCreate)`,
          `${counts.replaced} Pod(s) deleted and created anew from the template by the ReplicaSet (event SuccessfulCreate)`,
        ),
        ...treeFacts(tree),
      );
    },

    'replace-pod/back-to-three': (ctx) => replicasReady(ctx, 3),

    'scale/five-ready': (ctx) => replicasReady(ctx, 5),

    async 'scale/one-replicaset'(ctx) {
      const tree = await readOwnerTree(ctx, NAME);
      if (!tree) return noDeployment(ctx);
      const active = tree.replicaSets.filter((e) => (e.replicaSet.spec?.replicas ?? 0) > 0);
      if (active.length !== 1) {
        return fail(
          say(
            `有 ${active.length} 个 ReplicaSet 的 replicas 大于 0:${names(active).join('、')}。扩容不该改 Pod 模板`,
            `${active.length} ReplicaSets have replicas above 0: ${names(active).join(', ')}. Scaling should not change the Pod template`,
          ),
        );
      }
      const rs = active[0]?.replicaSet;
      return pass(
        say(
          `ReplicaSet ${rs?.metadata?.name} 的 replicas 是 ${rs?.spec?.replicas}`,
          `ReplicaSet ${rs?.metadata?.name} has replicas ${rs?.spec?.replicas}`,
        ),
        ...treeFacts(tree),
      );
    },

    async 'rolling-update/rolled-out'(ctx) {
      const tree = await readOwnerTree(ctx, NAME);
      if (!tree) return noDeployment(ctx);
      const image = tree.deployment.spec?.template?.spec?.containers[0]?.image;
      if (image !== NEW_IMAGE) {
        return fail(
          say(
            `模板里的镜像是 ${image}，不是 ${NEW_IMAGE}`,
            `the template's image is ${image}, not ${NEW_IMAGE}`,
          ),
        );
      }
      const done = await replicasReady(ctx, 5);
      if (!done.passed) return done;
      const old = podsOf(tree).filter((p) => p.spec?.containers[0]?.image !== NEW_IMAGE);
      if (old.length > 0) {
        return fail(
          say(
            `还有 ${old.length} 个 Pod 运行旧镜像，滚动更新还没结束`,
            `${old.length} Pod(s) still run the old image; the rollout has not finished`,
          ),
        );
      }
      return pass(say(`5 个 Pod 都是 ${NEW_IMAGE}`, `all 5 Pods run ${NEW_IMAGE}`), ...done.facts);
    },

    async 'rolling-update/two-replicasets'(ctx) {
      const tree = await readOwnerTree(ctx, NAME);
      if (!tree) return noDeployment(ctx);
      if (tree.replicaSets.length < 2) {
        return fail(
          say(
            `Deployment web 只有 ${tree.replicaSets.length} 个 ReplicaSet:Pod 模板还没有变`,
            `Deployment web has ${tree.replicaSets.length} ReplicaSet(s): its Pod template has not changed yet`,
          ),
        );
      }
      const newest = newestReplicaSet(tree);
      const older = tree.replicaSets.slice(0, -1);
      const busy = older.filter((e) => (e.replicaSet.spec?.replicas ?? 0) > 0 || e.pods.length);
      if (busy.length > 0) {
        return fail(
          say(
            `旧的 ReplicaSet ${names(busy).join('、')} 还没有缩到 0，稍等`,
            `the old ReplicaSet ${names(busy).join(', ')} is not scaled to 0 yet; wait a moment`,
          ),
        );
      }
      return pass(
        say(
          `新 ReplicaSet ${newest?.replicaSet.metadata?.name}，旧的 ${names(older).join('、')} 留着 0 个副本用于回滚`,
          `new ReplicaSet ${newest?.replicaSet.metadata?.name}; the old ${names(older).join(', ')} kept at 0 replicas for a rollback`,
        ),
        ...treeFacts(tree),
      );
    },
  },
});

/** Deployment web wants `want` replicas and the controller reports them all ready and updated. */
async function replicasReady(ctx: CheckContext, want: number): Promise<ConditionResult> {
  const tree = await readOwnerTree(ctx, NAME);
  if (!tree) return noDeployment(ctx);
  const { spec, status, metadata } = tree.deployment;
  const asked = spec?.replicas ?? 1;
  if (asked !== want) {
    return fail(
      say(
        `Deployment web 要的是 ${asked} 个副本，不是 ${want} 个`,
        `Deployment web asks for ${asked} replica(s), not ${want}`,
      ),
    );
  }
  const ready = status?.readyReplicas ?? 0;
  const updated = status?.updatedReplicas ?? 0;
  const total = status?.replicas ?? 0;
  const current = (status?.observedGeneration ?? 0) >= (metadata?.generation ?? 0);
  if (!current || ready !== want || updated !== want || total !== want) {
    return fail(
      say(
        `Deployment web:就绪 ${ready}/${want}，已更新 ${updated}，共 ${total} 个 Pod，稍等`,
        `Deployment web: ${ready}/${want} ready, ${updated} up to date, ${total} Pods in all; wait a moment`,
      ),
    );
  }
  return pass(
    say(
      `READY ${ready}/${want}，UP-TO-DATE ${updated}`,
      `READY ${ready}/${want}, UP-TO-DATE ${updated}`,
    ),
    ...treeFacts(tree),
  );
}

/** The tree, one fact per line, as kubectl tree would print it. */
function treeFacts(tree: OwnerTree) {
  return drawOwnerTree(tree).map((line) => say(line, line));
}

function names(entries: { replicaSet: V1ReplicaSet }[]): string[] {
  return entries.map((e) => e.replicaSet.metadata?.name ?? '');
}

function noDeployment(ctx: CheckContext): ConditionResult {
  return fail(
    say(
      `Deployment web 还不存在(命名空间 ${ctx.namespace})`,
      `Deployment web does not exist yet (namespace ${ctx.namespace})`,
    ),
  );
}

function noReplicaSet(): ConditionResult {
  return fail(
    say(
      'Deployment web 还没有 ReplicaSet，稍等控制器创建它',
      'Deployment web has no ReplicaSet yet; wait for its controller to create it',
    ),
  );
}
