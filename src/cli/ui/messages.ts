import type { Language } from './language.js';

/**
 * Every user-facing string of the CLI, in both languages. A message is a function so its
 * arguments are typed; keys group by command.
 */
const en = {
  usage: () => `pod-course — learn Kubernetes Pods hands-on, graded by the cluster itself

Usage: pod-course <command> [options]

Commands:
  sim serve [--port N] [--kubeconfig PATH] [--state DIR] [--speed X]
                      run the built-in cluster simulator in the foreground
  sim advance DURATION [--kubeconfig PATH]
                      move the simulator's clock forward (45s, 2m, 1h30m)

Global options:
  --lang zh|en        language of messages (default: from the locale)
  --json              machine-readable output on stdout (where supported)
  --debug             show stack traces of unexpected errors
  -h, --help          this help
  -v, --version       print the version`,
  unknownCommand: (name: string) =>
    `unknown command "${name}". Run "pod-course --help" to see the commands.`,
  notYetAvailable: (name: string) =>
    `"pod-course ${name}" is not available in this version yet. Available now: "pod-course sim serve", "pod-course sim advance".`,
  badOption: (detail: string) => `${detail}. Run "pod-course --help" for the options.`,
  badLang: (value: string) => `unknown language "${value}": use zh or en`,
  badPort: (value: string) => `--port must be a number from 0 to 65535, got "${value}"`,
  badSpeed: (value: string) => `--speed must be a positive number (e.g. 1, 10, 60), got "${value}"`,
  simServing: (url: string, kubeconfig: string, ms: number) =>
    `Simulator ready in ${ms} ms at ${url}\nkubeconfig: ${kubeconfig}\nTry: KUBECONFIG=${kubeconfig} kubectl get nodes\nStop with Ctrl-C.`,
  simStopping: () => 'Stopping the simulator…',
  simStopped: () => 'Simulator stopped. Everything it acknowledged is saved.',
  simPortInUse: (port: number) =>
    `port ${port} is already in use on 127.0.0.1: pick another with --port, or --port 0 for any free port`,
  simFailed: (reason: string) => `the simulator could not start: ${reason}`,
  unexpected: (reason: string) =>
    `unexpected error: ${reason} (run again with --debug for details)`,
  badDuration: (value: string) => `"${value}" is not a duration: use e.g. 45s, 2m, 1h30m`,
  simNotRunning: (kubeconfig: string) =>
    `no simulator kubeconfig at ${kubeconfig}: start one with "pod-course sim serve", or pass --kubeconfig`,
  simUnreachable: (where: string, reason: string) =>
    `cannot reach the simulator (${where}): ${reason}`,
  noClock: (server: string) =>
    `${server} cannot fast-forward time: only the pod-course simulator can`,
  advanced: (duration: string, now: string) =>
    `Advanced ${duration}; simulated time is now ${now}.`,
};

type Catalogue = typeof en;

const zh: Catalogue = {
  usage: () => `pod-course — 动手学习 Kubernetes Pod，由集群本身来评分

用法: pod-course <命令> [选项]

命令:
  sim serve [--port N] [--kubeconfig PATH] [--state DIR] [--speed X]
                      在前台运行内置的集群模拟器
  sim advance DURATION [--kubeconfig PATH]
                      让模拟器的时钟向前快进 (45s、2m、1h30m)

全局选项:
  --lang zh|en        消息语言 (默认: 按系统区域设置)
  --json              在标准输出打印机器可读的 JSON (支持的命令)
  --debug             意外错误时显示调用栈
  -h, --help          显示本帮助
  -v, --version       显示版本`,
  unknownCommand: (name) => `未知命令 "${name}"。运行 "pod-course --help" 查看可用命令。`,
  notYetAvailable: (name) =>
    `此版本还没有 "pod-course ${name}"。现在可用: "pod-course sim serve"。`,
  badOption: (detail) => `${detail}。运行 "pod-course --help" 查看选项。`,
  badLang: (value) => `未知语言 "${value}": 请用 zh 或 en`,
  badPort: (value) => `--port 必须是 0 到 65535 之间的数字，收到 "${value}"`,
  badSpeed: (value) => `--speed 必须是正数 (例如 1、10、60)，收到 "${value}"`,
  simServing: (url, kubeconfig, ms) =>
    `模拟器已就绪 (${ms} ms)，地址 ${url}\nkubeconfig: ${kubeconfig}\n试试: KUBECONFIG=${kubeconfig} kubectl get nodes\n按 Ctrl-C 停止。`,
  simStopping: () => '正在停止模拟器…',
  simStopped: () => '模拟器已停止。已确认的所有内容都已保存。',
  simPortInUse: (port) =>
    `127.0.0.1 上的端口 ${port} 已被占用: 用 --port 换一个，或用 --port 0 自动选择空闲端口`,
  simFailed: (reason) => `模拟器无法启动: ${reason}`,
  unexpected: (reason) => `意外错误: ${reason} (加 --debug 重新运行可查看详情)`,
  badDuration: (value) => `"${value}" 不是时长: 请用例如 45s、2m、1h30m`,
  simNotRunning: (kubeconfig) =>
    `${kubeconfig} 处没有模拟器的 kubeconfig: 先运行 "pod-course sim serve"，或用 --kubeconfig 指定`,
  simUnreachable: (where, reason) => `无法连接模拟器 (${where}): ${reason}`,
  noClock: (server) => `${server} 不能快进时间: 只有 pod-course 模拟器可以`,
  advanced: (duration, now) => `已快进 ${duration}；模拟时间现在是 ${now}。`,
};

export type Messages = Catalogue;

export function messages(language: Language): Messages {
  return language === 'zh-CN' ? zh : en;
}
