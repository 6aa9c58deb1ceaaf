import type { Language } from './language.js';

const en = {
  lessonProblems: (count: number) =>
    `${count} problem(s) in the lesson files; those lessons are left out:`,
  unavailable: (reasons: string) => `unavailable on this cluster: ${reasons}`,
  stepHeader: (lesson: string, number: number, total: number, title: string) =>
    `${lesson} · step ${number}/${total} · ${title}`,
  quizNotAnswered: () => 'answer it in "pod-course start"',
  readStep: () => 'reading only',
  allPassed: (n: number) => `All ${n} step(s) pass.`,
  notAllPassed: (passed: number, n: number) => `${passed} of ${n} step(s) pass.`,
  waiting: (seconds: number) => `Waiting up to ${seconds} s for the conditions to pass…`,
  noHints: (step: string) => `${step} has no hints.`,
  hintOf: (level: number, total: number) => `Hint ${level}/${total}:`,
  lastHint: () => '(that was the last hint; "pod-course solve" shows the way)',
  badLevel: (value: string, total: number) =>
    `--level must be a number from 1 to ${total}, got "${value}"`,
  needsRef: (command: string) =>
    `"pod-course ${command}" needs a lesson or lesson/step (see "pod-course list")`,
  solving: (address: string) => `Solving ${address}…`,
  solved: (address: string) => `✓ ${address} passes.`,
  notSolved: (address: string, why: string) => `✗ ${address} still does not pass: ${why}`,
  solveBlocked: (address: string, why: string) => `${address}: ${why}`,
  actionFailed: (detail: string) => `an action of the lesson failed: ${detail}`,
  resetDone: (lesson: string, removed: number, dir: string) =>
    `Reset ${lesson}: ${removed} object(s) removed, starter files restored in ${dir}, progress cleared.`,
  resetStep: (address: string) => `Reset ${address}: progress cleared.`,
  resetNeedsRef: () => 'name a lesson (or lesson/step), or pass --all',
  checkCrashed: (detail: string) =>
    `a check could not run: ${detail} (this is a bug in the lesson; run with --debug for details)`,
  unreachable: (detail: string) =>
    `${detail}\n  Is the cluster running? For the simulator: "pod-course sim status".`,
  simStarting: () => 'Starting the simulator…',
  simStarted: (ms: number) => `Simulator ready (${(ms / 1000).toFixed(1)} s).`,
  kindStarting: () => 'Preparing the kind cluster pod-course (this can take a minute)…',
  workspace: (dir: string) => `Files: ${dir}`,
};

const zh: typeof en = {
  lessonProblems: (count) => `课程文件中有 ${count} 个问题，相关课程已略过:`,
  unavailable: (reasons) => `此集群不可用:${reasons}`,
  stepHeader: (lesson, number, total, title) => `${lesson} · 步骤 ${number}/${total} · ${title}`,
  quizNotAnswered: () => '请在 "pod-course start" 中作答',
  readStep: () => '阅读步骤',
  allPassed: (n) => `全部 ${n} 个步骤都已通过。`,
  notAllPassed: (passed, n) => `${n} 个步骤中通过了 ${passed} 个。`,
  waiting: (seconds) => `最多等待 ${seconds} 秒，直到条件通过…`,
  noHints: (step) => `${step} 没有提示。`,
  hintOf: (level, total) => `提示 ${level}/${total}:`,
  lastHint: () => '(这是最后一条提示;"pod-course solve" 会给出做法)',
  badLevel: (value, total) => `--level 必须是 1 到 ${total} 之间的数字，收到 "${value}"`,
  needsRef: (command) => `"pod-course ${command}" 需要指定课程或 课程/步骤 (见 "pod-course list")`,
  solving: (address) => `正在完成 ${address}…`,
  solved: (address) => `✓ ${address} 已通过。`,
  notSolved: (address, why) => `✗ ${address} 仍未通过:${why}`,
  solveBlocked: (address, why) => `${address}:${why}`,
  actionFailed: (detail) => `课程的某个操作失败了:${detail}`,
  resetDone: (lesson, removed, dir) =>
    `已重置 ${lesson}:删除了 ${removed} 个对象，已在 ${dir} 恢复初始文件，进度已清除。`,
  resetStep: (address) => `已重置 ${address}:进度已清除。`,
  resetNeedsRef: () => '请指定课程(或 课程/步骤)，或使用 --all',
  checkCrashed: (detail) => `检查无法运行:${detail}(这是课程的缺陷;加 --debug 查看详情)`,
  unreachable: (detail) => `${detail}\n  集群在运行吗?模拟器可用 "pod-course sim status" 查看。`,
  simStarting: () => '正在启动模拟器…',
  simStarted: (ms) => `模拟器已就绪 (${(ms / 1000).toFixed(1)} 秒)。`,
  kindStarting: () => '正在准备 kind 集群 pod-course(可能需要一分钟)…',
  workspace: (dir) => `文件: ${dir}`,
};

export type CourseMessages = typeof en;

export function courseMessages(language: Language): CourseMessages {
  return language === 'zh-CN' ? zh : en;
}
