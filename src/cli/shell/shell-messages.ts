import type { Language } from '../ui/language.js';

/** What `pod-course shell` (and the runner's `t` key) says, in both languages. */
const en = {
  banner: (kubeconfig: string, namespace: string) =>
    `pod-course shell · KUBECONFIG=${kubeconfig} · namespace ${namespace} · k = kubectl · exit or Ctrl-D to return`,
  kubectlMissing: (hint: string) =>
    `kubectl is not on your PATH. The course's commands use it to talk to the cluster.\n${hint}\nYou can install it from the shell that opens now; type "exit" when done.`,
  shellFailed: (file: string, reason: string) =>
    `could not start the shell ${file}: ${reason}. Set SHELL to a shell that exists (bash, zsh, fish or sh).`,
  workspaceMissing: (cwd: string) => `the workspace ${cwd} does not exist`,
  kubeconfigUnusable: (reason: string) => `cannot use the kubeconfig: ${reason}`,
};

type Catalogue = typeof en;

const zh: Catalogue = {
  banner: (kubeconfig, namespace) =>
    `pod-course 终端 · KUBECONFIG=${kubeconfig} · 命名空间 ${namespace} · k = kubectl · 输入 exit 或按 Ctrl-D 返回`,
  kubectlMissing: (hint) =>
    `PATH 中找不到 kubectl。课程中的命令要用它和集群通信。\n${hint}\n可以在接下来打开的终端里安装，装好后输入 "exit" 返回。`,
  shellFailed: (file, reason) =>
    `无法启动终端 ${file}: ${reason}。请把 SHELL 设为一个存在的 shell (bash、zsh、fish 或 sh)。`,
  workspaceMissing: (cwd) => `工作目录 ${cwd} 不存在`,
  kubeconfigUnusable: (reason) => `无法使用 kubeconfig: ${reason}`,
};

export type ShellMessages = Catalogue;

export function shellMessages(language: Language): ShellMessages {
  return language === 'zh-CN' ? zh : en;
}
