import {
  type AndOr,
  type Assignment,
  type CaseItem,
  type Command,
  isName,
  type ListNode,
  type Pipeline,
  RESERVED_WORDS,
  type Redirect,
  type RedirectOp,
  type SimpleCommand,
  type Word,
} from './ast.js';
import { Lexer, type LexerOptions, type Token } from './lexer.js';
import { ShellSyntaxError, type UnexpectedToken } from './syntax-error.js';

/**
 * A recursive-descent parser for POSIX sh, shaped like dash's `parser.c`. A shell runs a
 * script one complete command (one line's list) at a time, so `next()` parses only that
 * far: `echo a; fi` fails before `echo a` runs, but on a later line it runs first, as in
 * both busybox and dash.
 */
export class Parser {
  readonly lexer: Lexer;

  /** Parses `source`, or continues on a lexer already inside a word (`$(…)`). */
  constructor(source: string | Lexer, options?: LexerOptions) {
    this.lexer = typeof source === 'string' ? new Lexer(source, options ?? { ash: false }) : source;
  }

  /** The next complete command, or null at the end of the script. */
  next(): ListNode | null {
    const lx = this.lexer;
    while (lx.peek().kind === 'newline') lx.next();
    if (lx.peek().kind === 'eof') return null;
    const list = this.list(true);
    const end = lx.peek();
    if (end.kind === 'newline') lx.next();
    else if (end.kind !== 'eof') this.unexpected(end);
    return list;
  }

  /** Every remaining command as one list (backquotes, `eval`-free tests). */
  all(): ListNode {
    const items: ListNode['items'] = [];
    for (let list = this.next(); list; list = this.next()) items.push(...list.items);
    return { type: 'list', items };
  }

  unexpected(token: Token, expecting?: string): never {
    throw new ShellSyntaxError(
      expecting === undefined
        ? { kind: 'unexpected', token: describe(token) }
        : { kind: 'unexpected', token: describe(token), expecting },
      token.line,
    );
  }

  /** `and_or ((';' | '&') and_or)*` up to a newline (top) or a terminator (compound). */
  private list(top: boolean): ListNode {
    const lx = this.lexer;
    const items: ListNode['items'] = [];
    for (;;) {
      const command = this.andOr();
      const sep = lx.peek();
      if (sep.kind === 'op' && (sep.text === ';' || sep.text === '&')) {
        lx.next();
        items.push({ command, background: sep.text === '&' });
        const after = lx.peek();
        if (after.kind === 'newline' || after.kind === 'eof') break;
        if (!top && this.isTerminator(after)) break;
        continue;
      }
      items.push({ command, background: false });
      break;
    }
    return { type: 'list', items };
  }

  /** A compound list: commands separated by `;`, `&` or newlines, until a terminator. */
  compoundList(allowEmpty = false): ListNode {
    const lx = this.lexer;
    const items: ListNode['items'] = [];
    for (;;) {
      while (lx.peek().kind === 'newline') lx.next();
      const token = lx.peek();
      if (token.kind === 'eof' || this.isTerminator(token)) break;
      const command = this.andOr();
      const sep = lx.peek();
      if (sep.kind === 'op' && (sep.text === ';' || sep.text === '&')) {
        lx.next();
        items.push({ command, background: sep.text === '&' });
      } else if (sep.kind === 'newline') {
        items.push({ command, background: false });
      } else {
        items.push({ command, background: false });
        break;
      }
    }
    const token = lx.peek();
    if (items.length === 0 && !allowEmpty && token.kind !== 'eof') this.unexpected(token);
    return { type: 'list', items };
  }

  private isTerminator(token: Token): boolean {
    if (token.kind === 'op') return token.text === ')' || token.text === ';;';
    return (
      this.isReserved(token, 'then') ||
      this.isReserved(token, 'else') ||
      this.isReserved(token, 'elif') ||
      this.isReserved(token, 'fi') ||
      this.isReserved(token, 'do') ||
      this.isReserved(token, 'done') ||
      this.isReserved(token, 'esac') ||
      this.isReserved(token, '}')
    );
  }

  private isReserved(token: Token, word?: string): boolean {
    if (token.kind !== 'word' || token.quoted || !RESERVED_WORDS.has(token.text)) return false;
    return word === undefined || token.text === word;
  }

  private expectReserved(word: string): Token {
    const token = this.lexer.peek();
    if (!this.isReserved(token, word)) this.unexpected(token, `"${word}"`);
    return this.lexer.next();
  }

  private expectOp(op: string): void {
    const token = this.lexer.peek();
    if (token.kind !== 'op' || token.text !== op) this.unexpected(token, `"${op}"`);
    this.lexer.next();
  }

  private skipNewlines(): void {
    while (this.lexer.peek().kind === 'newline') this.lexer.next();
  }

  private andOr(): AndOr {
    const first = this.pipeline();
    const rest: AndOr['rest'] = [];
    for (;;) {
      const token = this.lexer.peek();
      if (token.kind !== 'op' || (token.text !== '&&' && token.text !== '||')) break;
      this.lexer.next();
      this.skipNewlines();
      rest.push({ op: token.text, pipeline: this.pipeline() });
    }
    return { type: 'andor', first, rest };
  }

  private pipeline(): Pipeline {
    const lx = this.lexer;
    const line = lx.peek().line;
    let bang = false;
    if (this.isReserved(lx.peek(), '!')) {
      lx.next();
      bang = true;
      if (this.isReserved(lx.peek(), '!')) this.unexpected(lx.peek());
    }
    const commands = [this.command()];
    for (;;) {
      const token = lx.peek();
      if (token.kind !== 'op' || token.text !== '|') break;
      lx.next();
      this.skipNewlines();
      commands.push(this.command());
    }
    return { type: 'pipeline', bang, commands, line };
  }

  private command(): Command {
    const lx = this.lexer;
    const token = lx.peek();
    const line = token.line;
    if (token.kind === 'op' && token.text === '(') {
      lx.next();
      const body = this.compoundList();
      this.expectOp(')');
      return { type: 'subshell', body, redirects: this.redirects(), line };
    }
    if (this.isReserved(token)) {
      switch (token.text) {
        case '{': {
          lx.next();
          const body = this.compoundList();
          this.expectReserved('}');
          return { type: 'group', body, redirects: this.redirects(), line };
        }
        case 'if':
          return this.ifCommand();
        case 'while':
        case 'until': {
          lx.next();
          const condition = this.compoundList();
          this.expectReserved('do');
          const body = this.compoundList();
          this.expectReserved('done');
          return { type: token.text, condition, body, redirects: this.redirects(), line };
        }
        case 'for':
          return this.forCommand();
        case 'case':
          return this.caseCommand();
        default:
          this.unexpected(token);
      }
    }
    return this.simpleCommand();
  }

  private ifCommand(): Command {
    const lx = this.lexer;
    const line = lx.next().line;
    const clauses: { condition: ListNode; body: ListNode }[] = [];
    let elseBody: ListNode | undefined;
    for (;;) {
      const condition = this.compoundList();
      this.expectReserved('then');
      const body = this.compoundList();
      clauses.push({ condition, body });
      const token = lx.peek();
      if (this.isReserved(token, 'elif')) {
        lx.next();
        continue;
      }
      if (this.isReserved(token, 'else')) {
        lx.next();
        elseBody = this.compoundList();
      }
      this.expectReserved('fi');
      break;
    }
    const redirects = this.redirects();
    return elseBody
      ? { type: 'if', clauses, elseBody, redirects, line }
      : { type: 'if', clauses, redirects, line };
  }

  private forCommand(): Command {
    const lx = this.lexer;
    const line = lx.next().line;
    const nameToken = lx.next();
    if (nameToken.kind !== 'word' || nameToken.quoted || !isName(nameToken.text)) {
      if (nameToken.kind === 'word') {
        throw new ShellSyntaxError({ kind: 'bad-for-variable' }, nameToken.line);
      }
      this.unexpected(nameToken);
    }
    const name = nameToken.text;
    this.skipNewlines();
    let items: Word[] | undefined;
    const token = lx.peek();
    if (this.isReserved(token, 'in')) {
      lx.next();
      items = [];
      for (;;) {
        const item = lx.peek();
        if (item.kind !== 'word') break;
        lx.next();
        items.push(item.word as Word);
      }
      const sep = lx.peek();
      if (sep.kind === 'op' && sep.text === ';') lx.next();
      else if (sep.kind === 'newline') lx.next();
      else this.unexpected(sep);
      this.skipNewlines();
    } else if (token.kind === 'op' && token.text === ';') {
      lx.next();
      this.skipNewlines();
    }
    this.expectReserved('do');
    const body = this.compoundList();
    this.expectReserved('done');
    const redirects = this.redirects();
    return items
      ? { type: 'for', name, items, body, redirects, line }
      : { type: 'for', name, body, redirects, line };
  }

  private caseCommand(): Command {
    const lx = this.lexer;
    const line = lx.next().line;
    const subjectToken = lx.next();
    if (subjectToken.kind !== 'word') this.unexpected(subjectToken);
    this.skipNewlines();
    this.expectReserved('in');
    const items: CaseItem[] = [];
    for (;;) {
      this.skipNewlines();
      let token = lx.peek();
      if (this.isReserved(token, 'esac')) {
        lx.next();
        break;
      }
      if (token.kind === 'op' && token.text === '(') {
        lx.next();
        token = lx.peek();
      }
      const patterns: Word[] = [];
      for (;;) {
        // dash takes any token as a pattern here and complains about what follows it.
        const pattern = lx.next();
        if (pattern.word) patterns.push(pattern.word);
        const sep = lx.peek();
        if (sep.kind === 'op' && sep.text === '|') {
          lx.next();
          continue;
        }
        break;
      }
      this.expectOp(')');
      const body = this.compoundList(true);
      items.push({ patterns, body });
      const end = lx.peek();
      if (end.kind === 'op' && end.text === ';;') {
        lx.next();
        continue;
      }
      this.skipNewlines();
      this.expectReserved('esac');
      break;
    }
    return {
      type: 'case',
      subject: subjectToken.word as Word,
      items,
      redirects: this.redirects(),
      line,
    };
  }

  private simpleCommand(): Command {
    const lx = this.lexer;
    const first = lx.peek();
    const line = first.line;
    const assignments: Assignment[] = [];
    const words: Word[] = [];
    const redirects: Redirect[] = [];
    for (;;) {
      const token = lx.peek();
      if (token.kind === 'io' || (token.kind === 'op' && isRedirectOp(token.text))) {
        redirects.push(this.redirect());
        continue;
      }
      if (token.kind !== 'word') break;
      lx.next();
      const assignment = words.length === 0 ? asAssignment(token) : undefined;
      if (assignment) assignments.push(assignment);
      else words.push(token.word as Word);
      if (words.length === 1 && assignments.length === 0 && redirects.length === 0) {
        const paren = lx.peek();
        if (paren.kind === 'op' && paren.text === '(') return this.functionDef(token, line);
      }
    }
    if (assignments.length === 0 && words.length === 0 && redirects.length === 0) {
      this.unexpected(lx.peek());
    }
    const command: SimpleCommand = { type: 'simple', assignments, words, redirects, line };
    return command;
  }

  private functionDef(nameToken: Token, line: number): Command {
    const lx = this.lexer;
    lx.next();
    this.expectOp(')');
    if (nameToken.quoted || !isName(nameToken.text)) {
      throw new ShellSyntaxError({ kind: 'bad-function-name' }, nameToken.line);
    }
    this.skipNewlines();
    const body = this.command();
    return { type: 'function', name: nameToken.text, body, line };
  }

  private redirects(): Redirect[] {
    const redirects: Redirect[] = [];
    for (;;) {
      const token = this.lexer.peek();
      if (token.kind === 'io' || (token.kind === 'op' && isRedirectOp(token.text))) {
        redirects.push(this.redirect());
      } else return redirects;
    }
  }

  private redirect(): Redirect {
    const lx = this.lexer;
    let token = lx.next();
    let fd: number | undefined;
    if (token.kind === 'io') {
      fd = Number(token.text);
      token = lx.next();
    }
    const op = token.text as RedirectOp;
    const target = lx.next();
    if (target.kind !== 'word') this.unexpected(target);
    const redirect: Redirect = {
      fd: fd ?? (op.startsWith('<') ? 0 : 1),
      op,
      target: target.word as Word,
    };
    if (op === '<<' || op === '<<-') lx.addHeredoc(redirect, target.word as Word, op === '<<-');
    return redirect;
  }
}

const REDIRECT_OPS = new Set(['<', '>', '>>', '>|', '<>', '<&', '>&', '<<', '<<-', '&>']);

function isRedirectOp(text: string): boolean {
  return REDIRECT_OPS.has(text);
}

function asAssignment(token: Token): Assignment | undefined {
  const word = token.word;
  const first = word?.parts[0];
  if (!word || first?.type !== 'literal') return undefined;
  const eq = first.text.indexOf('=');
  if (eq <= 0 || !isName(first.text.slice(0, eq))) return undefined;
  const rest = first.text.slice(eq + 1);
  const parts =
    rest === '' ? word.parts.slice(1) : [{ ...first, text: rest }, ...word.parts.slice(1)];
  return { name: first.text.slice(0, eq), value: { parts } };
}

function describe(token: Token): UnexpectedToken {
  switch (token.kind) {
    case 'eof':
      return { kind: 'eof' };
    case 'newline':
      return { kind: 'newline' };
    case 'op':
      return { kind: 'token', text: token.text };
    case 'io':
      return { kind: 'word' };
    default:
      return !token.quoted && RESERVED_WORDS.has(token.text)
        ? { kind: 'token', text: token.text }
        : { kind: 'word' };
  }
}

/** `$(…)`: re-enters the parser on the lexer's own text, up to the closing parenthesis. */
export function parseDollarParen(lexer: Lexer): ListNode {
  const parser = new Parser(lexer);
  const body = parser.compoundList(true);
  const close = lexer.peek();
  if (close.kind !== 'op' || close.text !== ')') parser.unexpected(close, '")"');
  lexer.next();
  return body;
}

/** A backquoted command: its text, unescaped, parsed as a script of its own. */
export function parseBackquoted(text: string, options: LexerOptions): ListNode {
  return new Parser(text, options).all();
}

/** Parses a whole script at once (tests, `eval` of small strings). */
export function parseScript(source: string, options: LexerOptions): ListNode {
  return new Parser(source, options).all();
}
