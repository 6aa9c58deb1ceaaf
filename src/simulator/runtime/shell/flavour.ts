import { FS_ERROR_TEXT, type FsErrorCode } from '../fs/file-system.js';
import type { ShellSyntaxError, UnexpectedToken } from './syntax-error.js';

/**
 * The two shells learners meet in container images, with their own words for the same
 * failures: busybox ash (busybox, alpine) and dash (debian and ubuntu's /bin/sh). Texts were
 * taken from busybox 1.35 and dash 0.5.12 running the same scripts.
 */
export type FlavourName = 'ash' | 'dash';

export interface ErrorPlace {
  /** `$0`: `sh`, `/bin/sh`, or the script's name. */
  arg0: string;
  /** The builtin that failed (`cd`), if any. */
  command?: string;
  /** 1-based line in the script or `-c` string. */
  line: number;
  /** ash prints lines only when it runs a script file or `-c` with a name (see ash_vmsg). */
  scriptNamed: boolean;
  /** Interactive shells reading a terminal. */
  interactive: boolean;
  /** Running a `-c` string (ash counts its lines from 0 there). */
  commandString: boolean;
}

export interface Flavour {
  readonly name: FlavourName;
  /** `[[ … ]]` is a builtin (busybox); dash has none: `[[: not found`. */
  readonly doubleBracket: boolean;
  /** dash's echo interprets backslash escapes and knows only `-n`. */
  readonly xsiEcho: boolean;
  readonly pipefail: boolean;
  readonly substringExpansion: boolean;
  /** `set -x` quotes arguments that need it (busybox does, dash 0.5.12 does not). */
  readonly quoteTrace: boolean;
  /** busybox runs the last command of `sh -c` in place of the shell (exec). */
  readonly execLastCommand: boolean;
  /** Prefix of an error message: `sh: `, `sh: 1: `, `sh: cd: line 1: `, `sh: 1: cd: `. */
  prefix(place: ErrorPlace): string;
  syntaxError(error: ShellSyntaxError): string;
  notFound(name: string): string;
  /** The prompt (PS1 default) of an interactive shell. */
  prompt(cwd: string, root: boolean): string;
  messages: FlavourMessages;
}

export interface FlavourMessages {
  /** A redirection that could not open (`<`) or create (`>`) its file; `code` is errno's name. */
  cantOpen(path: string, code: string): string;
  cantCreate(path: string, code: string): string;
  cantCd(path: string, reason: string): string;
  illegalNumber(text: string): string;
  divideByZero(expression: string): string;
  arithmeticSyntax(expression: string, detail: string): string;
  badSubstitution: string;
  cantShift: string | undefined;
  notInFunction: string;
  sourceNotFound(path: string): string;
  functionKind: string;
}

/** Both shells' errmsg(): a missing path gets the shell's own words, anything else strerror. */
function errmsg(code: string, missing: string): string {
  if (code === 'ENOENT' || code === 'ENOTDIR') return missing;
  return code in FS_ERROR_TEXT ? FS_ERROR_TEXT[code as FsErrorCode] : code;
}

function describeToken(token: UnexpectedToken): string {
  switch (token.kind) {
    case 'eof':
      return 'end of file';
    case 'newline':
      return 'newline';
    case 'word':
      return 'word';
    default:
      return `"${token.text}"`;
  }
}

export const ash: Flavour = {
  name: 'ash',
  doubleBracket: true,
  xsiEcho: false,
  pipefail: true,
  substringExpansion: true,
  quoteTrace: true,
  execLastCommand: true,
  prefix(place) {
    let text = `${place.arg0}: `;
    const named = place.scriptNamed || place.command !== undefined;
    if (named) {
      if (place.command !== undefined && place.command !== place.arg0) text += `${place.command}: `;
      if (!place.interactive) {
        text += `line ${place.commandString ? place.line - 1 : place.line}: `;
      }
    }
    return text;
  },
  syntaxError(error) {
    const p = error.problem;
    switch (p.kind) {
      case 'unexpected':
        return `syntax error: unexpected ${describeToken(p.token)}${
          p.expecting ? ` (expecting ${p.expecting})` : ''
        }`;
      case 'unterminated-quote':
        return 'syntax error: unterminated quoted string';
      case 'eof-in-backquote':
        return 'syntax error: EOF in backquote substitution';
      case 'missing-brace':
        return "syntax error: missing '}'";
      case 'bad-substitution':
        return 'syntax error: bad substitution';
      case 'bad-for-variable':
        return 'syntax error: bad for loop variable';
      case 'bad-function-name':
        return 'syntax error: bad function name';
    }
  },
  notFound: (name) => `${name}: not found`,
  prompt: (cwd, root) => `${cwd} ${root ? '#' : '$'} `,
  messages: {
    cantOpen: (path, code) => `can't open ${path}: ${errmsg(code, 'no such file')}`,
    cantCreate: (path, code) => `can't create ${path}: ${errmsg(code, 'nonexistent directory')}`,
    cantCd: (path, reason) => `can't cd to ${path}: ${reason}`,
    illegalNumber: (text) => `Illegal number: ${text}`,
    divideByZero: () => 'divide by zero',
    arithmeticSyntax: () => 'arithmetic syntax error',
    badSubstitution: 'syntax error: bad substitution',
    cantShift: undefined,
    notInFunction: 'not in a function',
    sourceNotFound: (path) => `can't open '${path}': No such file or directory`,
    functionKind: 'a function',
  },
};

export const dash: Flavour = {
  name: 'dash',
  doubleBracket: false,
  xsiEcho: true,
  pipefail: false,
  substringExpansion: false,
  quoteTrace: false,
  execLastCommand: false,
  prefix(place) {
    return place.command !== undefined
      ? `${place.arg0}: ${place.line}: ${place.command}: `
      : `${place.arg0}: ${place.line}: `;
  },
  syntaxError(error) {
    const p = error.problem;
    switch (p.kind) {
      case 'unexpected':
        return `Syntax error: ${describeToken(p.token)} unexpected${
          p.expecting ? ` (expecting ${p.expecting})` : ''
        }`;
      case 'unterminated-quote':
        return 'Syntax error: Unterminated quoted string';
      case 'eof-in-backquote':
        return 'Syntax error: EOF in backquote substitution';
      case 'missing-brace':
        return "Syntax error: Missing '}'";
      case 'bad-substitution':
        return 'Syntax error: Bad substitution';
      case 'bad-for-variable':
        return 'Syntax error: Bad for loop variable';
      case 'bad-function-name':
        return 'Syntax error: Bad function name';
    }
  },
  notFound: (name) => `${name}: not found`,
  prompt: (_cwd, root) => (root ? '# ' : '$ '),
  messages: {
    cantOpen: (path, code) => `cannot open ${path}: ${errmsg(code, 'No such file')}`,
    cantCreate: (path, code) => `cannot create ${path}: ${errmsg(code, 'Directory nonexistent')}`,
    cantCd: (path) => `can't cd to ${path}`,
    illegalNumber: (text) => `Illegal number: ${text}`,
    divideByZero: (expression) => `arithmetic expression: division by zero: "${expression}"`,
    arithmeticSyntax: (expression, detail) => `arithmetic expression: ${detail}: "${expression}"`,
    badSubstitution: 'Bad substitution',
    cantShift: "can't shift that many",
    notInFunction: 'not in a function',
    sourceNotFound: (path) => `cannot open ${path}: No such file`,
    functionKind: 'a shell function',
  },
};

export const FLAVOURS: Record<FlavourName, Flavour> = { ash, dash };
