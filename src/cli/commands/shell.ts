import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { resolveLesson } from '../../course/lesson-ids.js';
import { lessonWorkspace, prepareWorkspace, workspaceRoot } from '../../course/workspace.js';
import { podCourseHome } from '../../home.js';
import type { TargetFlags } from '../cluster-target.js';
import { openCourseCommand } from '../course-command.js';
import type { Language } from '../ui/language.js';

export const SHELL_OPTIONS = {} as const;

type ShellValues = TargetFlags;

/**
 * The status line the runner keeps for the learner's shell prompt (UX.md): one fixed file,
 * so a `pod-course shell` in a second terminal shows what the runner in the first one sees.
 */
export function runnerStatusFile() {
  return join(podCourseHome(), 'runner-status.txt');
}

/**
 * `pod-course shell`: the learner's own shell with KUBECONFIG pointing at the backend, `k`
 * for kubectl, the prompt marked with where they are, in the current lesson's workspace.
 */
export async function runShell(values: ShellValues, language: Language): Promise<number> {
  const command = await openCourseCommand(values, language, { start: true });
  const progress = (await command.progress.read()).document;
  const current = progress.backends[command.target.key]?.[command.target.namespace]?.current;
  const found = current ? resolveLesson(command.course.lessons, current.lesson) : undefined;
  let cwd = workspaceRoot();
  let label = '';
  if (found?.ok) {
    const lesson = found.value;
    await prepareWorkspace(lesson);
    cwd = lessonWorkspace(lesson);
    const step = lesson.steps.find((s) => s.id === current?.step);
    const number = String(lesson.number).padStart(2, '0');
    label = step ? `${number}·${step.number}/${lesson.steps.length}` : number;
  } else {
    await mkdir(cwd, { recursive: true });
  }
  const { openUserShell } = await import('../shell/user-shell.js');
  return openUserShell({
    kubeconfig: command.target.kubeconfig,
    namespace: command.target.namespace,
    ...(command.target.context ? { context: command.target.context } : {}),
    cwd,
    label,
    statusFile: runnerStatusFile(),
    language,
  });
}
