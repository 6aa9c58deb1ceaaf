/**
 * The syntax tree of a POSIX shell script, as the parser builds it and the interpreter walks
 * it. Words keep their quoting so expansion can tell `$x` from `"$x"` and `*` from `'*'`.
 */

export type ParamOp =
  | '-'
  | '='
  | '?'
  | '+'
  | '%'
  | '%%'
  | '#'
  | '##'
  /** busybox ash only: `${x:offset:length}`. */
  | 'substring'
  /** busybox ash only: `${x/pattern/replacement}` and `${x//pattern/replacement}`. */
  | '/'
  | '//';

export type WordPart =
  /** Unquoted text: subject to field splitting (when expanded), globbing and tilde. */
  | { type: 'literal'; text: string }
  /** Single-quoted or backslash-escaped text: taken as is. */
  | { type: 'quoted'; text: string }
  | { type: 'double'; parts: WordPart[] }
  | {
      type: 'param';
      name: string;
      /** `${#x}`. */
      length?: boolean;
      op?: ParamOp;
      /** `${x:-d}` tests for empty as well as unset. */
      colon?: boolean;
      word?: Word;
      /** Second operand: the replacement of `/`, the length of `substring`. */
      word2?: Word;
      /** dash parses `${x:1:2}` but fails with "Bad substitution" when expanding it. */
      bad?: boolean;
    }
  | { type: 'command'; body: ListNode; backquote: boolean }
  | { type: 'arith'; expr: Word };

export interface Word {
  parts: WordPart[];
}

export type RedirectOp = '<' | '>' | '>>' | '>|' | '<>' | '<&' | '>&' | '<<' | '<<-' | '&>';

export interface Redirect {
  /** The file descriptor redirected (`2>`); default 0 for input, 1 for output. */
  fd: number;
  op: RedirectOp;
  target: Word;
  /** Here-document body: expanded like double-quoted text unless the delimiter was quoted. */
  heredoc?: { body: Word; expand: boolean };
}

export interface Assignment {
  name: string;
  value: Word;
}

export interface SimpleCommand {
  type: 'simple';
  assignments: Assignment[];
  words: Word[];
  redirects: Redirect[];
  line: number;
}

export interface Subshell {
  type: 'subshell';
  body: ListNode;
  redirects: Redirect[];
  line: number;
}

export interface BraceGroup {
  type: 'group';
  body: ListNode;
  redirects: Redirect[];
  line: number;
}

export interface IfNode {
  type: 'if';
  clauses: { condition: ListNode; body: ListNode }[];
  elseBody?: ListNode;
  redirects: Redirect[];
  line: number;
}

export interface LoopNode {
  type: 'while' | 'until';
  condition: ListNode;
  body: ListNode;
  redirects: Redirect[];
  line: number;
}

export interface ForNode {
  type: 'for';
  name: string;
  /** Undefined for `for x; do` (loops over "$@"). */
  items?: Word[];
  body: ListNode;
  redirects: Redirect[];
  line: number;
}

export interface CaseItem {
  patterns: Word[];
  body: ListNode;
}

export interface CaseNode {
  type: 'case';
  subject: Word;
  items: CaseItem[];
  redirects: Redirect[];
  line: number;
}

export interface FunctionDef {
  type: 'function';
  name: string;
  body: Command;
  line: number;
}

export type Command =
  | SimpleCommand
  | Subshell
  | BraceGroup
  | IfNode
  | LoopNode
  | ForNode
  | CaseNode
  | FunctionDef;

export interface Pipeline {
  type: 'pipeline';
  bang: boolean;
  commands: Command[];
  line: number;
}

export interface AndOr {
  type: 'andor';
  first: Pipeline;
  rest: { op: '&&' | '||'; pipeline: Pipeline }[];
}

export interface ListNode {
  type: 'list';
  items: { command: AndOr; background: boolean }[];
}

export const RESERVED_WORDS = new Set([
  'if',
  'then',
  'else',
  'elif',
  'fi',
  'do',
  'done',
  'case',
  'esac',
  'while',
  'until',
  'for',
  'in',
  '{',
  '}',
  '!',
]);

export function isName(text: string): boolean {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(text);
}
