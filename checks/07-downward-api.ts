import type { V1DownwardAPIVolumeFile, V1Pod } from '@kubernetes/client-node';
import type { LocalizedText } from '../src/course/localized-text.js';
import type { CheckContext } from './lib/check-context.js';
import { envIn, readFileIn, shown } from './lib/container-files.js';
import { defineChecks, known, unknown } from './lib/define-checks.js';
import { formatDownwardMap } from './lib/downward-format.js';
import { containerSpec, findPod } from './lib/pods.js';
import {
  downwardField,
  downwardResource,
  type FileSource,
  fileLocations,
} from './lib/projected-paths.js';
import { milliUnits } from './lib/quantity.js';
import { type ConditionResult, fail, pass, say } from './lib/result.js';
import { runningOrWhy } from './lib/running-or-why.js';

const POD = 'my-downward-api-pod';
const CONTAINER = 'my-downward-api-container';
const ENV_POD = 'downward-env';
const ENV_CONTAINER = 'app';

/** Lesson 07: the Downward API as files and as environment variables. */
export default defineChecks({
  conditions: {
    'labels-as-files/pod-running': (ctx) => runningOrWhy(ctx, POD, CONTAINER),
    'labels-as-files/labels-file': (ctx) => mapFile(ctx, 'labels'),
    'labels-as-files/annotations-file': (ctx) => mapFile(ctx, 'annotations'),

    async 'label-change/label-changed'(ctx) {
      const { pod, missing } = await findPod(ctx, POD);
      if (!pod) return missing;
      const rack = pod.metadata?.labels?.rack;
      if (rack === 'rack-2') return pass(say('标签 rack=rack-2', 'label rack=rack-2'));
      const annotated = pod.metadata?.annotations?.rack === 'rack-2';
      return fail(
        annotated
          ? say(
              `Pod ${POD} 的标签 rack 仍是 ${rack}，rack-2 写进了注解:标签和注解是两张不同的表，改标签用 kubectl label`,
              `Pod ${POD} still has the label rack=${rack}; rack-2 went into an annotation: labels and annotations are separate maps, and kubectl label changes labels`,
            )
          : say(
              `Pod ${POD} 的标签 rack 是 ${rack ?? '(没有)'}，要改成 rack-2`,
              `Pod ${POD} has the label rack=${rack ?? '(none)'}; change it to rack-2`,
            ),
      );
    },

    async 'label-change/file-follows'(ctx) {
      const result = await mapFile(ctx, 'labels');
      if (!result.passed) return result;
      const pod = await ctx.pod(POD);
      if (pod?.metadata?.labels?.rack !== 'rack-2') {
        return fail(
          say(
            '/etc/podinfo/labels 与标签一致，但标签 rack 还不是 rack-2',
            '/etc/podinfo/labels matches the labels, but the label rack is not rack-2 yet',
          ),
        );
      }
      return result;
    },

    'env-from-fields/pod-running': (ctx) => runningOrWhy(ctx, ENV_POD, ENV_CONTAINER),

    async 'env-from-fields/name-and-namespace'(ctx) {
      const { pod, missing } = await findPod(ctx, ENV_POD);
      if (!pod) return missing;
      const fixed = containerSpec(pod, ENV_CONTAINER)?.env?.find(
        (e) => e.name === 'MY_POD_NAMESPACE' && !e.valueFrom,
      );
      if (fixed) {
        return fail(
          say(
            `MY_POD_NAMESPACE 是写死的值 ${shown(fixed.value ?? '')}:换个命名空间它就错了。用 fieldRef 读 metadata.namespace`,
            `MY_POD_NAMESPACE is a fixed value, ${shown(fixed.value ?? '')}: in another namespace it would be wrong. Read metadata.namespace with fieldRef`,
          ),
        );
      }
      const name = await envMatches(ctx, 'MY_POD_NAME', pod.metadata?.name, 'metadata.name');
      if (!name.passed) return name;
      const ns = await envMatches(
        ctx,
        'MY_POD_NAMESPACE',
        pod.metadata?.namespace,
        'metadata.namespace',
      );
      return ns.passed ? pass(...name.facts, ...ns.facts) : ns;
    },

    async 'env-from-fields/pod-ip'(ctx) {
      const { pod, missing } = await findPod(ctx, ENV_POD);
      if (!pod) return missing;
      const hostIP = pod.status?.hostIP;
      return envMatches(ctx, 'MY_POD_IP', pod.status?.podIP, 'status.podIP', (value) =>
        value === hostIP
          ? say(`这是节点的 IP(status.hostIP)`, `which is the node's IP (status.hostIP)`)
          : undefined,
      );
    },

    async 'env-from-fields/node-name'(ctx) {
      const { pod, missing } = await findPod(ctx, ENV_POD);
      if (!pod) return missing;
      return envMatches(ctx, 'MY_NODE_NAME', pod.spec?.nodeName, 'spec.nodeName');
    },

    async 'limits-with-divisor/limits-set'(ctx) {
      const { pod, missing } = await findPod(ctx, POD);
      if (!pod) return missing;
      const limits = containerSpec(pod, CONTAINER)?.resources?.limits ?? {};
      const cpu = limits.cpu;
      const memory = limits.memory;
      if (milliUnits(cpu) === 250 && milliUnits(memory) === 64 * 2 ** 20 * 1000) {
        return pass(say(`上限:cpu ${cpu}，内存 ${memory}`, `limits: cpu ${cpu}, memory ${memory}`));
      }
      return fail(
        say(
          `容器 ${CONTAINER} 的上限是 cpu ${cpu ?? '(未设置)'}、内存 ${memory ?? '(未设置)'}，应为 cpu 250m、内存 64Mi。资源不能在运行中修改:删除 Pod 后重新 apply`,
          `container ${CONTAINER} has the limits cpu ${cpu ?? '(unset)'} and memory ${memory ?? '(unset)'}; they should be cpu 250m and memory 64Mi. Resources cannot change on a running Pod: delete it and apply again`,
        ),
      );
    },

    'limits-with-divisor/cpu-file': (ctx) => limitFile(ctx, 'cpu', '250'),
    'limits-with-divisor/memory-file': (ctx) => limitFile(ctx, 'memory', '64'),
  },

  liveAnswers: {
    /** CPU_CORES as the container really got it, when the limit is the quiz's 250m. */
    async 'cpu-cores-value'(ctx) {
      const pod = await ctx.pod(POD);
      const container = pod && containerSpec(pod, CONTAINER);
      if (!container || milliUnits(container.resources?.limits?.cpu) !== 250) {
        return unknown(
          say(
            `先完成上一步:Pod ${POD} 的 cpu 上限要是 250m`,
            `Do the previous step first: Pod ${POD} needs a cpu limit of 250m`,
          ),
        );
      }
      const env = await envIn(ctx, POD, CONTAINER, 'CPU_CORES');
      if (!env.ok) return unknown(env.why);
      const option = { '0': 'zero', '0.25': 'quarter', '1': 'one', '250': 'millis' }[
        env.value ?? ''
      ];
      if (option) return known(option);
      return unknown(
        say(
          `容器里的 CPU_CORES 是 ${shown(env.value ?? '(未设置)')}:用 my-downward-api-pod.yaml 里的 env 重建 Pod`,
          `CPU_CORES in the container is ${shown(env.value ?? '(unset)')}: create the Pod again with the env of my-downward-api-pod.yaml`,
        ),
      );
    },
  },
});

/** The file the notes' loop reads, for `labels` or `annotations`, checked against the Pod. */
async function mapFile(ctx: CheckContext, field: 'labels' | 'annotations') {
  const path = `/etc/podinfo/${field}`;
  const fieldPath = `metadata.${field}`;
  const seen = await downwardFile(
    ctx,
    path,
    downwardField(fieldPath),
    say(`fieldPath 为 ${fieldPath}`, `fieldPath ${fieldPath}`),
  );
  if (!seen.ok) return seen.result;
  const expected = formatDownwardMap(seen.pod.metadata?.[field]);
  if (seen.value !== expected) {
    return fail(
      say(
        `${path} 还不是 Pod 现在的${field === 'labels' ? '标签' : '注解'}(kubelet 同步 Pod 时会重写它，稍等):文件是 ${shown(seen.value)}，应为 ${shown(expected)}`,
        `${path} does not match the Pod's ${field} yet (the kubelet rewrites it when it syncs the Pod; wait a moment): the file holds ${shown(seen.value)}, expected ${shown(expected)}`,
      ),
    );
  }
  const lines = seen.value.split('\n').filter((l) => !l.startsWith('kubectl.kubernetes.io/'));
  return pass(say(`${path}:${lines.join(' / ')}`, `${path}: ${lines.join(' / ')}`));
}

/** cpu_limit or memory_limit, which must show `wanted`; a fail says where the number came from. */
async function limitFile(ctx: CheckContext, resource: 'cpu' | 'memory', wanted: string) {
  const path = `/etc/podinfo/${resource}_limit`;
  const seen = await downwardFile(
    ctx,
    path,
    downwardResource(`limits.${resource}`),
    say(`resource 为 limits.${resource}`, `resource limits.${resource}`),
  );
  if (!seen.ok) return seen.result;
  const value = seen.value.trim();
  if (value === wanted) return pass(say(`${path}:${value}`, `${path}: ${value}`));
  const limit = containerSpec(seen.pod, CONTAINER)?.resources?.limits?.[resource];
  const item = seen.item;
  const divisor = item?.resourceFieldRef?.divisor;
  const why =
    limit === undefined
      ? say(
          `容器没有设置 ${resource} 上限，kubelet 写的是节点可分配的 ${resource}(除以 divisor ${divisor ?? '1'})`,
          `the container sets no ${resource} limit, so the kubelet writes the node's allocatable ${resource} (divided by the divisor ${divisor ?? '1'})`,
        )
      : divisor === undefined && resource === 'memory'
        ? say(
            `上限 ${limit} 按 divisor 1 计算:没有 divisor 时单位是字节。加上 divisor: 1Mi`,
            `the limit ${limit} is counted with divisor 1: without a divisor the unit is bytes. Add divisor: 1Mi`,
          )
        : say(
            `上限 ${limit} 除以 divisor ${divisor ?? '1'} 再向上取整得到它`,
            `it is the limit ${limit} divided by the divisor ${divisor ?? '1'}, rounded up`,
          );
  return fail(
    say(
      `${path} 显示 ${value}，应为 ${wanted}:${why.zh}`,
      `${path} shows ${value}, not ${wanted}: ${why.en}`,
    ),
  );
}

type DownwardSeen =
  | { ok: true; pod: V1Pod; value: string; item: V1DownwardAPIVolumeFile | undefined }
  | { ok: false; result: ConditionResult };

/**
 * What the container of my-downward-api-pod reads at `path`, which must be the file of a
 * downwardAPI item matching `wanted`. A fail says where that item really lands, if anywhere.
 */
async function downwardFile(
  ctx: CheckContext,
  path: string,
  wanted: (source: FileSource) => boolean,
  what: LocalizedText,
): Promise<DownwardSeen> {
  const no = (result: ConditionResult): DownwardSeen => ({ ok: false, result });
  const { pod, missing } = await findPod(ctx, POD);
  if (!pod) return no(missing);
  const running = await runningOrWhy(ctx, POD, CONTAINER);
  if (!running.passed) return no(running);
  const { found } = fileLocations(pod, CONTAINER, wanted);
  const here = found.find((f) => f.full === path);
  if (!here) {
    const elsewhere = found[0];
    return no(
      fail(
        elsewhere
          ? say(
              `${path} 不存在:${what.zh} 的文件在 ${elsewhere.full}(Volume ${elsewhere.volume} 挂载在 ${elsewhere.mountPath})，而笔记的循环读的是 /etc/podinfo`,
              `${path} does not exist: the file of ${what.en} is ${elsewhere.full} (volume ${elsewhere.volume} is mounted at ${elsewhere.mountPath}), but the notes' loop reads /etc/podinfo`,
            )
          : say(
              `容器 ${CONTAINER} 里没有 ${what.zh} 的 downwardAPI 条目挂载出来(要的是 ${path})`,
              `no downwardAPI item with ${what.en} is mounted in container ${CONTAINER} (wanted: ${path})`,
            ),
      ),
    );
  }
  const file = await readFileIn(ctx, POD, CONTAINER, path);
  if (!file.ok) return no(fail(file.why));
  const item = (() => {
    for (const volume of pod.spec?.volumes ?? []) {
      if (volume.name !== here.volume) continue;
      const items = [
        ...(volume.downwardAPI?.items ?? []),
        ...(volume.projected?.sources ?? []).flatMap((s) => s.downwardAPI?.items ?? []),
      ];
      return items.find((i) => i.path === here.path);
    }
    return undefined;
  })();
  return { ok: true, pod, value: file.value, item };
}

/** Passes when env `name` of the downward-env container equals `expected` (a field of the Pod). */
async function envMatches(
  ctx: CheckContext,
  name: string,
  expected: string | undefined,
  field: string,
  explain: (value: string) => LocalizedText | undefined = () => undefined,
): Promise<ConditionResult> {
  const running = await runningOrWhy(ctx, ENV_POD, ENV_CONTAINER);
  if (!running.passed) return running;
  const env = await envIn(ctx, ENV_POD, ENV_CONTAINER, name);
  if (!env.ok) return fail(env.why);
  if (env.value === undefined) {
    return fail(
      say(
        `容器 ${ENV_CONTAINER} 没有环境变量 ${name}:用 fieldRef 读 ${field}`,
        `container ${ENV_CONTAINER} has no environment variable ${name}: read ${field} with fieldRef`,
      ),
    );
  }
  if (env.value === expected) return pass(say(`${name}=${env.value}`, `${name}=${env.value}`));
  const why = explain(env.value);
  return fail(
    say(
      `${name} 是 ${shown(env.value)}${why ? `，${why.zh}` : ''};Pod 的 ${field} 是 ${shown(expected ?? '')}`,
      `${name} is ${shown(env.value)}${why ? `, ${why.en}` : ''}; the Pod's ${field} is ${shown(expected ?? '')}`,
    ),
  );
}
