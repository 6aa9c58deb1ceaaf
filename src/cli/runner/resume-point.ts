import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { loadLesson } from '../../course/lesson-loader.js';
import type { Lesson, Step } from '../../course/lesson-types.js';
import { localize } from '../../course/localized-text.js';
import { nextUnfinished } from './lesson-run.js';
import type { Runner } from './runner-context.js';

/** A lesson's own top-level `id:` line (steps' ids are indented). */
const ID_LINE = /^id:[ \t]*(['"]?)([A-Za-z0-9._-]+)\1[ \t]*(?:#.*)?$/m;

/**
 * The lesson with `id`, read on its own: a returning learner's step is drawn before the whole
 * course (every lesson parsed and validated, the slowest part of starting) has loaded.
 * Folders are matched by their `id:` line read as text, then loaded and validated as usual.
 * Undefined when none matches or it does not load (the whole course will say why).
 */
export async function loadLessonById(dir: string, id: string): Promise<Lesson | undefined> {
  let folders: string[];
  try {
    const entries = await readdir(dir, { withFileTypes: true });
    folders = entries
      .filter((entry) => entry.isDirectory() && /^\d/.test(entry.name))
      .map((entry) => entry.name)
      .sort();
  } catch {
    return undefined;
  }
  for (const folder of folders) {
    let source: string;
    try {
      source = await readFile(join(dir, folder, 'lesson.yaml'), 'utf8');
    } catch {
      continue;
    }
    if (ID_LINE.exec(source)?.[2] !== id) continue;
    const loaded = await loadLesson(join(dir, folder));
    if (loaded.ok && loaded.lesson.id === id) return loaded.lesson;
  }
  return undefined;
}

/**
 * The step the learner left (UX.md: a returning learner lands on it), if it is still to do:
 * the pointer in progress, then the first step not done from there. Read without the cluster
 * (whether a cluster still starting can host the lesson is checked when it is prepared).
 */
export async function resumePoint(
  runner: Runner,
  lessonsDir: string,
  warn: (line: string) => void,
): Promise<{ lesson: Lesson; step: Step } | undefined> {
  const read = await runner.progress.read();
  if (read.notice) warn(localize(read.notice.message, runner.language));
  const ns = read.document.backends[runner.key.backend]?.[runner.key.namespace];
  const current = ns?.current;
  // A reset lesson or step keeps the pointer but loses its record: start that lesson afresh.
  if (!current || !ns.lessons[current.lesson]?.steps[current.step]) return undefined;
  const lesson =
    (await loadLessonById(lessonsDir, current.lesson)) ??
    (await runner.course()).lessons.find((l) => l.id === current.lesson);
  if (!lesson) return undefined;
  // Connected already (a context of the learner's own): a lesson it cannot host is not resumed.
  const connected = runner.connected;
  if (connected && (await connected.session.unavailable(lesson)).length > 0) return undefined;
  const left = lesson.steps.find((s) => s.id === current.step);
  const step = await nextUnfinished(runner, lesson, left);
  return step ? { lesson, step } : undefined;
}
