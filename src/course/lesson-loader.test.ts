import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadCourse, loadLesson } from './lesson-loader.js';
import { formatProblem } from './lesson-problem.js';

const example = resolve(import.meta.dirname, '../../lessons/01-pod-and-infra-container');

describe('the example lesson', () => {
  it('loads with every kind of step, answer and action', async () => {
    const result = await loadLesson(example);
    if (!result.ok) throw new Error(result.problems.map((p) => formatProblem(p, 'en')).join('\n'));
    const lesson = result.lesson;
    expect(lesson.id).toBe('pod-and-infra-container');
    expect(lesson.number).toBe(1);
    expect(lesson.folder).toBe('01-pod-and-infra-container');
    expect(lesson.needs).toEqual(['exec']);
    expect(lesson.files).toEqual(['nginx-busybox.yaml']);
    expect(lesson.setup.map((a) => a.type)).toEqual(['apply', 'wait']);
    expect(lesson.cleanup.map((a) => a.type)).toEqual(['delete', 'delete']);
    expect(lesson.steps.map((s) => [s.number, s.id, s.kind])).toEqual([
      [1, 'what-is-a-pod', 'read'],
      [2, 'share-pid', 'task'],
      [3, 'pid-one', 'quiz'],
      [4, 'solo-pid-one', 'quiz'],
      [5, 'reach-over-localhost', 'task'],
      [6, 'one-ip', 'quiz'],
      [7, 'what-is-shared', 'quiz'],
      [8, 'pause-holds-the-pod', 'read'],
    ]);
    const task = lesson.steps[1];
    if (task?.kind !== 'task') throw new Error('step 2 is not a task');
    expect(task.conditions.map((c) => c.id)).toEqual([
      'pod-exists',
      'shares-process-namespace',
      'containers-running',
    ]);
    expect(task.hints).toHaveLength(3);
    expect(task.nearMisses.map((n) => [n.id, n.condition])).toEqual([
      ['not-shared', 'shares-process-namespace'],
      ['shell-exits', 'containers-running'],
    ]);
    const answers = lesson.steps
      .filter((s) => s.kind === 'quiz')
      .map((s) => [s.answerType, s.answer]);
    expect(answers).toEqual([
      ['single', { source: 'live', check: 'pid-one-in-nginx-busybox' }],
      ['text', { source: 'static', values: ['sleep', 'sleep 3600'] }],
      ['single', { source: 'live', check: 'ip-seen-by-both-containers' }],
      ['multiple', { source: 'static', values: ['ip', 'volumes', 'processes'] }],
    ]);
  });
});

const scratch = await mkdtemp(join(tmpdir(), 'pod-course-lessons-'));
afterAll(() => rm(scratch, { recursive: true, force: true }));

/** A valid lesson; each test breaks one line of it. Line numbers below refer to this text. */
const VALID = `format: 1
id: tiny
title: { zh: 小课, en: Tiny }
summary: { zh: 小课, en: Tiny }
steps:
  - id: make-pod
    kind: task
    title: { zh: 建 Pod, en: Make a Pod }
    text: { zh: 建一个 Pod, en: Make a Pod }
    conditions:
      - id: pod-exists
        text: { zh: Pod 存在, en: the Pod exists }
    hints:
      - { zh: 用 apply, en: use apply }
    solution:
      - apply: solution/pod.yaml
    nearMisses:
      - id: wrong-name
        text: { zh: 名字错了, en: wrong name }
        actions:
          - apply: near-miss/wrong-name.yaml
        condition: pod-exists
        message: { zh: 没有 Pod tiny, en: no Pod tiny }
`;

let counter = 0;
async function lessonWith(yaml: string, folder = `0${(counter++ % 9) + 1}-case`) {
  const dir = join(scratch, `course-${counter}`, folder);
  for (const file of ['solution/pod.yaml', 'near-miss/wrong-name.yaml']) {
    await mkdir(dirname(join(dir, file)), { recursive: true });
    await writeFile(join(dir, file), 'kind: Pod\n');
  }
  await writeFile(join(dir, 'lesson.yaml'), yaml);
  return dir;
}

/** Loads and returns the problems as the English one-liners, with the folder shortened. */
async function problems(yaml: string, language: 'en' | 'zh-CN' = 'en') {
  const dir = await lessonWith(yaml);
  const result = await loadLesson(dir);
  if (result.ok) return [];
  return result.problems.map((p) => formatProblem(p, language).replace(dir, '<dir>'));
}

describe('lesson problems name file, line, field and what was expected', () => {
  it('accepts the valid fixture', async () => {
    expect(await problems(VALID)).toEqual([]);
  });

  it('missing zh text', async () => {
    const yaml = VALID.replace(
      'title: { zh: 建 Pod, en: Make a Pod }',
      'title: { en: Make a Pod }',
    );
    expect(await problems(yaml)).toEqual([
      '<dir>/lesson.yaml:8:12 steps[0].title: missing zh (Chinese) text',
    ]);
    expect(await problems(yaml, 'zh-CN')).toEqual([
      '<dir>/lesson.yaml:8:12 steps[0].title: 缺少 zh (中文) 文本',
    ]);
  });

  it('unknown field', async () => {
    const yaml = VALID.replace('    hints:\n', '    hint:\n');
    expect(await problems(yaml)).toEqual([
      '<dir>/lesson.yaml:13:5 steps[0].hint: unknown field "hint"; allowed here: id, kind, title, text, files, try, conditions, hints, solution, nearMisses',
      '<dir>/lesson.yaml:6:5 steps[0].hints: missing field "hints": expected a list (lines starting with "- ")',
    ]);
  });

  it('duplicate step id', async () => {
    const second = `  - id: make-pod
    kind: read
    title: { zh: 读, en: Read }
    text: { zh: 读, en: Read }
`;
    expect(await problems(VALID + second)).toEqual([
      '<dir>/lesson.yaml:24:9 steps[1].id: duplicate id "make-pod": already used on line 6; ids must be unique here',
    ]);
  });

  it('bad slug', async () => {
    const yaml = VALID.replace('id: make-pod', 'id: Make_Pod');
    expect(await problems(yaml)).toEqual([
      '<dir>/lesson.yaml:6:9 steps[0].id: expected a slug: lower-case words of letters and digits joined by single hyphens, starting with a letter, at most 40 characters (e.g. "create-pod"), got "Make_Pod"',
    ]);
  });

  it('a near-miss without a message', async () => {
    const yaml = VALID.replace('        message: { zh: 没有 Pod tiny, en: no Pod tiny }\n', '');
    expect(await problems(yaml)).toEqual([
      '<dir>/lesson.yaml:18:9 steps[0].nearMisses[0].message: missing field "message": expected a mapping with zh (Chinese) and en (English) text',
    ]);
  });

  it('an empty hint list', async () => {
    const yaml = VALID.replace(
      '    hints:\n      - { zh: 用 apply, en: use apply }\n',
      '    hints: []\n',
    );
    expect(await problems(yaml)).toEqual([
      '<dir>/lesson.yaml:13:12 steps[0].hints: the list is empty: expected at least one hint',
    ]);
    expect(await problems(yaml, 'zh-CN')).toEqual([
      '<dir>/lesson.yaml:13:12 steps[0].hints: 列表为空:至少需要一个提示',
    ]);
  });

  it('bad YAML', async () => {
    const yaml = VALID.replace('summary: { zh: 小课, en: Tiny }', 'summary: { zh: 小课, en: Tiny');
    const found = await problems(yaml);
    expect(found.length).toBeGreaterThan(0);
    expect(found[0]).toMatch(/^<dir>\/lesson\.yaml:5:1 not valid YAML: /);
  });

  it('a duplicate key is a YAML error with its line', async () => {
    const yaml = VALID.replace('id: tiny\n', 'id: tiny\nid: tiny\n');
    expect(await problems(yaml)).toEqual([
      '<dir>/lesson.yaml:3:1 not valid YAML: Map keys must be unique',
    ]);
  });

  it('a near-miss naming a condition the step does not have', async () => {
    const yaml = VALID.replace('condition: pod-exists', 'condition: pod-running');
    expect(await problems(yaml)).toEqual([
      '<dir>/lesson.yaml:22:20 steps[0].nearMisses[0].condition: "pod-running" is not a condition of this step; its conditions are: pod-exists',
    ]);
  });

  it('a file that does not exist', async () => {
    const yaml = VALID.replace('apply: solution/pod.yaml', 'apply: solution/missing.yaml');
    expect(await problems(yaml)).toEqual([
      '<dir>/lesson.yaml:16:16 steps[0].solution[0].apply: file "solution/missing.yaml" does not exist in the lesson folder',
    ]);
  });

  it('a path leaving the lesson folder', async () => {
    const yaml = VALID.replace('apply: solution/pod.yaml', 'apply: ../secrets.yaml');
    expect(await problems(yaml)).toEqual([
      '<dir>/lesson.yaml:16:16 steps[0].solution[0].apply: expected a relative path inside the lesson folder, with "/" separators and no "..", got ../secrets.yaml',
    ]);
  });

  it('a quiz without an answer, and a single choice with two', async () => {
    const quiz = `  - id: ask
    kind: quiz
    title: { zh: 问, en: Ask }
    text: { zh: 问, en: Ask }
    question: { zh: 哪个?, en: Which? }
    type: single
    options:
      - { id: a, text: { zh: 甲, en: A } }
      - { id: b, text: { zh: 乙, en: B } }
    answer: [a, b]
`;
    expect(await problems(VALID + quiz)).toEqual([
      '<dir>/lesson.yaml:33:13 steps[1].answer: a single-choice quiz needs exactly one correct option',
    ]);
    expect(await problems(VALID + quiz.replace('    answer: [a, b]\n', ''))).toEqual([
      '<dir>/lesson.yaml:24:5 steps[1]: a quiz needs exactly one of answer (fixed) or liveAnswer (read from the cluster)',
    ]);
  });

  it('every mistake at once, in document order per field', async () => {
    const yaml = VALID.replace('id: tiny', 'id: Tiny')
      .replace('needs', 'x')
      .replace('    hints:\n      - { zh: 用 apply, en: use apply }\n', '    hints: []\n');
    expect(await problems(yaml)).toEqual([
      '<dir>/lesson.yaml:2:5 id: expected a slug: lower-case words of letters and digits joined by single hyphens, starting with a letter, at most 40 characters (e.g. "create-pod"), got "Tiny"',
      '<dir>/lesson.yaml:13:12 steps[0].hints: the list is empty: expected at least one hint',
    ]);
  });

  it('a newer format is refused with the reason alone', async () => {
    expect(await problems(VALID.replace('format: 1', 'format: 2'))).toEqual([
      '<dir>/lesson.yaml:1:9 format: this lesson is written in format 2, but this pod-course reads format 1; update pod-course',
    ]);
  });
});

describe('loadCourse', () => {
  it('loads lessons in folder order and reports clashing ids', async () => {
    const root = join(scratch, 'course-clash');
    const first = await lessonWith(VALID, '01-tiny');
    const second = await lessonWith(VALID, '02-tiny-again');
    await mkdir(root, { recursive: true });
    const { rename } = await import('node:fs/promises');
    await rename(first, join(root, '01-tiny'));
    await rename(second, join(root, '02-tiny-again'));
    await writeFile(join(root, 'README.md'), '# not a lesson\n');
    const course = await loadCourse(root);
    expect(course.lessons.map((l) => l.folder)).toEqual(['01-tiny']);
    expect(course.problems.map((p) => formatProblem(p, 'en').replace(root, '<root>'))).toEqual([
      '<root>/02-tiny-again/lesson.yaml:1:1 id: lesson id "tiny" is also used by 01-tiny',
    ]);
  });

  it('loads the real course folder without problems', async () => {
    const course = await loadCourse(resolve(example, '..'));
    expect(course.problems.map((p) => formatProblem(p, 'en'))).toEqual([]);
    expect(course.lessons.map((l) => l.id)).toContain('pod-and-infra-container');
  });
});
