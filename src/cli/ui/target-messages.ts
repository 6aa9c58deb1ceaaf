import type { Language } from './language.js';

const en = {
  noKubeconfig: (path: string) =>
    `No kubeconfig at ${path}. Pass --kubeconfig PATH, or leave out --context/--kubeconfig to use the built-in simulator.`,
  foreignNeedsYes: (context: string, namespace: string) =>
    `Context "${context}" is not the simulator's nor kind's. pod-course would work in namespace ${namespace} there, touching only what it labels. Add --yes to confirm (needed without a terminal).`,
  foreignQuestion: (context: string, namespace: string) =>
    `Use context "${context}"? pod-course works only in namespace ${namespace} and touches only what it labels.`,
  foreignDeclined: () =>
    'Not using that context. Leave out --context to use the built-in simulator.',
};

const zh: typeof en = {
  noKubeconfig: (path) =>
    `${path} 处没有 kubeconfig。请用 --kubeconfig PATH 指定，或去掉 --context/--kubeconfig 以使用内置模拟器。`,
  foreignNeedsYes: (context, namespace) =>
    `上下文 "${context}" 既不是模拟器也不是 kind。pod-course 会在其中的命名空间 ${namespace} 里工作，只动它打了标签的对象。请加 --yes 确认(没有终端时必须如此)。`,
  foreignQuestion: (context, namespace) =>
    `使用上下文 "${context}" 吗?pod-course 只在命名空间 ${namespace} 中工作，只动它打了标签的对象。`,
  foreignDeclined: () => '不使用该上下文。去掉 --context 即可使用内置模拟器。',
};

export type TargetMessages = typeof en;

export function targetMessages(language: Language): TargetMessages {
  return language === 'zh-CN' ? zh : en;
}
