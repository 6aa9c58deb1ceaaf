import type { V1Pod } from '@kubernetes/client-node';
import { defineChecks } from './lib/define-checks.js';
import { containerSpec, findPod } from './lib/pods.js';
import { fail, pass, say } from './lib/result.js';
import { volumeMounts, volumeSource } from './lib/volumes.js';

const POD = 'website';
const DEBUG_POD = 'website-debug';
const CONTAINER = 'website';
const PRESET_ANNOTATION = 'podpreset.admission.kubernetes.io/podpreset-allow-database';
const EXCLUDE_ANNOTATION = 'podpreset.admission.kubernetes.io/exclude';

/** Lesson 12: the merged Pod website, and website-debug kept out of the PodPreset. */
export default defineChecks({
  conditions: {
    async 'merged-pod/pod-exists'(ctx) {
      const { pod, missing } = await findPod(ctx, POD);
      if (!pod) return missing;
      const labels = Object.entries(pod.metadata?.labels ?? {})
        .map(([k, v]) => `${k}=${v}`)
        .join(', ');
      return pass(
        say(`Pod ${POD} 存在，标签 ${labels}`, `Pod ${POD} exists with labels ${labels}`),
      );
    },

    async 'merged-pod/env-merged'(ctx) {
      const { pod, missing } = await findPod(ctx, POD);
      if (!pod) return missing;
      const env = containerSpec(pod, CONTAINER)?.env?.find((e) => e.name === 'DB_PORT');
      if (!env) {
        return fail(
          say(
            `容器 ${CONTAINER} 没有环境变量 DB_PORT:这个 Pod 没有经过合并。用 pod-course preset preset.yaml website.yaml 的输出创建它`,
            `container ${CONTAINER} has no variable DB_PORT: this Pod was not merged. Create it from what pod-course preset preset.yaml website.yaml prints`,
          ),
        );
      }
      if (env.value !== '6379') {
        return fail(
          say(
            `容器 ${CONTAINER} 的 DB_PORT 是 "${env.value ?? ''}"，PodPreset 给的是 "6379"`,
            `container ${CONTAINER} has DB_PORT="${env.value ?? ''}"; the PodPreset gives "6379"`,
          ),
        );
      }
      return pass(say(`容器 ${CONTAINER}:DB_PORT=6379`, `container ${CONTAINER}: DB_PORT=6379`));
    },

    async 'merged-pod/cache-mounted'(ctx) {
      const { pod, missing } = await findPod(ctx, POD);
      if (!pod) return missing;
      const volume = pod.spec?.volumes?.find((v) => v.name === 'cache-volume');
      if (!volume) {
        return fail(
          say(
            `Pod ${POD} 没有名为 cache-volume 的 Volume`,
            `Pod ${POD} has no volume named cache-volume`,
          ),
        );
      }
      if (volumeSource(volume) !== 'emptyDir') {
        return fail(
          say(
            `Volume cache-volume 是 ${volumeSource(volume)}，PodPreset 声明的是 emptyDir`,
            `volume cache-volume is a ${volumeSource(volume)}; the PodPreset declares an emptyDir`,
          ),
        );
      }
      const mount = volumeMounts(pod, CONTAINER).find((m) => m.mount.name === 'cache-volume');
      if (mount?.mount.mountPath !== '/cache') {
        return fail(
          say(
            `容器 ${CONTAINER} 没有把 cache-volume 挂载在 /cache`,
            `container ${CONTAINER} does not mount cache-volume at /cache`,
          ),
        );
      }
      return pass(
        say(
          'emptyDir Volume cache-volume 挂载在 /cache',
          'the emptyDir volume cache-volume is mounted at /cache',
        ),
      );
    },

    async 'merged-pod/annotated'(ctx) {
      const { pod, missing } = await findPod(ctx, POD);
      if (!pod) return missing;
      const value = pod.metadata?.annotations?.[PRESET_ANNOTATION];
      if (value === undefined) {
        return fail(
          say(
            `Pod ${POD} 没有注解 ${PRESET_ANNOTATION}:是插件合并时加上它，说明这个 Pod 被哪个 PodPreset 改过。手工合并不会有它，用 pod-course preset 的输出`,
            `Pod ${POD} has no annotation ${PRESET_ANNOTATION}: the plugin added it on a merge, to say which PodPreset changed the Pod. A merge by hand lacks it; use what pod-course preset prints`,
          ),
        );
      }
      return pass(
        say(`注解 ${PRESET_ANNOTATION}: "${value}"`, `annotation ${PRESET_ANNOTATION}: "${value}"`),
      );
    },

    async 'opt-out/still-frontend'(ctx) {
      const { pod, missing } = await findPod(ctx, DEBUG_POD);
      if (!pod) return missing;
      const role = pod.metadata?.labels?.role;
      if (role !== 'frontend') {
        return fail(
          say(
            `Pod ${DEBUG_POD} 的标签 role 是 ${role ?? '(没有)'}，不是 frontend:这一步要保留标签，用注解让它退出`,
            `Pod ${DEBUG_POD} has the label role=${role ?? '(none)'}, not frontend: keep the label in this step and opt out with the annotation`,
          ),
        );
      }
      return pass(
        say(
          `Pod ${DEBUG_POD} 带着标签 role=frontend`,
          `Pod ${DEBUG_POD} has the label role=frontend`,
        ),
      );
    },

    async 'opt-out/opted-out'(ctx) {
      const { pod, missing } = await findPod(ctx, DEBUG_POD);
      if (!pod) return missing;
      const value = pod.metadata?.annotations?.[EXCLUDE_ANNOTATION];
      if (value === 'true')
        return pass(
          say(`注解 ${EXCLUDE_ANNOTATION}: "true"`, `annotation ${EXCLUDE_ANNOTATION}: "true"`),
        );
      return fail(
        value === undefined
          ? say(
              `Pod ${DEBUG_POD} 没有注解 ${EXCLUDE_ANNOTATION}`,
              `Pod ${DEBUG_POD} has no annotation ${EXCLUDE_ANNOTATION}`,
            )
          : say(
              `注解 ${EXCLUDE_ANNOTATION} 的值是 "${value}"，插件只认 "true"`,
              `the annotation ${EXCLUDE_ANNOTATION} is "${value}"; the plugin only skipped "true"`,
            ),
      );
    },

    async 'opt-out/nothing-merged'(ctx) {
      const { pod, missing } = await findPod(ctx, DEBUG_POD);
      if (!pod) return missing;
      const merged = presetTraces(pod);
      if (merged.length > 0) {
        return fail(
          say(
            `PodPreset allow-database 已经合并进了 Pod ${DEBUG_POD}(${merged.join('、')})。Pod 创建后不能再去掉这些:删除它，加上注解，再经过 pod-course preset 创建`,
            `the PodPreset allow-database was merged into Pod ${DEBUG_POD} (${merged.join(', ')}). A Pod cannot lose them once created: delete it, add the annotation, and create it through pod-course preset again`,
          ),
        );
      }
      return pass(
        say(
          `Pod ${DEBUG_POD} 没有 DB_PORT、cache-volume，也没有 PodPreset 的注解`,
          `Pod ${DEBUG_POD} has no DB_PORT, no cache-volume and no PodPreset annotation`,
        ),
      );
    },
  },
});

/** What the PodPreset would have left on a Pod: its variable, its volume, its annotation. */
function presetTraces(pod: V1Pod): string[] {
  const traces = [];
  const containers = [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? [])];
  if (containers.some((c) => c.env?.some((e) => e.name === 'DB_PORT'))) traces.push('DB_PORT');
  if (pod.spec?.volumes?.some((v) => v.name === 'cache-volume')) traces.push('cache-volume');
  if (pod.metadata?.annotations?.[PRESET_ANNOTATION] !== undefined) traces.push(PRESET_ANNOTATION);
  return traces;
}
