import type { CheckContext } from './lib/check-context.js';
import { defineChecks, known, unknown } from './lib/define-checks.js';
import { CONFIG_MIRROR, mirrorPods, mirrorRecreated, nodeOwner } from './lib/mirror-pods.js';
import { describeState, findPod } from './lib/pods.js';
import { type ConditionResult, fail, pass, say } from './lib/result.js';
import { hostPathVolume, volumeMounts, volumeSource } from './lib/volumes.js';

const WRITER = 'manifest-writer';
const STATIC = 'static-web';
const MANIFESTS = '/etc/kubernetes/manifests';
/** The fail for "no mirror pod": an API-made static-web is the likely mistake, named as such. */
async function noMirror(ctx: CheckContext): Promise<ConditionResult> {
  const plain = await ctx.pod(STATIC);
  if (plain && plain.metadata?.annotations?.[CONFIG_MIRROR] === undefined) {
    return fail(
      say(
        `Pod ${STATIC} 是通过 API Server 创建的普通 Pod:没有 ${CONFIG_MIRROR} 注解，也不归哪个 Node 管。静态 Pod 来自节点 ${MANIFESTS} 里的文件，它的镜像 Pod 叫 ${STATIC}-<节点名>。先 kubectl delete pod ${STATIC}，再把文件写进目录`,
        `Pod ${STATIC} was created through the API server, an ordinary Pod: no ${CONFIG_MIRROR} annotation, no Node owner. A static pod comes from a file in the node's ${MANIFESTS}; its mirror pod is named ${STATIC}-<node>. Run kubectl delete pod ${STATIC}, then write the file into the directory`,
      ),
    );
  }
  return fail(
    say(
      `命名空间 ${ctx.namespace} 里还没有镜像 Pod ${STATIC}-<节点名>:通过 ${WRITER} 把 static-web.yaml 写进 ${MANIFESTS}(metadata.namespace 要是 ${ctx.namespace})。kubelet 在目录变化时、以及每 20 秒会看一次`,
      `No mirror pod ${STATIC}-<node> in namespace ${ctx.namespace} yet: write static-web.yaml into ${MANIFESTS} through ${WRITER} (with metadata.namespace: ${ctx.namespace}). The kubelet looks at the directory when it changes, and every 20 seconds`,
    ),
  );
}

/** Lesson 17: static pods written through a hostPath Pod, their mirror pods, and removing them. */
export default defineChecks({
  conditions: {
    async 'write-manifest/writer-on-node'(ctx) {
      const { pod, missing } = await findPod(ctx, WRITER);
      if (!pod) return missing;
      const volume = hostPathVolume(pod, MANIFESTS);
      const mounted = volumeMounts(pod, 'shell').length
        ? volumeMounts(pod, 'shell')
        : (pod.spec?.containers ?? []).flatMap((c) => volumeMounts(pod, c.name));
      if (!volume || !mounted.some((m) => m.volume?.name === volume.name)) {
        // The service account token mount is the API server's doing, not the learner's.
        const own = mounted.filter((m) => !m.mount.mountPath.startsWith('/var/run/secrets/'));
        const sources = own.map(
          (m) => `${m.mount.mountPath}: ${m.volume ? volumeSource(m.volume) : '?'}`,
        );
        const seen = sources.length ? sources.join(', ') : '-';
        return fail(
          say(
            `Pod ${WRITER} 没有挂载节点的 ${MANIFESTS}(它的挂载:${seen})。emptyDir 是 Pod 自己的空目录，kubelet 不会去读；要用 hostPath`,
            `Pod ${WRITER} does not mount the node's ${MANIFESTS} (its mounts: ${seen}). An emptyDir is the Pod's own empty directory, which the kubelet never reads; use hostPath`,
          ),
        );
      }
      const status = pod.status?.containerStatuses?.[0];
      if (!status?.state?.running) {
        const state = describeState(status);
        return fail(
          say(
            `Pod ${WRITER} 还没有运行:${state.zh}`,
            `Pod ${WRITER} is not running yet: ${state.en}`,
          ),
        );
      }
      const node = pod.spec?.nodeName ?? '?';
      return pass(
        say(`${WRITER} 运行在节点 ${node} 上`, `${WRITER} runs on node ${node}`),
        say(`hostPath ${MANIFESTS} 已挂载`, `hostPath ${MANIFESTS} is mounted`),
      );
    },

    async 'write-manifest/mirror-pod'(ctx) {
      const [mirror] = await mirrorPods(ctx, STATIC);
      if (!mirror) return noMirror(ctx);
      const name = mirror.metadata?.name ?? '';
      const owner = nodeOwner(mirror);
      if (!owner) {
        return fail(
          say(
            `镜像 Pod ${name} 没有指向 Node 的 ownerReference`,
            `Mirror pod ${name} has no Node ownerReference`,
          ),
        );
      }
      const hash = mirror.metadata?.annotations?.[CONFIG_MIRROR] ?? '';
      return pass(
        say(`镜像 Pod ${name}`, `mirror pod ${name}`),
        say(`${CONFIG_MIRROR}: ${hash}`, `${CONFIG_MIRROR}: ${hash}`),
        say(`Controlled By: Node/${owner}`, `Controlled By: Node/${owner}`),
      );
    },

    'replace-mirror/mirror-replaced': (ctx) => mirrorRecreated(ctx, STATIC),

    async 'remove-manifest/file-gone'(ctx) {
      const script = `for f in /manifests/*; do [ -f "$f" ] && grep -q "name: ${STATIC}" "$f" && echo "$f"; done; true`;
      const out = await ctx.exec(WRITER, 'shell', ['sh', '-c', script]);
      if (!out.ran) {
        return fail(
          say(
            `无法在 ${WRITER} 里执行命令(${out.reason}):检查要通过它查看节点的 ${MANIFESTS}`,
            `Cannot run a command in ${WRITER} (${out.reason}): the check looks at the node's ${MANIFESTS} through it`,
          ),
        );
      }
      const files = out.stdout
        .split('\n')
        .map((line) => line.trim())
        .filter(Boolean)
        .map((f) => f.replace(/^\/manifests/, MANIFESTS));
      const node = (await ctx.pod(WRITER))?.spec?.nodeName ?? '?';
      if (files.length) {
        return fail(
          say(
            `${files.join(', ')} 还在节点 ${node} 上:只要文件在，kubelet 就一直运行这个 Pod`,
            `${files.join(', ')} is still on node ${node}: as long as the file is there, the kubelet keeps the Pod running`,
          ),
        );
      }
      return pass(
        say(
          `节点 ${node} 的 ${MANIFESTS} 里没有 ${STATIC} 的清单`,
          `no ${STATIC} manifest in ${MANIFESTS} of node ${node}`,
        ),
      );
    },

    async 'remove-manifest/mirror-gone'(ctx) {
      const [mirror] = await mirrorPods(ctx, STATIC);
      if (mirror) {
        return fail(
          say(
            `镜像 Pod ${mirror.metadata?.name} 还在:删掉文件后，kubelet 停止容器，再删除镜像 Pod`,
            `Mirror pod ${mirror.metadata?.name} is still there: once the file is gone the kubelet stops the containers, then deletes the mirror`,
          ),
        );
      }
      return pass(
        say(
          `命名空间 ${ctx.namespace} 里没有 ${STATIC} 的镜像 Pod`,
          `no mirror pod of ${STATIC} in namespace ${ctx.namespace}`,
        ),
      );
    },
  },
  liveAnswers: {
    async 'mirror-owner'(ctx) {
      const [mirror] = await mirrorPods(ctx, STATIC);
      if (!mirror) {
        return unknown(
          say(`还没有 ${STATIC} 的镜像 Pod`, `there is no mirror pod of ${STATIC} yet`),
        );
      }
      const kind = mirror.metadata?.ownerReferences?.find((o) => o.controller)?.kind;
      if (kind === 'Node') return known('node');
      if (kind === 'ReplicaSet') return known('replicaset');
      if (kind === undefined) return known('nobody');
      return unknown(say(`控制者是 ${kind}`, `its controller is a ${kind}`));
    },
  },
});
