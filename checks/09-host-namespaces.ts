import type { V1Pod } from '@kubernetes/client-node';
import type { CheckContext } from './lib/check-context.js';
import { defineChecks, known, unknown } from './lib/define-checks.js';
import { segmentsIn } from './lib/ipc-segments.js';
import { containerRunning, findPod } from './lib/pods.js';
import { type ProcessRow, processesIn } from './lib/process-list.js';
import { type ConditionResult, fail, pass, say } from './lib/result.js';

const POD = 'gysl-share-namespace';
const SHELL = 'busybox-gysl';
const MAKER = 'ipc-maker';
const NEIGHBOUR = 'neighbour';

const SHIM = 'containerd-shim';
const isShim = (row: ProcessRow) => row.command.split(' ')[0]?.includes(SHIM) === true;
const isPause = (row: ProcessRow) => row.command === '/pause';

/** The Pod, or why it is missing: the notes' manifest is refused as it stands. */
async function notesPod(
  ctx: CheckContext,
): Promise<{ pod: V1Pod; missing?: undefined } | { pod?: undefined; missing: ConditionResult }> {
  const { pod, missing } = await findPod(ctx, POD);
  if (pod) return { pod };
  if (missing.passed) return { missing };
  return {
    missing: fail(
      say(
        `${missing.message.zh}。API server 不接受 hostPID 与 shareProcessNamespace 同时开启`,
        `${missing.message.en}. The API server refuses hostPID together with shareProcessNamespace`,
      ),
    ),
  };
}

/** Where the neighbour runs, said only when the hostPID Pod is not beside it. */
async function neighbourElsewhere(ctx: CheckContext, node: string | undefined) {
  const neighbour = await ctx.pod(NEIGHBOUR);
  const where = neighbour?.spec?.nodeName;
  if (!where || where === node) return say('', '');
  return say(
    `(Pod ${NEIGHBOUR} 在节点 ${where} 上，保留初始文件里的 podAffinity)`,
    ` (Pod ${NEIGHBOUR} runs on node ${where}: keep the starter file's podAffinity)`,
  );
}

/**
 * `container` of `pod` running, or why not. A Pod the scheduler cannot place is most likely
 * waiting for its podAffinity partner: the neighbour the lesson's setup starts.
 */
async function runningBesideNeighbour(
  ctx: CheckContext,
  pod: string,
  container: string,
): Promise<ConditionResult> {
  const running = await containerRunning(ctx, pod, container);
  if (running.passed) return running;
  const found = await ctx.pod(pod);
  if (!found || found.spec?.nodeName || (await ctx.pod(NEIGHBOUR))) return running;
  return fail(
    say(
      `Pod ${pod} 还没有被调度:它的 podAffinity 要找 Pod ${NEIGHBOUR}，而 ${NEIGHBOUR} 不存在。在 pod-course start 里打开第 09 课，课程会先创建它`,
      `Pod ${pod} is not scheduled yet: its podAffinity looks for Pod ${NEIGHBOUR}, which does not exist. Open lesson 09 in pod-course start, which creates it first`,
    ),
  );
}

/** Lesson 09: conditions of `see-the-node` and `share-ipc`, and the live answer of `count-the-pauses`. */
export default defineChecks({
  conditions: {
    async 'see-the-node/admitted'(ctx) {
      const { pod, missing } = await notesPod(ctx);
      if (!pod) return missing;
      return pass(
        say(
          `Pod ${POD} 已创建，在节点 ${pod.spec?.nodeName ?? '?'} 上`,
          `Pod ${POD} was created, on node ${pod.spec?.nodeName ?? '?'}`,
        ),
      );
    },

    async 'see-the-node/host-pid-alone'(ctx) {
      const { pod, missing } = await notesPod(ctx);
      if (!pod) return missing;
      if (pod.spec?.hostPID !== true) {
        return fail(
          say(
            `Pod ${POD} 没有设置 spec.hostPID true:要去掉的是 shareProcessNamespace`,
            `Pod ${POD} does not set spec.hostPID to true: shareProcessNamespace is the one to remove`,
          ),
        );
      }
      return pass(
        say(
          'spec.hostPID: true，没有 shareProcessNamespace',
          'spec.hostPID: true, without shareProcessNamespace',
        ),
      );
    },

    /** The node's process tree: its init as PID 1, and a shim with a pause for every Pod. */
    async 'see-the-node/sees-node-processes'(ctx) {
      const running = await runningBesideNeighbour(ctx, POD, SHELL);
      if (!running.passed) return running;
      const seen = await processesIn(ctx, POD, SHELL);
      if (!seen.ok) return fail(seen.why);
      const pidOne = seen.value.find((row) => row.pid === 1)?.command ?? '?';
      const shims = seen.value.filter(isShim).length;
      const pauses = seen.value.filter(isPause).length;
      if (shims === 0) {
        return fail(
          say(
            `${SHELL} 里的 ps 只看到自己 Pod 的 PID 命名空间:1 号进程是 ${pidOne}，没有 ${SHIM}`,
            `ps in ${SHELL} sees only its own Pod's PID namespace: PID 1 is ${pidOne}, and there is no ${SHIM}`,
          ),
        );
      }
      if (pauses < 2) {
        const pod = await ctx.pod(POD);
        const elsewhere = await neighbourElsewhere(ctx, pod?.spec?.nodeName);
        return fail(
          say(
            `${SHELL} 里的 ps 只列出了 ${pauses} 个 /pause:这个节点上没有别的 Pod${elsewhere.zh}`,
            `ps in ${SHELL} lists ${pauses} /pause only: no other Pod runs on this node${elsewhere.en}`,
          ),
        );
      }
      return pass(
        say(
          `${SHELL} 里的 ps:1 号进程 ${pidOne}，${shims} 个 ${SHIM}，${pauses} 个 /pause`,
          `ps in ${SHELL}: PID 1 is ${pidOne}, ${shims} ${SHIM} process(es), ${pauses} /pause processes`,
        ),
      );
    },

    /** The node's network: its IP in the status, its name as hostname, its address in ip addr. */
    async 'see-the-node/on-node-network'(ctx) {
      const { pod, missing } = await notesPod(ctx);
      if (!pod) return missing;
      const podIP = pod.status?.podIP;
      const hostIP = pod.status?.hostIP;
      if (!podIP || !hostIP) {
        const running = await runningBesideNeighbour(ctx, POD, SHELL);
        if (!running.passed) return running;
        return fail(say(`Pod ${POD} 还没有 IP`, `Pod ${POD} has no IP yet`));
      }
      if (podIP !== hostIP) {
        return fail(
          say(
            `Pod IP ${podIP} 不是节点的 IP ${hostIP}:Pod 用的是自己的网络命名空间`,
            `Pod IP ${podIP} is not the node's IP ${hostIP}: the Pod has its own network namespace`,
          ),
        );
      }
      const running = await runningBesideNeighbour(ctx, POD, SHELL);
      if (!running.passed) return running;
      const name = await ctx.exec(POD, SHELL, ['hostname']);
      const hostname = name.ran ? name.stdout.trim() : '';
      const node = pod.spec?.nodeName ?? '';
      if (hostname !== node) {
        return fail(
          say(
            `${SHELL} 里的 hostname 是 "${hostname}"，不是节点名 ${node}`,
            `hostname in ${SHELL} is "${hostname}", not the node's name ${node}`,
          ),
        );
      }
      const addr = await ctx.exec(POD, SHELL, ['ip', 'addr']);
      if (!addr.ran || !addr.stdout.includes(`inet ${hostIP}/`)) {
        return fail(
          say(
            `${SHELL} 里的 ip addr 没有列出节点的地址 ${hostIP}`,
            `ip addr in ${SHELL} does not list the node's address ${hostIP}`,
          ),
        );
      }
      return pass(
        say(
          `Pod IP = 节点 IP = ${hostIP}；hostname ${hostname}；ip addr 列出 inet ${hostIP}`,
          `Pod IP = node IP = ${hostIP}; hostname ${hostname}; ip addr lists inet ${hostIP}`,
        ),
      );
    },

    async 'share-ipc/maker-uses-host-ipc'(ctx) {
      const { pod, missing } = await findPod(ctx, MAKER);
      if (!pod) return missing;
      if (pod.spec?.hostIPC !== true) {
        return fail(
          say(
            `Pod ${MAKER} 没有设置 spec.hostIPC true`,
            `Pod ${MAKER} does not set spec.hostIPC to true`,
          ),
        );
      }
      return pass(say(`Pod ${MAKER}: spec.hostIPC: true`, `Pod ${MAKER}: spec.hostIPC: true`));
    },

    async 'share-ipc/segment-made'(ctx) {
      const running = await runningBesideNeighbour(ctx, MAKER, 'debian');
      if (!running.passed) return running;
      const made = await segmentsIn(ctx, MAKER, 'debian');
      if (!made.ok) return fail(made.why);
      if (made.value.length === 0) {
        return fail(
          say(
            `${MAKER} 里的 ipcs -m 没有列出任何共享内存段:用 ipcmk -M 创建一个`,
            `ipcs -m in ${MAKER} lists no shared memory segment: make one with ipcmk -M`,
          ),
        );
      }
      const keys = made.value.map((s) => s.key).join(', ');
      return pass(say(`${MAKER} 里的共享内存段:${keys}`, `segments in ${MAKER}: ${keys}`));
    },

    /** The same key seen from the notes' Pod: both are in the node's IPC namespace. */
    async 'share-ipc/shell-sees-segment'(ctx) {
      for (const [pod, container] of [
        [MAKER, 'debian'],
        [POD, SHELL],
      ] as const) {
        const running = await runningBesideNeighbour(ctx, pod, container);
        if (!running.passed) return running;
      }
      const made = await segmentsIn(ctx, MAKER, 'debian');
      if (!made.ok) return fail(made.why);
      if (made.value.length === 0) {
        return fail(
          say(`${MAKER} 里还没有共享内存段`, `${MAKER} has no shared memory segment yet`),
        );
      }
      const seen = await segmentsIn(ctx, POD, SHELL);
      if (!seen.ok) return fail(seen.why);
      const keys = new Set(seen.value.map((s) => s.key));
      const shared = made.value.filter((s) => keys.has(s.key)).map((s) => s.key);
      if (shared.length === 0) {
        const theirs = made.value.map((s) => s.key).join(', ');
        return fail(
          say(
            `${SHELL} 里的 ipcs -m 没有列出 ${MAKER} 的共享内存段(${theirs}):它们不在同一个 IPC 命名空间里`,
            `ipcs -m in ${SHELL} lists none of ${MAKER}'s segments (${theirs}): they are not in one IPC namespace`,
          ),
        );
      }
      return pass(
        say(
          `${SHELL} 里的 ipcs -m 列出了 ${MAKER} 创建的 ${shared.join(', ')}`,
          `ipcs -m in ${SHELL} lists ${shared.join(', ')}, made in ${MAKER}`,
        ),
      );
    },
  },

  liveAnswers: {
    /** How many /pause processes ps shows from the hostPID Pod: one per Pod on its node. */
    async 'pause-count'(ctx) {
      const seen = await processesIn(ctx, POD, SHELL);
      const pauses = seen.ok ? seen.value.filter(isPause).length : 0;
      if (!seen.ok || !seen.value.some(isShim)) {
        return unknown(
          say(
            `先完成上一步:Pod ${POD} 用 hostPID 运行，${SHELL} 里的 ps 能看到节点的进程`,
            `First finish the previous step: Pod ${POD} runs with hostPID and ps in ${SHELL} shows the node's processes`,
          ),
        );
      }
      return known(String(pauses));
    },
  },
});
