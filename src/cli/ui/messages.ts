import type { Language } from './language.js';

/**
 * Every user-facing string of the CLI, in both languages. A message is a function so its
 * arguments are typed; keys group by command.
 */
const en = {
  usage: () => `pod-course — learn Kubernetes Pods hands-on, graded by the cluster itself

Usage: pod-course <command> [options]

Commands:
  start               the guided course: pick a lesson, work with kubectl, graded live
  list                lessons, your progress, and whether this cluster can host them
  check [LESSON[/STEP]] [--wait DURATION]
                      grade against the cluster now (or until it passes)
  hint LESSON/STEP [--level N]
                      the next (or Nth) hint
  solve [LESSON[/STEP]]
                      apply the reference solution and wait until it passes
  reset [LESSON[/STEP] | --all]
                      delete what the lesson made, restore its files, clear progress
  selftest [LESSON]   prove every step on throwaway simulators (several lessons at
                      once: one per core, at most 4; POD_COURSE_SELFTEST_LANES=N)
  report [--format md|json|junit]
                      progress per lesson and step (for instructors)
  progress export FILE | progress import FILE
                      move progress between machines
  shell               your shell with KUBECONFIG set and k = kubectl
  preset PRESET.yaml POD.yaml [-o yaml|json]
                      merge a PodPreset into a Pod as the removed admission plugin did
  kind create [--mirror URL] [--preload] | kind delete
                      the kind cluster pod-course (needs Docker and kind)
  sim serve [--port N] [--kubeconfig PATH] [--state DIR] [--speed X]
                      run the built-in cluster simulator in the foreground
                      (--cluster-shape FILE: other nodes than kind's three, from
                      a JSON file such as {"workers": 5})
  sim start [--port N] [--state DIR] [--speed X] [--json]
                      start it in the background (or reuse the running one)
  sim stop [--state DIR] [--json]
                      stop the background simulator
  sim status [--state DIR] [--json]
                      is it running? (exit 0 yes, 1 no)
  sim advance DURATION [--kubeconfig PATH]
                      move the simulator's clock forward (45s, 2m, 1h30m)

Backend (default: the built-in simulator, or what "start" remembered):
  --kind              the kind cluster pod-course
  --context NAME, --kubeconfig PATH
                      any cluster; the course works in one namespace of it
  --namespace NS      that namespace (default pod-course-<user>)
  --yes               use a context that is not the simulator's nor kind's without asking

Global options:
  --lang zh|en        language of messages (default: from the locale)
  --json              machine-readable output on stdout (where supported)
  --debug             show stack traces of unexpected errors
  -h, --help          this help
  -v, --version       print the version`,
  unknownCommand: (name: string) =>
    `unknown command "${name}". Run "pod-course --help" to see the commands.`,
  badOption: (detail: string) => `${detail}. Run "pod-course --help" for the options.`,
  badLang: (value: string) => `unknown language "${value}": use zh or en`,
  badPort: (value: string) => `--port must be a number from 0 to 65535, got "${value}"`,
  badSpeed: (value: string) => `--speed must be a positive number (e.g. 1, 10, 60), got "${value}"`,
  badClusterShape: (path: string, detail: string) =>
    `--cluster-shape ${path} is not a usable cluster shape: ${detail}\n  Write {"workers": N} (N from 0 to 252) or {"nodes": [{"name", "internalIP", "podCIDR", "controlPlane", "extraLabels"}, …]}.`,
  simServing: (url: string, kubeconfig: string, ms: number) =>
    `Simulator ready in ${ms} ms at ${url}\nkubeconfig: ${kubeconfig}\nTry: KUBECONFIG=${kubeconfig} kubectl get nodes\nStop with Ctrl-C.`,
  simStopping: () => 'Stopping the simulator…',
  simStopped: () => 'Simulator stopped. Everything it acknowledged is saved.',
  simPortInUse: (port: number) =>
    `port ${port} is already in use on 127.0.0.1: pick another with --port, or --port 0 for any free port`,
  simFailed: (reason: string) => `the simulator could not start: ${reason}`,
  simStateLocked: (detail: string) =>
    `its state directory is in use by another simulator. Stop it with "pod-course sim stop", or pass another --state.\n  ${detail}`,
  simStateUnusable: (detail: string) =>
    `its state directory cannot be used. Move it away or pass another --state (nothing in it is deleted for you).\n  ${detail}`,
  unexpected: (reason: string) =>
    `unexpected error: ${reason} (run again with --debug for details)`,
  badDuration: (value: string) => `"${value}" is not a duration: use e.g. 45s, 2m, 1h30m`,
  simNotRunning: (kubeconfig: string) =>
    `no simulator kubeconfig at ${kubeconfig}: start one with "pod-course sim start", or pass --kubeconfig`,
  simUnreachable: (where: string, reason: string) =>
    `cannot reach the simulator (${where}): ${reason}`,
  noClock: (server: string) =>
    `${server} cannot fast-forward time: only the pod-course simulator can`,
  advanced: (duration: string, now: string) =>
    `Advanced ${duration}; simulated time is now ${now}.`,
  simStarting: () => 'Starting the simulator in the background…',
  simStarted: (url: string, pid: number, kubeconfig: string, ms: number, log: string) =>
    `Simulator started in ${ms} ms at ${url} (pid ${pid})\nkubeconfig: ${kubeconfig}\nlog: ${log}\nTry: KUBECONFIG=${kubeconfig} kubectl get nodes\nStop it with "pod-course sim stop".`,
  simAlreadyRunning: (url: string, pid: number, kubeconfig: string, uptime?: string) =>
    `The simulator is already running at ${url} (pid ${pid}${uptime ? `, up ${uptime}` : ''}); using it.\nkubeconfig: ${kubeconfig}`,
  simOptionsIgnored: () =>
    'note: --port and --speed only apply when the simulator starts; run "pod-course sim stop" first to change them',
  simStartFailed: (code: number | null, log: string, tail: string) =>
    `the simulator could not start (it exited${code === null ? '' : ` with code ${code}`}). The last lines of ${log}:\n${tail || '  (nothing was logged)'}`,
  simStartTimeout: (seconds: number, log: string, tail: string) =>
    `the simulator did not answer /readyz within ${seconds} s, so it was stopped. The last lines of ${log}:\n${tail || '  (nothing was logged)'}`,
  simNotAnswering: (pid: number, kubeconfig: string) =>
    `simulator process ${pid} is running but does not answer at the server in ${kubeconfig}: run "pod-course sim stop", then start it again`,
  simLockedByForeground: (stateDir: string, pid: number, kubeconfig: string) =>
    `the state in ${stateDir} is in use by process ${pid} (probably "pod-course sim serve" in another terminal, with its own --kubeconfig), which does not answer at ${kubeconfig}. Stop it (Ctrl-C in its terminal, or "pod-course sim stop"), or choose another --state.`,
  simStartNoKubeconfig: () =>
    '"sim start" always writes <state>/kubeconfig, where the other commands look for it; use --state DIR to move it (or "sim serve --kubeconfig PATH" in the foreground)',
  simStopForced: (pid: number, seconds: number) =>
    `the simulator (pid ${pid}) did not stop within ${seconds} s of SIGTERM: killing it (SIGKILL). Everything it acknowledged is on disk.`,
  simStalePidRemoved: (pid: number) =>
    `note: removed a stale pid file: process ${pid} is no longer running`,
  simNothingToStop: (stateDir: string) =>
    `No simulator is running for ${stateDir}; nothing to stop.`,
  simStopRefused: (pid: number, stateDir: string) =>
    `process ${pid} holds ${stateDir} but could not be confirmed to be the simulator (it does not answer /readyz); it was left running. If it is the simulator, stop it with: kill ${pid}`,
  simStoppedPid: (pid: number) =>
    `Simulator stopped (pid ${pid}). Everything it acknowledged is saved.`,
  simStatusRunning: (
    url: string,
    pid: number,
    kubeconfig: string,
    stateDir: string,
    uptime: string | undefined,
    background: boolean,
  ) =>
    `Simulator running at ${url} (pid ${pid}${background ? '' : ', a foreground "sim serve"'})\nkubeconfig: ${kubeconfig}\nstate: ${stateDir}${uptime ? `\nup: ${uptime}` : ''}`,
  simStatusNotRunning: (stateDir: string) =>
    `No simulator is running for ${stateDir}. Start one with "pod-course sim start".`,
};

type Catalogue = typeof en;

const zh: Catalogue = {
  usage: () => `pod-course — 动手学习 Kubernetes Pod，由集群本身来评分

用法: pod-course <命令> [选项]

命令:
  start               引导式课程:选择实验，用 kubectl 动手，实时评分
  list                实验列表、你的进度，以及当前集群能否运行它们
  check [实验[/步骤]] [--wait 时长]
                      立即按集群状态评分 (或等到通过为止)
  hint 实验/步骤 [--level N]
                      下一条 (或第 N 条) 提示
  solve [实验[/步骤]]
                      应用参考答案并等待通过
  reset [实验[/步骤] | --all]
                      删除实验创建的对象，恢复初始文件，清除进度
  selftest [实验]     在一次性的模拟器上验证每个步骤 (多个实验同时进行: 每个 CPU 核
                      一个，最多 4 个；可用 POD_COURSE_SELFTEST_LANES=N 指定)
  report [--format md|json|junit]
                      按实验和步骤汇总进度 (供教师使用)
  progress export FILE | progress import FILE
                      在机器之间迁移进度
  shell               打开你的 shell:已设置 KUBECONFIG，k = kubectl
  preset PRESET.yaml POD.yaml [-o yaml|json]
                      像已移除的准入插件那样，把 PodPreset 合并进 Pod
  kind create [--mirror URL] [--preload] | kind delete
                      kind 集群 pod-course (需要 Docker 和 kind)
  sim serve [--port N] [--kubeconfig PATH] [--state DIR] [--speed X]
                      在前台运行内置的集群模拟器
                      (--cluster-shape FILE: 不用 kind 默认的三个节点，改从 JSON
                      文件读取节点，例如 {"workers": 5})
  sim start [--port N] [--state DIR] [--speed X] [--json]
                      在后台启动模拟器 (已在运行则直接复用)
  sim stop [--state DIR] [--json]
                      停止后台模拟器
  sim status [--state DIR] [--json]
                      模拟器是否在运行? (是: 退出码 0，否: 1)
  sim advance DURATION [--kubeconfig PATH]
                      让模拟器的时钟向前快进 (45s、2m、1h30m)

集群 (默认:内置模拟器，或 "start" 记住的选择):
  --kind              kind 集群 pod-course
  --context NAME, --kubeconfig PATH
                      任意集群;课程只在其中一个命名空间里工作
  --namespace NS      该命名空间 (默认 pod-course-<用户名>)
  --yes               不经询问就使用既非模拟器也非 kind 的上下文

全局选项:
  --lang zh|en        消息语言 (默认: 按系统区域设置)
  --json              在标准输出打印机器可读的 JSON (支持的命令)
  --debug             意外错误时显示调用栈
  -h, --help          显示本帮助
  -v, --version       显示版本`,
  unknownCommand: (name) => `未知命令 "${name}"。运行 "pod-course --help" 查看可用命令。`,
  badOption: (detail) => `${detail}。运行 "pod-course --help" 查看选项。`,
  badLang: (value) => `未知语言 "${value}": 请用 zh 或 en`,
  badPort: (value) => `--port 必须是 0 到 65535 之间的数字，收到 "${value}"`,
  badSpeed: (value) => `--speed 必须是正数 (例如 1、10、60)，收到 "${value}"`,
  badClusterShape: (path, detail) =>
    `--cluster-shape ${path} 不是可用的集群形态: ${detail}\n  请写成 {"workers": N} (N 为 0 到 252) 或 {"nodes": [{"name", "internalIP", "podCIDR", "controlPlane", "extraLabels"}, …]}。`,
  simServing: (url, kubeconfig, ms) =>
    `模拟器已就绪 (${ms} ms)，地址 ${url}\nkubeconfig: ${kubeconfig}\n试试: KUBECONFIG=${kubeconfig} kubectl get nodes\n按 Ctrl-C 停止。`,
  simStopping: () => '正在停止模拟器…',
  simStopped: () => '模拟器已停止。已确认的所有内容都已保存。',
  simPortInUse: (port) =>
    `127.0.0.1 上的端口 ${port} 已被占用: 用 --port 换一个，或用 --port 0 自动选择空闲端口`,
  simFailed: (reason) => `模拟器无法启动: ${reason}`,
  simStateLocked: (detail) =>
    `它的状态目录正被另一个模拟器使用。请用 "pod-course sim stop" 停止它，或用 --state 指定别的目录。\n  ${detail}`,
  simStateUnusable: (detail) =>
    `它的状态目录无法使用。请把它移开，或用 --state 指定别的目录 (其中的内容不会被删除)。\n  ${detail}`,
  unexpected: (reason) => `意外错误: ${reason} (加 --debug 重新运行可查看详情)`,
  badDuration: (value) => `"${value}" 不是时长: 请用例如 45s、2m、1h30m`,
  simNotRunning: (kubeconfig) =>
    `${kubeconfig} 处没有模拟器的 kubeconfig: 先运行 "pod-course sim start"，或用 --kubeconfig 指定`,
  simUnreachable: (where, reason) => `无法连接模拟器 (${where}): ${reason}`,
  noClock: (server) => `${server} 不能快进时间: 只有 pod-course 模拟器可以`,
  advanced: (duration, now) => `已快进 ${duration}；模拟时间现在是 ${now}。`,
  simStarting: () => '正在后台启动模拟器…',
  simStarted: (url, pid, kubeconfig, ms, log) =>
    `模拟器已启动 (${ms} ms)，地址 ${url} (pid ${pid})\nkubeconfig: ${kubeconfig}\n日志: ${log}\n试试: KUBECONFIG=${kubeconfig} kubectl get nodes\n用 "pod-course sim stop" 停止。`,
  simAlreadyRunning: (url, pid, kubeconfig, uptime) =>
    `模拟器已在运行，地址 ${url} (pid ${pid}${uptime ? `，已运行 ${uptime}` : ''})；直接使用它。\nkubeconfig: ${kubeconfig}`,
  simOptionsIgnored: () =>
    '注意: --port 和 --speed 只在模拟器启动时生效；要修改请先运行 "pod-course sim stop"',
  simStartFailed: (code, log, tail) =>
    `模拟器无法启动 (进程已退出${code === null ? '' : `，退出码 ${code}`})。${log} 的最后几行:\n${tail || '  (日志为空)'}`,
  simStartTimeout: (seconds, log, tail) =>
    `模拟器在 ${seconds} 秒内没有响应 /readyz，已将其停止。${log} 的最后几行:\n${tail || '  (日志为空)'}`,
  simNotAnswering: (pid, kubeconfig) =>
    `模拟器进程 ${pid} 在运行，但 ${kubeconfig} 中的服务器地址没有响应: 请运行 "pod-course sim stop"，然后重新启动`,
  simLockedByForeground: (stateDir, pid, kubeconfig) =>
    `${stateDir} 中的状态正被进程 ${pid} 使用 (可能是另一个终端里带自己的 --kubeconfig 运行的 "pod-course sim serve")，它在 ${kubeconfig} 中的地址没有响应。请停止它 (在它的终端按 Ctrl-C，或运行 "pod-course sim stop")，或换一个 --state。`,
  simStartNoKubeconfig: () =>
    '"sim start" 总是把 kubeconfig 写到 <state>/kubeconfig，其他命令会在那里找它；要换位置请用 --state DIR (或在前台用 "sim serve --kubeconfig PATH")',
  simStopForced: (pid, seconds) =>
    `模拟器 (pid ${pid}) 在收到 SIGTERM 后 ${seconds} 秒内没有停止: 正在强制结束 (SIGKILL)。已确认的所有内容都在磁盘上。`,
  simStalePidRemoved: (pid) => `注意: 已删除过期的 pid 文件: 进程 ${pid} 已不在运行`,
  simNothingToStop: (stateDir) => `${stateDir} 没有正在运行的模拟器；无需停止。`,
  simStopRefused: (pid, stateDir) =>
    `进程 ${pid} 占用着 ${stateDir}，但无法确认它是模拟器 (它不响应 /readyz)；没有停止它。如果它确实是模拟器，请用 kill ${pid} 停止`,
  simStoppedPid: (pid) => `模拟器已停止 (pid ${pid})。已确认的所有内容都已保存。`,
  simStatusRunning: (url, pid, kubeconfig, stateDir, uptime, background) =>
    `模拟器正在运行，地址 ${url} (pid ${pid}${background ? '' : '，前台的 "sim serve"'})\nkubeconfig: ${kubeconfig}\n状态目录: ${stateDir}${uptime ? `\n已运行: ${uptime}` : ''}`,
  simStatusNotRunning: (stateDir) =>
    `${stateDir} 没有正在运行的模拟器。用 "pod-course sim start" 启动。`,
};

export type Messages = Catalogue;

export function messages(language: Language): Messages {
  return language === 'zh-CN' ? zh : en;
}
