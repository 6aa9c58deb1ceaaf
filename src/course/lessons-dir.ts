import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * The packaged `lessons/` folder: two levels above src/course in a clone, three above
 * dist/src/course in the built package. `POD_COURSE_LESSONS` points elsewhere (authors, tests).
 */
export function lessonsDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.POD_COURSE_LESSONS) return env.POD_COURSE_LESSONS;
  for (const relative of ['../../lessons', '../../../lessons']) {
    const dir = fileURLToPath(new URL(relative, import.meta.url));
    if (existsSync(dir)) return dir;
  }
  return fileURLToPath(new URL('../../lessons', import.meta.url));
}
