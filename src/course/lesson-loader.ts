import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { LineCounter, type Node } from 'yaml';
import type { LessonProblem } from './lesson-problem.js';
import { decodeLesson } from './lesson-schema.js';
import type { Lesson } from './lesson-types.js';
import { lessonMessages } from './messages.js';
import { DecodeContext, parseYaml } from './yaml-decoder.js';

/** A lesson folder is `NN-slug`; the number is an alias of the lesson id (CLI.md § Ids). */
const FOLDER = /^(\d{2})-[a-z0-9]+(?:-[a-z0-9]+)*$/;

export type LessonLoad = { ok: true; lesson: Lesson } | { ok: false; problems: LessonProblem[] };

/**
 * Reads and validates `<dir>/lesson.yaml`: syntax, every field, ids, cross references, and
 * that every file it names exists. Problems name `file` as `<dir>/lesson.yaml` with `dir` as
 * given, so relative paths stay short in messages.
 */
export async function loadLesson(dir: string): Promise<LessonLoad> {
  const file = join(dir, 'lesson.yaml');
  const folder = basename(resolve(dir));
  let source: string;
  try {
    source = await readFile(file, 'utf8');
  } catch (error) {
    const ctx = new DecodeContext(file, new LineCounter());
    ctx.report({ path: '', offset: 0 }, lessonMessages.unreadable((error as Error).message));
    return { ok: false, problems: ctx.problems };
  }
  const { document, ctx } = parseYaml(source, file, new LineCounter());
  const folderMatch = FOLDER.exec(folder);
  if (!folderMatch) ctx.report({ path: '', offset: 0 }, lessonMessages.badFolderName(folder));
  // Syntax errors make the tree unreliable; report them alone rather than their echoes.
  if (ctx.problems.length > 0) return { ok: false, problems: ctx.problems };
  const decoded = decodeLesson((document.contents ?? null) as Node | null, ctx);
  if (decoded) {
    for (const ref of decoded.files) {
      if (!(await isFile(join(dir, ref.path)))) {
        ctx.report(ref.at, lessonMessages.fileMissing(ref.path));
      }
    }
  }
  if (!decoded || !folderMatch || ctx.problems.length > 0) {
    return { ok: false, problems: ctx.problems };
  }
  const lesson: Lesson = {
    ...decoded.lesson,
    number: Number(folderMatch[1]),
    folder,
    dir: resolve(dir),
  };
  return { ok: true, lesson };
}

async function isFile(path: string) {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

export interface Course {
  /** Valid lessons, ordered by number. */
  lessons: Lesson[];
  /** Every problem of every lesson, plus clashes of ids or numbers between lessons. */
  problems: LessonProblem[];
}

/**
 * Loads every `NN-slug` folder under `lessonsDir` (other entries, like README.md, are not
 * lessons). A broken lesson is left out and its problems reported; the others still load.
 */
export async function loadCourse(lessonsDir: string): Promise<Course> {
  const entries = await readdir(lessonsDir, { withFileTypes: true });
  const folders = entries
    .filter((entry) => entry.isDirectory() && /^\d/.test(entry.name))
    .map((entry) => entry.name)
    .sort();
  const lessons: Lesson[] = [];
  const problems: LessonProblem[] = [];
  for (const folder of folders) {
    const result = await loadLesson(join(lessonsDir, folder));
    if (!result.ok) {
      problems.push(...result.problems);
      continue;
    }
    const clash = (what: 'id' | 'number', value: string, other: Lesson) =>
      problems.push({
        file: join(lessonsDir, folder, 'lesson.yaml'),
        line: 1,
        column: 1,
        path: what === 'id' ? 'id' : '',
        message: lessonMessages.duplicateLesson(what, value, other.folder),
      });
    const sameId = lessons.find((other) => other.id === result.lesson.id);
    const sameNumber = lessons.find((other) => other.number === result.lesson.number);
    if (sameId) clash('id', result.lesson.id, sameId);
    if (sameNumber) clash('number', String(result.lesson.number).padStart(2, '0'), sameNumber);
    if (!sameId && !sameNumber) lessons.push(result.lesson);
  }
  return { lessons, problems };
}
