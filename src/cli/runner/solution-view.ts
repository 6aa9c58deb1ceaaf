import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Action, Lesson, TaskStep } from '../../course/lesson-types.js';
import { paint } from '../ui/paint.js';
import { wrapCommand } from './command-layout.js';
import { contentWidth, guide, type Screen, shortPath } from './step-screen.js';

/**
 * A task's reference solution as the learner would do it by hand: each action as the kubectl
 * command that does the same, and the content of each file it applies. The engine performs
 * these through the API (`s` does); here they are only shown.
 */
export function solutionLines(
  screen: Screen,
  lesson: Lesson,
  step: TaskStep,
  files: ReadonlyMap<string, string>,
) {
  const lines = [`${paint.bold('◇')}  ${screen.t.solutionTitle()}`];
  for (const action of step.solution) {
    lines.push(...wrapCommand(`$ ${commandOf(action, lesson)}`, contentWidth(screen)).map(under));
    if (action.type !== 'apply') continue;
    const path = join(lesson.dir, action.file);
    lines.push(under(paint.dim(screen.t.solutionFile(shortPath(path)))));
    const text = files.get(action.file) ?? '';
    for (const line of text.replace(/\n$/, '').split('\n')) lines.push(`${guide()}    ${line}`);
  }
  lines.push(guide());
  return lines;
}

/** The files a solution applies, by their name in the lesson (read once, drawn many times). */
export async function readSolutionFiles(lesson: Lesson, step: TaskStep) {
  const files = new Map<string, string>();
  for (const action of step.solution) {
    if (action.type === 'apply')
      files.set(action.file, await readFile(join(lesson.dir, action.file), 'utf8'));
  }
  return files;
}

const under = (line: string) => `${guide()}  ${line}`;

/** The kubectl command that matches an action (what `kubectl` users know). */
export function commandOf(action: Action, lesson: Lesson): string {
  switch (action.type) {
    case 'apply':
      return `kubectl apply -f ${shortPath(join(lesson.dir, action.file))}`;
    case 'delete':
      return `kubectl delete ${action.target.kind.toLowerCase()} ${action.target.name}`;
    case 'create': {
      const files = action.fromFiles
        .map((file) => `--from-file=${shortPath(join(lesson.dir, file))}`)
        .join(' ');
      return action.kind === 'Secret'
        ? `kubectl create secret generic ${action.name} ${files}`
        : `kubectl create configmap ${action.name} ${files}`;
    }
    case 'exec':
      return `kubectl exec ${action.pod} -c ${action.container} -- ${action.command.join(' ')}`;
    case 'wait': {
      const target = `${action.target.kind.toLowerCase()}/${action.target.name}`;
      const timeout = `--timeout=${action.timeoutSeconds}s`;
      const condition = {
        exists: '--for=create',
        running: "--for=jsonpath='{.status.phase}'=Running",
        ready: '--for=condition=Ready',
        succeeded: "--for=jsonpath='{.status.phase}'=Succeeded",
        deleted: '--for=delete',
      }[action.for];
      return `kubectl wait ${condition} ${target} ${timeout}`;
    }
    case 'advance':
      // On the simulator; elsewhere the time just has to pass.
      return `pod-course sim advance ${action.seconds}s`;
  }
}
