import {
  isAlias,
  isMap,
  isScalar,
  isSeq,
  type LineCounter,
  type Node,
  parseDocument,
  type YAMLMap,
} from 'yaml';
import type { LessonProblem } from './lesson-problem.js';
import type { LocalizedText } from './localized-text.js';
import { expect, got, lessonMessages } from './messages.js';

/**
 * A small hand-written validator over the `yaml` syntax tree, so that every problem knows its
 * line and column (a plain-object schema library would have lost them). Decoders collect all
 * problems rather than stopping at the first, and return `undefined` for a value they rejected.
 */

/** Where a value sits: its field path and a source offset for the line number. */
export interface At {
  path: string;
  offset: number;
}

export type Decoder<T> = (node: Node | null, at: At, ctx: DecodeContext) => T | undefined;

export class DecodeContext {
  readonly problems: LessonProblem[] = [];

  constructor(
    readonly file: string,
    private readonly lines: LineCounter,
  ) {}

  report(at: At, message: LocalizedText) {
    const { line, col } = this.lines.linePos(at.offset);
    this.problems.push({ file: this.file, line, column: col, path: at.path, message });
  }

  lineOf(offset: number) {
    return this.lines.linePos(offset).line;
  }
}

/** Parses YAML text; syntax errors become problems with yaml's own position. */
export function parseYaml(text: string, file: string, lines: LineCounter) {
  const document = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  const ctx = new DecodeContext(file, lines);
  for (const error of document.errors) {
    // yaml appends " at line N, column M" and a code frame; we print the position ourselves.
    const detail = error.message.split(' at line ')[0] ?? error.message;
    ctx.report({ path: '', offset: error.pos[0] }, lessonMessages.yamlSyntax(detail));
  }
  return { document, ctx };
}

export const child = (at: At, key: string, node: Node | null): At => ({
  path: at.path === '' ? key : `${at.path}.${key}`,
  offset: node?.range?.[0] ?? at.offset,
});

function describe(node: Node | null): LocalizedText {
  if (node === null || (isScalar(node) && node.value === null)) return got.nothing;
  if (isMap(node)) return got.mapping;
  if (isSeq(node)) return got.list;
  if (isScalar(node)) {
    if (node.value === '') return got.emptyText;
    return got.value(JSON.stringify(node.value));
  }
  return got.value(String(node));
}

function rejectAlias(node: Node | null, at: At, ctx: DecodeContext): boolean {
  if (node !== null && isAlias(node)) {
    ctx.report(at, lessonMessages.noAliases());
    return true;
  }
  return false;
}

/** A non-empty string (numbers and booleans are not silently turned into text). */
export const text: Decoder<string> = (node, at, ctx) => {
  if (rejectAlias(node, at, ctx)) return undefined;
  if (node !== null && isScalar(node) && typeof node.value === 'string' && node.value.trim()) {
    return node.value;
  }
  ctx.report(at, lessonMessages.expected(expect.text, describe(node)));
  return undefined;
};

/** A string that must match `pattern`; `what` explains the pattern to the author. */
export function matching(pattern: RegExp, what: LocalizedText): Decoder<string> {
  return (node, at, ctx) => {
    if (rejectAlias(node, at, ctx)) return undefined;
    if (node !== null && isScalar(node) && typeof node.value === 'string') {
      if (pattern.test(node.value)) return node.value;
    }
    ctx.report(at, lessonMessages.expected(what, describe(node)));
    return undefined;
  };
}

export function oneOf<T extends string>(values: readonly T[]): Decoder<T> {
  return (node, at, ctx) => {
    if (rejectAlias(node, at, ctx)) return undefined;
    const value = node !== null && isScalar(node) ? node.value : undefined;
    if (typeof value === 'string' && (values as readonly string[]).includes(value)) {
      return value as T;
    }
    ctx.report(at, lessonMessages.expected(expect.oneOf(values), describe(node)));
    return undefined;
  };
}

export const positiveInteger: Decoder<number> = (node, at, ctx) => {
  if (rejectAlias(node, at, ctx)) return undefined;
  const value = node !== null && isScalar(node) ? node.value : undefined;
  if (typeof value === 'number' && Number.isInteger(value) && value > 0) return value;
  ctx.report(at, lessonMessages.expected(expect.positiveInteger, describe(node)));
  return undefined;
};

export interface ListOptions {
  /** When set, an empty list is a problem naming what one item is. */
  nonEmpty?: LocalizedText;
}

/** A list; each item is decoded at `path[i]`. Items that fail are dropped (and reported). */
export function list<T>(item: Decoder<T>, options: ListOptions = {}): Decoder<T[]> {
  return (node, at, ctx) => {
    if (rejectAlias(node, at, ctx)) return undefined;
    if (node === null || !isSeq(node)) {
      ctx.report(at, lessonMessages.expected(expect.list, describe(node)));
      return undefined;
    }
    if (node.items.length === 0 && options.nonEmpty) {
      ctx.report(at, lessonMessages.emptyList(options.nonEmpty));
    }
    const out: T[] = [];
    node.items.forEach((raw, index) => {
      const itemNode = (raw ?? null) as Node | null;
      const itemAt = { path: `${at.path}[${index}]`, offset: itemNode?.range?.[0] ?? at.offset };
      const value = item(itemNode, itemAt, ctx);
      if (value !== undefined) out.push(value);
    });
    return out;
  };
}

/**
 * A mapping whose keys are all known. `read` pulls fields out of it; unknown keys were
 * already reported, each at its own line.
 */
export class MapReader {
  constructor(
    private readonly map: YAMLMap,
    readonly at: At,
    private readonly ctx: DecodeContext,
  ) {}

  has(key: string) {
    return this.entry(key) !== undefined;
  }

  /** Where a field's value (else its key, else the map) starts, for problems about it. */
  offsetOf(key: string) {
    const pair = this.entry(key);
    const node = (pair?.value ?? pair?.key) as Node | null | undefined;
    return node?.range?.[0] ?? this.at.offset;
  }

  required<T>(key: string, decode: Decoder<T>, what: LocalizedText): T | undefined {
    const pair = this.entry(key);
    if (!pair) {
      this.ctx.report(
        { path: child(this.at, key, null).path, offset: this.at.offset },
        lessonMessages.missingField(key, what),
      );
      return undefined;
    }
    const value = (pair.value ?? null) as Node | null;
    return decode(value, child(this.at, key, value ?? (pair.key as Node)), this.ctx);
  }

  optional<T>(key: string, decode: Decoder<T>): T | undefined {
    const pair = this.entry(key);
    if (!pair) return undefined;
    const value = (pair.value ?? null) as Node | null;
    return decode(value, child(this.at, key, value ?? (pair.key as Node)), this.ctx);
  }

  private entry(key: string) {
    return this.map.items.find((pair) => isScalar(pair.key) && pair.key.value === key);
  }
}

/** Opens a mapping, reporting every key not in `allowed`. */
export function readMap(
  node: Node | null,
  at: At,
  ctx: DecodeContext,
  allowed: readonly string[],
): MapReader | undefined {
  if (rejectAlias(node, at, ctx)) return undefined;
  if (node === null || !isMap(node)) {
    ctx.report(at, lessonMessages.expected(expect.mapping, describe(node)));
    return undefined;
  }
  for (const pair of node.items) {
    const keyNode = pair.key as Node | null;
    const key = keyNode !== null && isScalar(keyNode) ? String(keyNode.value) : String(keyNode);
    if (!allowed.includes(key)) {
      ctx.report(child(at, key, keyNode), lessonMessages.unknownField(key, allowed));
    }
  }
  return new MapReader(node, at, ctx);
}

/** `{zh, en}`: both are required, so no learner ever meets a missing translation. */
export const localized: Decoder<LocalizedText> = (node, at, ctx) => {
  const map = readMap(node, at, ctx, ['zh', 'en']);
  if (!map) return undefined;
  const pick = (language: 'zh' | 'en') => {
    if (!map.has(language)) {
      ctx.report(at, lessonMessages.missingText(language));
      return undefined;
    }
    return map.optional(language, text);
  };
  const zh = pick('zh');
  const en = pick('en');
  return zh !== undefined && en !== undefined ? { zh, en } : undefined;
};

/**
 * Reports a second use of an id within one list, pointing back at the first. `items` carry the
 * id and where it was written.
 */
export function checkUnique(items: readonly { id: string; at: At }[], ctx: DecodeContext): void {
  const first = new Map<string, At>();
  for (const item of items) {
    const earlier = first.get(item.id);
    if (earlier) {
      ctx.report(item.at, lessonMessages.duplicateId(item.id, ctx.lineOf(earlier.offset)));
    } else {
      first.set(item.id, item.at);
    }
  }
}
