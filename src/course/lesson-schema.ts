import { isMap, isScalar, type Node } from 'yaml';
import type {
  Action,
  Capability,
  Condition,
  Lesson,
  NearMiss,
  ObjectRef,
  QuizOption,
  Step,
  WaitFor,
} from './lesson-types.js';
import { CAPABILITIES, LESSON_FORMAT, WAIT_FOR } from './lesson-types.js';
import type { LocalizedText } from './localized-text.js';
import { expect, lessonMessages } from './messages.js';
import {
  type At,
  checkUnique,
  type DecodeContext,
  type Decoder,
  list,
  localized,
  matching,
  oneOf,
  positiveInteger,
  readMap,
  text,
} from './yaml-decoder.js';

/**
 * The lesson.yaml format (documented for authors in lessons/README.md). Decoding yields the
 * lesson without its folder-derived fields, plus every file it names so the loader can check
 * that each exists.
 */

export type DecodedLesson = Omit<Lesson, 'number' | 'folder' | 'dir'>;

export interface FileRef {
  /** Relative to the lesson folder. */
  path: string;
  at: At;
}

interface Refs {
  files: FileRef[];
}

export const SLUG = /^(?=.{1,40}$)[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;
const slug = matching(SLUG, expect.slug);

const relativePath: Decoder<string> = (node, at, ctx) => {
  const value = text(node, at, ctx);
  if (value === undefined) return undefined;
  const segments = value.split('/');
  const ok =
    !value.includes('\\') && segments.every((part) => part !== '' && part !== '..' && part !== '.');
  if (ok) return value;
  ctx.report(at, lessonMessages.expected(expect.relativePath, { en: value, zh: value }));
  return undefined;
};

/** A path that must exist in the lesson folder; `prefix` is where it is relative to. */
function fileIn(refs: Refs, prefix = ''): Decoder<string> {
  return (node, at, ctx) => {
    const value = relativePath(node, at, ctx);
    if (value !== undefined) refs.files.push({ path: `${prefix}${value}`, at });
    return value;
  };
}

const objectRef: Decoder<ObjectRef> = (node, at, ctx) => {
  const map = readMap(node, at, ctx, ['kind', 'name']);
  if (!map) return undefined;
  const kind = map.required('kind', text, expect.text);
  const name = map.required('name', text, expect.text);
  return kind !== undefined && name !== undefined ? { kind, name } : undefined;
};

const ACTIONS = ['apply', 'delete', 'create', 'exec', 'wait', 'advance'] as const;

function action(refs: Refs): Decoder<Action> {
  return (node, at, ctx) => {
    const map = readMap(node, at, ctx, ACTIONS);
    if (!map) return undefined;
    const present = ACTIONS.filter((name) => map.has(name));
    if (present.length !== 1) {
      const shown = present.length === 0 ? '{}' : present.join(' + ');
      ctx.report(at, lessonMessages.expected(expect.action, { en: shown, zh: shown }));
      return undefined;
    }
    switch (present[0]) {
      case 'apply': {
        const file = map.optional('apply', fileIn(refs));
        return file === undefined ? undefined : { type: 'apply', file };
      }
      case 'delete': {
        const target = map.optional('delete', objectRef);
        return target === undefined ? undefined : { type: 'delete', target };
      }
      case 'create':
        return map.optional('create', (inner, innerAt) => {
          const spec = readMap(inner, innerAt, ctx, ['kind', 'name', 'fromFiles']);
          if (!spec) return undefined;
          const kind = spec.required('kind', oneOf(['Secret', 'ConfigMap'] as const), expect.text);
          const name = spec.required('name', text, expect.text);
          const fromFiles = spec.required(
            'fromFiles',
            list(fileIn(refs), { nonEmpty: expect.relativePath }),
            expect.list,
          );
          if (kind === undefined || name === undefined || fromFiles === undefined) return undefined;
          return { type: 'create', kind, name, fromFiles };
        });
      case 'exec':
        return map.optional('exec', (inner, innerAt) => {
          const spec = readMap(inner, innerAt, ctx, ['pod', 'container', 'command']);
          if (!spec) return undefined;
          const pod = spec.required('pod', text, expect.text);
          const container = spec.required('container', text, expect.text);
          const command = spec.required(
            'command',
            list(text, { nonEmpty: expect.text }),
            expect.list,
          );
          if (pod === undefined || container === undefined || command === undefined)
            return undefined;
          return { type: 'exec', pod, container, command };
        });
      case 'wait':
        return map.optional('wait', (inner, innerAt) => {
          const spec = readMap(inner, innerAt, ctx, ['kind', 'name', 'for', 'timeoutSeconds']);
          if (!spec) return undefined;
          const kind = spec.required('kind', text, expect.text);
          const name = spec.required('name', text, expect.text);
          const until = spec.required('for', oneOf(WAIT_FOR), expect.oneOf(WAIT_FOR));
          const timeout = spec.optional('timeoutSeconds', positiveInteger) ?? 120;
          if (kind === undefined || name === undefined || until === undefined) return undefined;
          const waitFor: WaitFor = until;
          return { type: 'wait', target: { kind, name }, for: waitFor, timeoutSeconds: timeout };
        });
      case 'advance':
        return map.optional('advance', (inner, innerAt) => {
          const spec = readMap(inner, innerAt, ctx, ['seconds']);
          if (!spec) return undefined;
          const seconds = spec.required('seconds', positiveInteger, expect.positiveInteger);
          return seconds === undefined ? undefined : { type: 'advance', seconds };
        });
      default:
        return undefined;
    }
  };
}

/** `{id, text}` items (conditions, options) whose ids must be unique within their list. */
function idAndText(ids: { id: string; at: At }[]): Decoder<{ id: string; text: LocalizedText }> {
  return (node, at, ctx) => {
    const map = readMap(node, at, ctx, ['id', 'text']);
    if (!map) return undefined;
    const id = map.required('id', slug, expect.slug);
    const label = map.required('text', localized, expect.localized);
    if (id !== undefined)
      ids.push({ id, at: { path: `${at.path}.id`, offset: map.offsetOf('id') } });
    return id !== undefined && label !== undefined ? { id, text: label } : undefined;
  };
}

const COMMON = ['id', 'kind', 'title', 'text', 'files', 'try'] as const;
const BY_KIND = {
  task: [...COMMON, 'conditions', 'hints', 'solution', 'nearMisses'],
  quiz: [...COMMON, 'question', 'type', 'options', 'answer', 'liveAnswer', 'explanation', 'hints'],
  read: [...COMMON],
} as const;
const KINDS = ['task', 'quiz', 'read'] as const;
const hintList = list(localized, { nonEmpty: { en: 'hint', zh: '提示' } });

interface StepBaseFields {
  id: string;
  number: number;
  title: LocalizedText;
  text: LocalizedText;
  files: string[];
  try: string[];
}

type MapReader = NonNullable<ReturnType<typeof readMap>>;

function step(refs: Refs, stepIds: { id: string; at: At }[], starter: string[]): Decoder<Step> {
  const starterFile: Decoder<string> = (node, at, ctx) => {
    const value = relativePath(node, at, ctx);
    if (value !== undefined && !starter.includes(value)) {
      ctx.report(at, lessonMessages.starterNotDeclared(value));
      return undefined;
    }
    return value;
  };
  return (node, at, ctx) => {
    const kindNode =
      node !== null && isMap(node) ? (node.get('kind', true) as Node | undefined) : undefined;
    const kindValue = kindNode && isScalar(kindNode) ? kindNode.value : undefined;
    const kind = KINDS.find((k) => k === kindValue);
    const map = readMap(node, at, ctx, kind ? BY_KIND[kind] : COMMON);
    if (!map) return undefined;
    const id = map.required('id', slug, expect.slug);
    if (id !== undefined) {
      stepIds.push({ id, at: { path: `${at.path}.id`, offset: map.offsetOf('id') } });
    }
    map.required('kind', oneOf(KINDS), expect.oneOf(KINDS));
    const title = map.required('title', localized, expect.localized);
    const body = map.required('text', localized, expect.localized);
    const files = map.optional('files', list(starterFile)) ?? [];
    const commands = map.optional('try', list(text)) ?? [];
    if (!kind) return undefined;
    const base =
      id !== undefined && title !== undefined && body !== undefined
        ? { id, number: 0, title, text: body, files, try: commands }
        : undefined;
    if (kind === 'read') return base && { ...base, kind };
    if (kind === 'task') return task(map, ctx, refs, base);
    return quiz(map, at, ctx, base);
  };
}

function task(
  map: MapReader,
  ctx: DecodeContext,
  refs: Refs,
  base: StepBaseFields | undefined,
): Step | undefined {
  const conditionIds: { id: string; at: At }[] = [];
  const conditions = map.required(
    'conditions',
    list(idAndText(conditionIds), { nonEmpty: { en: 'condition', zh: '条件' } }),
    expect.list,
  );
  checkUnique(conditionIds, ctx);
  const hints = map.required('hints', hintList, expect.list);
  const solution = map.required(
    'solution',
    list(action(refs), { nonEmpty: expect.action }),
    expect.list,
  );
  const nearMissIds: { id: string; at: At }[] = [];
  const nearMisses = map.required(
    'nearMisses',
    list(nearMiss(refs, nearMissIds, conditions ?? []), {
      nonEmpty: { en: 'near-miss', zh: '近似错误 (near-miss)' },
    }),
    expect.list,
  );
  checkUnique(nearMissIds, ctx);
  if (!base || !conditions || !hints || !solution || !nearMisses) return undefined;
  return { ...base, kind: 'task', conditions, hints, solution, nearMisses };
}

function nearMiss(
  refs: Refs,
  ids: { id: string; at: At }[],
  conditions: readonly Condition[],
): Decoder<NearMiss> {
  return (node, at, ctx) => {
    const map = readMap(node, at, ctx, ['id', 'text', 'actions', 'condition', 'message']);
    if (!map) return undefined;
    const id = map.required('id', slug, expect.slug);
    if (id !== undefined)
      ids.push({ id, at: { path: `${at.path}.id`, offset: map.offsetOf('id') } });
    const description = map.required('text', localized, expect.localized);
    const actions = map.required(
      'actions',
      list(action(refs), { nonEmpty: expect.action }),
      expect.list,
    );
    const condition = map.required(
      'condition',
      (inner, innerAt, c) => {
        const value = slug(inner, innerAt, c);
        const known = conditions.map((item) => item.id);
        if (value !== undefined && known.length > 0 && !known.includes(value)) {
          c.report(innerAt, lessonMessages.unknownCondition(value, known));
          return undefined;
        }
        return value;
      },
      expect.slug,
    );
    const message = map.required('message', localized, expect.localized);
    if (!id || !description || !actions || !condition || !message) return undefined;
    return { id, text: description, actions, condition, message };
  };
}

const QUIZ_TYPES = ['single', 'multiple', 'text'] as const;

function quiz(
  map: MapReader,
  at: At,
  ctx: DecodeContext,
  base: StepBaseFields | undefined,
): Step | undefined {
  const question = map.required('question', localized, expect.localized);
  const answerType = map.required('type', oneOf(QUIZ_TYPES), expect.oneOf(QUIZ_TYPES));
  const optionIds: { id: string; at: At }[] = [];
  const options: QuizOption[] = map.optional('options', list(idAndText(optionIds))) ?? [];
  checkUnique(optionIds, ctx);
  const explanation = map.optional('explanation', localized);
  const hints = map.optional('hints', hintList) ?? [];
  const optionsAt = { path: `${at.path}.options`, offset: map.offsetOf('options') };
  if (answerType === 'text' && map.has('options')) {
    ctx.report(optionsAt, lessonMessages.optionsForbidden());
  } else if (answerType !== undefined && answerType !== 'text' && options.length < 2) {
    ctx.report(optionsAt, lessonMessages.optionsNeeded());
  }
  if (map.has('answer') === map.has('liveAnswer')) {
    ctx.report(at, lessonMessages.answerOrLive());
    return undefined;
  }
  let answer:
    | { source: 'static'; values: string[] }
    | { source: 'live'; check: string }
    | undefined;
  if (map.has('liveAnswer')) {
    const check = map.optional('liveAnswer', slug);
    answer = check === undefined ? undefined : { source: 'live', check };
  } else {
    const values = map.optional('answer', (inner, innerAt, c) => {
      const decoded = list(text, { nonEmpty: expect.text })(inner, innerAt, c);
      if (decoded === undefined || answerType === undefined || answerType === 'text')
        return decoded;
      const known = options.map((option) => option.id);
      const unknown = decoded.filter((value) => !known.includes(value));
      for (const value of unknown) c.report(innerAt, lessonMessages.unknownOption(value, known));
      if (answerType === 'single' && decoded.length !== 1) {
        c.report(innerAt, lessonMessages.singleNeedsOne());
        return undefined;
      }
      return unknown.length === 0 ? decoded : undefined;
    });
    answer = values === undefined ? undefined : { source: 'static', values };
  }
  if (!base || !question || !answerType || !answer) return undefined;
  return { ...base, kind: 'quiz', question, answerType, options, answer, explanation, hints };
}

const LESSON_KEYS = [
  'format',
  'id',
  'title',
  'summary',
  'needs',
  'files',
  'setup',
  'cleanup',
  'steps',
];

/** Decodes a whole lesson.yaml document; `undefined` when any problem was reported. */
export function decodeLesson(
  node: Node | null,
  ctx: DecodeContext,
): { lesson: DecodedLesson; files: FileRef[] } | undefined {
  const root: At = { path: '', offset: node?.range?.[0] ?? 0 };
  const map = readMap(node, root, ctx, LESSON_KEYS);
  if (!map) return undefined;
  const format = map.required('format', positiveInteger, expect.positiveInteger);
  if (format !== undefined && format > LESSON_FORMAT) {
    ctx.report(
      { path: 'format', offset: map.offsetOf('format') },
      lessonMessages.newerFormat(format, LESSON_FORMAT),
    );
    return undefined;
  }
  const refs: Refs = { files: [] };
  const id = map.required('id', slug, expect.slug);
  const title = map.required('title', localized, expect.localized);
  const summary = map.required('summary', localized, expect.localized);
  const needs: Capability[] = map.optional('needs', list(oneOf(CAPABILITIES))) ?? [];
  const files: string[] = map.optional('files', list(fileIn(refs, 'files/'))) ?? [];
  const setup = map.optional('setup', list(action(refs))) ?? [];
  const cleanup = map.optional('cleanup', list(action(refs))) ?? [];
  const stepIds: { id: string; at: At }[] = [];
  const steps = map.required(
    'steps',
    list(step(refs, stepIds, files), { nonEmpty: { en: 'step', zh: '步骤' } }),
    expect.list,
  );
  checkUnique(stepIds, ctx);
  if (ctx.problems.length > 0 || !id || !title || !summary || !steps) return undefined;
  steps.forEach((item, index) => {
    item.number = index + 1;
  });
  return {
    lesson: { id, title, summary, needs, files, setup, cleanup, steps },
    files: refs.files,
  };
}
