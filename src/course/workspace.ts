import { existsSync } from 'node:fs';
import { copyFile, mkdir } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Lesson } from './lesson-types.js';

/**
 * Where the learner edits a lesson's starter files: `$POD_COURSE_WORKSPACE`, else
 * `~/pod-course`, one folder per lesson (UX.md: `~/pod-course/02-shared-volume/…`). It is
 * the learner's own place, apart from the hidden state in the pod-course home.
 */
export function workspaceRoot(env: NodeJS.ProcessEnv = process.env) {
  return env.POD_COURSE_WORKSPACE || join(homedir(), 'pod-course');
}

export function lessonWorkspace(lesson: Lesson, env: NodeJS.ProcessEnv = process.env) {
  return join(workspaceRoot(env), lesson.folder);
}

/**
 * Copies the starter files in. `overwrite` restores them (reset); otherwise a learner's edited
 * file is never replaced.
 */
export async function prepareWorkspace(
  lesson: Lesson,
  options: { overwrite?: boolean; env?: NodeJS.ProcessEnv } = {},
): Promise<string> {
  const dir = lessonWorkspace(lesson, options.env);
  for (const name of lesson.files) {
    const target = join(dir, name);
    if (!options.overwrite && existsSync(target)) continue;
    await mkdir(dirname(target), { recursive: true });
    await copyFile(join(lesson.dir, 'files', name), target);
  }
  return dir;
}
