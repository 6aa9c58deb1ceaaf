import type { Language } from './language.js';

/** A conflict as `pod-course preset` explains it, under the plugin's own log line. */
export interface ConflictLine {
  preset: string;
  field: 'env' | 'volumeMounts' | 'volumes';
  key: string;
  byPath: boolean;
  wanted: string;
  found: string;
  container?: string | undefined;
}

const en = {
  usage: () => 'usage: pod-course preset PRESET.yaml POD.yaml [-o yaml|json]',
  badOutput: (value: string) => `-o takes yaml or json, got "${value}"`,
  cannotRead: (file: string, reason: string) => `cannot read ${file}: ${reason}`,
  badYaml: (file: string, detail: string) => `${file} is not valid YAML: ${detail}`,
  notPreset: (file: string, what: string) =>
    `${file} holds ${what}, not a PodPreset (apiVersion settings.k8s.io/v1alpha1, kind PodPreset)`,
  noPreset: (file: string) => `${file} holds no PodPreset`,
  looksSwapped: (file: string) =>
    `${file} holds a Pod: name the PodPreset file first, then the Pod file`,
  notPod: (file: string, what: string) =>
    `${file} holds ${what}, not a Pod (apiVersion v1, kind Pod)`,
  onePod: (file: string, count: number) => `${file} must hold exactly one Pod, it has ${count}`,
  noName: (file: string, kind: string) => `${file}: the ${kind} has no metadata.name`,
  noContainers: (file: string) => `${file}: the Pod has no spec.containers`,
  notString: (file: string, path: string, value: string) =>
    `${file}: ${path} must be a string, got ${value} (quote it in YAML)`,
  emptyPreset: (file: string, name: string) =>
    `${file}: PodPreset ${name} must specify at least one of volumes, env, envFrom, volumeMounts`,
  badSelector: (name: string, detail: string) =>
    `PodPreset ${name} has an invalid selector: ${detail}`,
  merged: (presets: string[], pod: string) =>
    `PodPreset ${presets.join(', ')} merged into Pod ${pod} (annotation podpreset.admission.kubernetes.io/podpreset-<name> added).`,
  noMatch: (presets: string[], pod: string, labels: string) =>
    `No PodPreset selects Pod ${pod} (its labels: ${labels || 'none'}; presets: ${presets.join(', ')}): the Pod is printed unchanged.`,
  excluded: (pod: string) =>
    `Pod ${pod} has the annotation podpreset.admission.kubernetes.io/exclude: "true": no PodPreset applies, the Pod is printed unchanged.`,
  mirror: (pod: string) =>
    `Pod ${pod} is a mirror Pod (annotation kubernetes.io/config.mirror): PodPresets never apply to it; printed unchanged.`,
  pluginSaid: () => 'The PodPreset admission plugin logged (on the API server, not to the user):',
  conflictLine: (c: ConflictLine) => {
    const where = c.container ? `container ${c.container}` : 'the Pod';
    if (c.field === 'env')
      return `- preset ${c.preset} sets env ${c.key}=${c.wanted}, but ${where} already has ${c.key}=${c.found}`;
    if (c.field === 'volumes')
      return `- preset ${c.preset} declares volume ${c.key} as ${c.wanted}, but the Pod already declares it as ${c.found}`;
    if (c.byPath)
      return `- preset ${c.preset} mounts ${c.wanted} at ${c.key}, but ${where} already mounts ${c.found} there`;
    return `- preset ${c.preset} mounts volume ${c.key} as ${c.wanted}, but ${where} mounts it as ${c.found}`;
  },
  conflictOutcome: (pod: string) =>
    `On a conflict the plugin changed nothing at all, and the API server still created the Pod. So the Pod ${pod} you wrote is printed unchanged, with none of the presets.`,
};

const zh: typeof en = {
  usage: () => '用法: pod-course preset PRESET.yaml POD.yaml [-o yaml|json]',
  badOutput: (value) => `-o 只接受 yaml 或 json，收到 "${value}"`,
  cannotRead: (file, reason) => `无法读取 ${file}:${reason}`,
  badYaml: (file, detail) => `${file} 不是合法的 YAML:${detail}`,
  notPreset: (file, what) =>
    `${file} 里是 ${what}，不是 PodPreset(apiVersion settings.k8s.io/v1alpha1，kind PodPreset)`,
  noPreset: (file) => `${file} 里没有 PodPreset`,
  looksSwapped: (file) => `${file} 里是一个 Pod:先写 PodPreset 文件，再写 Pod 文件`,
  notPod: (file, what) => `${file} 里是 ${what}，不是 Pod(apiVersion v1，kind Pod)`,
  onePod: (file, count) => `${file} 里必须恰好有一个 Pod，现在有 ${count} 个`,
  noName: (file, kind) => `${file}:这个 ${kind} 没有 metadata.name`,
  noContainers: (file) => `${file}:这个 Pod 没有 spec.containers`,
  notString: (file, path, value) =>
    `${file}:${path} 必须是字符串，现在是 ${value}(在 YAML 里加上引号)`,
  emptyPreset: (file, name) =>
    `${file}:PodPreset ${name} 至少要写 volumes、env、envFrom、volumeMounts 中的一项`,
  badSelector: (name, detail) => `PodPreset ${name} 的 selector 不合法:${detail}`,
  merged: (presets, pod) =>
    `PodPreset ${presets.join(', ')} 已合并进 Pod ${pod}(并加上了注解 podpreset.admission.kubernetes.io/podpreset-<名字>)。`,
  noMatch: (presets, pod, labels) =>
    `没有 PodPreset 选中 Pod ${pod}(它的标签:${labels || '无'}；PodPreset:${presets.join(', ')}):原样输出这个 Pod。`,
  excluded: (pod) =>
    `Pod ${pod} 带有注解 podpreset.admission.kubernetes.io/exclude: "true":任何 PodPreset 都不作用于它，原样输出。`,
  mirror: (pod) =>
    `Pod ${pod} 是镜像 Pod(注解 kubernetes.io/config.mirror):PodPreset 从不作用于它，原样输出。`,
  pluginSaid: () => 'PodPreset 准入插件记下了这条日志(在 API server 的日志里，用户看不到):',
  conflictLine: (c) => {
    const where = c.container ? `容器 ${c.container}` : 'Pod';
    if (c.field === 'env')
      return `- PodPreset ${c.preset} 设置环境变量 ${c.key}=${c.wanted}，但${where} 里已经是 ${c.key}=${c.found}`;
    if (c.field === 'volumes')
      return `- PodPreset ${c.preset} 把 Volume ${c.key} 声明为 ${c.wanted}，但 Pod 里已经把它声明为 ${c.found}`;
    if (c.byPath)
      return `- PodPreset ${c.preset} 要在 ${c.key} 挂载 ${c.wanted}，但${where} 已经在那里挂载了 ${c.found}`;
    return `- PodPreset ${c.preset} 挂载 Volume ${c.key} 的方式是 ${c.wanted}，但${where} 里是 ${c.found}`;
  },
  conflictOutcome: (pod) =>
    `发生冲突时插件什么都不改，API server 照样创建这个 Pod。所以这里原样输出你写的 Pod ${pod}，所有 PodPreset 都没有生效。`,
};

export type PresetMessages = typeof en;

export function presetMessages(language: Language): PresetMessages {
  return language === 'zh-CN' ? zh : en;
}
