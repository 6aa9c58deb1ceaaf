import type { CoreV1Event, V1Deployment, V1Pod, V1ReplicaSet } from '@kubernetes/client-node';
import type { CheckContext } from './check-context.js';

/**
 * A Deployment with what it owns, followed through ownerReferences (never through labels or
 * names): the ReplicaSets whose controller is this very Deployment (its uid, so a leftover of
 * an earlier Deployment of the same name that the garbage collector has not removed yet is
 * left out), and the Pods whose controller is one of those ReplicaSets.
 */
export interface OwnerTree {
  deployment: V1Deployment;
  replicaSets: { replicaSet: V1ReplicaSet; pods: V1Pod[] }[];
}

/** The ownerReference marked `controller: true`, the one that manages the object. */
export function controllerOf(object: {
  metadata?: {
    ownerReferences?: { kind: string; name: string; uid: string; controller?: boolean }[];
  };
}) {
  return object.metadata?.ownerReferences?.find((ref) => ref.controller === true);
}

/** Reads the tree of Deployment `name`, or undefined when it does not exist or is being deleted. */
export async function readOwnerTree(
  ctx: CheckContext,
  name: string,
): Promise<OwnerTree | undefined> {
  const deployment = await ctx.object<V1Deployment>('Deployment', name, 'apps/v1');
  if (!deployment || deployment.metadata?.deletionTimestamp) return undefined;
  const uid = deployment.metadata?.uid;
  const sets = (await ctx.list<V1ReplicaSet>('ReplicaSet')).filter(
    (rs) => controllerOf(rs)?.uid === uid && !rs.metadata?.deletionTimestamp,
  );
  const pods = (await ctx.list<V1Pod>('Pod')).filter((p) => !p.metadata?.deletionTimestamp);
  const replicaSets = sets
    .sort((a, b) => revision(a) - revision(b))
    .map((replicaSet) => ({
      replicaSet,
      pods: pods
        .filter((p) => controllerOf(p)?.uid === replicaSet.metadata?.uid)
        .sort((a, b) => (a.metadata?.name ?? '').localeCompare(b.metadata?.name ?? '')),
    }));
  return { deployment, replicaSets };
}

/** The rollout revision the Deployment controller wrote on a ReplicaSet (0 when absent). */
export function revision(rs: V1ReplicaSet): number {
  return Number(rs.metadata?.annotations?.['deployment.kubernetes.io/revision'] ?? 0) || 0;
}

/** The ReplicaSet that holds the Deployment's current template: the highest revision. */
export function newestReplicaSet(tree: OwnerTree) {
  return tree.replicaSets.at(-1);
}

/** Every Pod of the tree. */
export function podsOf(tree: OwnerTree): V1Pod[] {
  return tree.replicaSets.flatMap((entry) => entry.pods);
}

/**
 * The `kubectl tree` picture of the notes, drawn from ownerReferences:
 *
 *     Deployment/web
 *     ├─ReplicaSet/web-5d59d67564  (0 Pods)
 *     └─ReplicaSet/web-848bcb569b  (3 Pods)
 *       ├─Pod/web-848bcb569b-7zk57
 *       └─Pod/web-848bcb569b-w9mzm
 */
export function drawOwnerTree(tree: OwnerTree): string[] {
  const lines = [`Deployment/${tree.deployment.metadata?.name ?? ''}`];
  tree.replicaSets.forEach((entry, i) => {
    const lastSet = i === tree.replicaSets.length - 1;
    const image = entry.replicaSet.spec?.template?.spec?.containers[0]?.image ?? '';
    lines.push(
      `${lastSet ? '└─' : '├─'}ReplicaSet/${entry.replicaSet.metadata?.name ?? ''} ${image} (${entry.pods.length})`,
    );
    entry.pods.forEach((pod, j) => {
      const lastPod = j === entry.pods.length - 1;
      lines.push(`${lastSet ? '  ' : '│ '}${lastPod ? '└─' : '├─'}Pod/${pod.metadata?.name ?? ''}`);
    });
  });
  return lines;
}

/**
 * How many of the ReplicaSet's Pods went away without the ReplicaSet deleting them (someone
 * ran kubectl delete pod) and were replaced: the Pods it created (`SuccessfulCreate` events)
 * minus those it deleted itself (`SuccessfulDelete`, when scaling down) minus those it has now.
 * Scaling up and down again therefore counts as no replacement.
 */
export function replacedPods(rs: V1ReplicaSet, events: CoreV1Event[], podsNow: number) {
  const uid = rs.metadata?.uid;
  const mine = events.filter(
    (e) =>
      e.involvedObject.kind === 'ReplicaSet' &&
      (!uid || !e.involvedObject.uid || e.involvedObject.uid === uid),
  );
  const count = (reason: string) =>
    mine.filter((e) => e.reason === reason).reduce((sum, e) => sum + (e.count ?? 1), 0);
  const created = count('SuccessfulCreate');
  const deleted = count('SuccessfulDelete');
  return { created, deleted, replaced: Math.max(0, created - deleted - podsNow) };
}
