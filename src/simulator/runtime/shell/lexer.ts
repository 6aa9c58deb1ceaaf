import type { ParamOp, Redirect, Word, WordPart } from './ast.js';
import { parseBackquoted, parseDollarParen } from './parser.js';
import { ShellSyntaxError, type SyntaxProblem } from './syntax-error.js';

export interface Token {
  kind: 'word' | 'op' | 'newline' | 'eof' | 'io';
  /** Raw source of a word, the operator, or the digits of an IO number. */
  text: string;
  word?: Word;
  /** The word had quotes or expansions: never a reserved word or an assignment name. */
  quoted: boolean;
  line: number;
}

export interface LexerOptions {
  /** busybox ash extensions: `&>`, `${x:1:2}`, `${x/a/b}`; dash rejects them. */
  ash: boolean;
  /** Added to line numbers (a backquoted script starts on its enclosing line). */
  lineOffset?: number;
  /** An interactive shell: a here-document cut short by end of input means "read more". */
  interactive?: boolean;
}

const OPERATORS = [
  '&&',
  '||',
  ';;',
  '<<-',
  '<<',
  '>>',
  '>|',
  '<>',
  '<&',
  '>&',
  '&>',
  ';',
  '&',
  '|',
  '(',
  ')',
  '<',
  '>',
];
const WORD_END = new Set([' ', '\t', '\n', ';', '&', '|', '(', ')', '<', '>']);
const SPECIAL_PARAMS = new Set(['@', '*', '#', '?', '-', '$', '!', '0']);

class PartsBuilder {
  readonly parts: WordPart[] = [];
  literal(text: string) {
    const last = this.parts[this.parts.length - 1];
    if (last?.type === 'literal') last.text += text;
    else this.parts.push({ type: 'literal', text });
  }
  quoted(text: string) {
    const last = this.parts[this.parts.length - 1];
    if (last?.type === 'quoted') last.text += text;
    else this.parts.push({ type: 'quoted', text });
  }
  push(part: WordPart) {
    this.parts.push(part);
  }
}

interface PendingHeredoc {
  redirect: Redirect;
  delimiter: string;
  strip: boolean;
  expand: boolean;
}

/**
 * Turns script text into tokens, dash-style: words keep their quoting structure, `$(…)`
 * is parsed at once through `substitution` (the parser, re-entered on the same text), and
 * here-document bodies are read when the newline ending their command line is reached.
 */
export class Lexer {
  pos = 0;
  private lookahead: Token | undefined;
  private pending: PendingHeredoc[] = [];
  private readonly newlines: number[] = [];

  constructor(
    readonly src: string,
    readonly options: LexerOptions,
  ) {
    for (let i = 0; i < src.length; i++) if (src[i] === '\n') this.newlines.push(i);
  }

  /** 1-based line of a source position. */
  lineAt(pos: number): number {
    let lo = 0;
    let hi = this.newlines.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((this.newlines[mid] as number) < pos) lo = mid + 1;
      else hi = mid;
    }
    return lo + 1 + (this.options.lineOffset ?? 0);
  }

  fail(problem: SyntaxProblem, pos = this.pos): never {
    throw new ShellSyntaxError(problem, this.lineAt(pos));
  }

  peek(): Token {
    this.lookahead ??= this.scan();
    return this.lookahead;
  }

  next(): Token {
    const token = this.peek();
    this.lookahead = undefined;
    return token;
  }

  /** Registers a here-document whose body starts after the current line. */
  addHeredoc(redirect: Redirect, delimiterWord: Word, strip: boolean): void {
    let delimiter = '';
    let expand = true;
    const flatten = (parts: WordPart[]) => {
      for (const part of parts) {
        if (part.type === 'literal') delimiter += part.text;
        else if (part.type === 'quoted') {
          delimiter += part.text;
          expand = false;
        } else if (part.type === 'double') {
          expand = false;
          flatten(part.parts);
        } else if (part.type === 'param') delimiter += `$${part.name}`;
      }
    };
    flatten(delimiterWord.parts);
    this.pending.push({ redirect, delimiter, strip, expand });
  }

  private scan(): Token {
    this.skipBlanks();
    const start = this.pos;
    const line = this.lineAt(start);
    const c = this.src[this.pos];
    if (c === undefined) {
      this.readHeredocs();
      return { kind: 'eof', text: '', quoted: false, line };
    }
    if (c === '\n') {
      this.pos++;
      this.readHeredocs();
      return { kind: 'newline', text: '\n', quoted: false, line };
    }
    for (const op of OPERATORS) {
      if (op === '&>' && !this.options.ash) continue;
      if (this.src.startsWith(op, this.pos)) {
        this.pos += op.length;
        return { kind: 'op', text: op, quoted: false, line };
      }
    }
    const digits = /^\d+(?=[<>])/.exec(this.src.slice(this.pos, this.pos + 12));
    if (digits) {
      this.pos += digits[0].length;
      return { kind: 'io', text: digits[0], quoted: false, line };
    }
    const { word, quoted } = this.readWord();
    return { kind: 'word', text: this.src.slice(start, this.pos), word, quoted, line };
  }

  private skipBlanks(): void {
    for (;;) {
      const c = this.src[this.pos];
      if (c === ' ' || c === '\t') this.pos++;
      else if (c === '\\' && this.src[this.pos + 1] === '\n') this.pos += 2;
      else if (c === '#') {
        while (this.pos < this.src.length && this.src[this.pos] !== '\n') this.pos++;
      } else return;
    }
  }

  private readHeredocs(): void {
    const pending = this.pending;
    this.pending = [];
    for (const doc of pending) {
      let body = '';
      let terminated = false;
      while (this.pos < this.src.length) {
        const nl = this.src.indexOf('\n', this.pos);
        const end = nl < 0 ? this.src.length : nl;
        let text = this.src.slice(this.pos, end);
        if (doc.strip) text = text.replace(/^\t+/, '');
        this.pos = nl < 0 ? end : nl + 1;
        if (text === doc.delimiter) {
          terminated = true;
          break;
        }
        body += `${text}\n`;
      }
      if (!terminated && this.options.interactive) {
        this.fail({ kind: 'unexpected', token: { kind: 'eof' } });
      }
      doc.redirect.heredoc = {
        expand: doc.expand,
        body: doc.expand
          ? wordFromText(body, 'heredoc', this.options)
          : { parts: [{ type: 'quoted', text: body }] },
      };
    }
  }

  /** A word in normal context: up to an unquoted blank or operator character. */
  readWord(): { word: Word; quoted: boolean } {
    const b = new PartsBuilder();
    let quoted = false;
    for (;;) {
      const c = this.src[this.pos];
      if (c === undefined || WORD_END.has(c)) break;
      if (this.readCommon(b, c, false, '')) {
        quoted = true;
        continue;
      }
      b.literal(c);
      this.pos++;
    }
    return { word: { parts: b.parts }, quoted };
  }

  /**
   * Quotes, backslashes, `$` and backquotes, shared by every context; true when it read
   * something (a lone `$` counts as literal text, so false).
   */
  private readCommon(b: PartsBuilder, c: string, inDouble: boolean, stop: string): boolean {
    if (c === '\\') {
      const next = this.src[this.pos + 1];
      if (next === '\n') {
        this.pos += 2;
        return true;
      }
      if (next === undefined) return false;
      if (inDouble && !'$`"\\'.includes(next) && !stop.includes(next)) return false;
      b.quoted(next);
      this.pos += 2;
      return true;
    }
    if (c === "'" && !inDouble) {
      const end = this.src.indexOf("'", this.pos + 1);
      if (end < 0) this.fail({ kind: 'unterminated-quote' });
      b.quoted(this.src.slice(this.pos + 1, end));
      this.pos = end + 1;
      return true;
    }
    if (c === '"' && !inDouble) {
      this.pos++;
      b.push({ type: 'double', parts: this.readDouble() });
      return true;
    }
    if (c === '$' && !inDouble && this.options.ash && this.src[this.pos + 1] === "'") {
      b.quoted(this.readDollarQuote());
      return true;
    }
    if (c === '$') {
      const part = this.readDollar(inDouble);
      if (!part) return false;
      b.push(part);
      return true;
    }
    if (c === '`') {
      b.push(this.readBackquote(inDouble));
      return true;
    }
    return false;
  }

  /** busybox's `$'…'`: single quotes with C escapes (`$'\n'`). */
  private readDollarQuote(): string {
    let out = '';
    let i = this.pos + 2;
    for (;;) {
      const c = this.src[i];
      if (c === undefined) this.fail({ kind: 'unterminated-quote' });
      if (c === "'") break;
      if (c === '\\' && this.src[i + 1] !== undefined) {
        const next = this.src[i + 1] as string;
        const simple: Record<string, string> = {
          n: '\n',
          t: '\t',
          r: '\r',
          a: '\x07',
          b: '\b',
          e: '\x1b',
          f: '\f',
          v: '\v',
          '\\': '\\',
          "'": "'",
          '"': '"',
        };
        const octal = /^[0-7]{1,3}/.exec(this.src.slice(i + 1, i + 4))?.[0];
        const hex =
          next === 'x' ? /^[0-9a-fA-F]{1,2}/.exec(this.src.slice(i + 2, i + 4))?.[0] : undefined;
        if (simple[next] !== undefined) {
          out += simple[next];
          i += 2;
        } else if (octal) {
          out += String.fromCharCode(Number.parseInt(octal, 8));
          i += 1 + octal.length;
        } else if (hex) {
          out += String.fromCharCode(Number.parseInt(hex, 16));
          i += 2 + hex.length;
        } else {
          out += `\\${next}`;
          i += 2;
        }
        continue;
      }
      out += c;
      i++;
    }
    this.pos = i + 1;
    return out;
  }

  private readDouble(): WordPart[] {
    const b = new PartsBuilder();
    for (;;) {
      const c = this.src[this.pos];
      if (c === undefined) this.fail({ kind: 'unterminated-quote' });
      if (c === '"') {
        this.pos++;
        return b.parts;
      }
      if (this.readCommon(b, c, true, '')) continue;
      b.literal(c);
      this.pos++;
    }
  }

  /** Here-document and arithmetic text: only `$`, backquotes and some backslashes are special. */
  readExpandingText(): Word {
    const b = new PartsBuilder();
    for (;;) {
      const c = this.src[this.pos];
      if (c === undefined) break;
      if (this.readCommon(b, c, true, '')) continue;
      b.literal(c);
      this.pos++;
    }
    return { parts: b.parts };
  }

  private readDollar(inDouble: boolean): WordPart | undefined {
    const c = this.src[this.pos + 1];
    if (c === '(') {
      if (this.src[this.pos + 2] === '(') return this.readArithmetic();
      this.pos += 2;
      const body = parseDollarParen(this);
      return { type: 'command', body, backquote: false };
    }
    if (c === '{') return this.readBraceParam(inDouble);
    if (c !== undefined && (SPECIAL_PARAMS.has(c) || /[1-9]/.test(c))) {
      this.pos += 2;
      return { type: 'param', name: c };
    }
    const name = /^[A-Za-z_][A-Za-z0-9_]*/.exec(this.src.slice(this.pos + 1, this.pos + 257));
    if (name) {
      this.pos += 1 + name[0].length;
      return { type: 'param', name: name[0] };
    }
    return undefined;
  }

  private readArithmetic(): WordPart {
    const start = this.pos + 3;
    let depth = 0;
    let i = start;
    for (; ; i++) {
      const c = this.src[i];
      if (c === undefined) this.fail({ kind: 'unexpected', token: { kind: 'eof' } }, i);
      if (c === '(') depth++;
      else if (c === ')') {
        if (depth === 0 && this.src[i + 1] === ')') break;
        depth--;
      }
    }
    const text = this.src.slice(start, i);
    this.pos = i + 2;
    const expr = wordFromText(text, 'heredoc', {
      ...this.options,
      lineOffset: this.lineAt(start) - 1,
    });
    return { type: 'arith', expr };
  }

  private readBraceParam(inDouble: boolean): WordPart {
    const open = this.pos;
    this.pos += 2;
    let length = false;
    const src = this.src;
    if (src[this.pos] === '#' && src[this.pos + 1] !== '}' && src[this.pos + 1] !== undefined) {
      const after = src[this.pos + 1] as string;
      if (/[A-Za-z_0-9@*#?$!-]/.test(after) && !(after === '-' && src[this.pos + 2] !== '}')) {
        length = true;
        this.pos++;
      }
    }
    let name = '';
    const ident = /^([A-Za-z_][A-Za-z0-9_]*|\d+)/.exec(src.slice(this.pos, this.pos + 257));
    if (ident) name = ident[0];
    else if (src[this.pos] !== undefined && SPECIAL_PARAMS.has(src[this.pos] as string)) {
      name = src[this.pos] as string;
    }
    if (src[this.pos] === undefined) this.fail({ kind: 'missing-brace' });
    if (name === '') return this.badSubstitution(open);
    this.pos += name.length;
    const c = src[this.pos];
    if (c === '}') {
      this.pos++;
      return length ? { type: 'param', name, length: true } : { type: 'param', name };
    }
    if (c === undefined) this.fail({ kind: 'missing-brace' });
    if (length) return this.badSubstitution(open);
    let colon = false;
    let op: ParamOp | undefined;
    if (c === ':') {
      colon = true;
      const d = src[this.pos + 1];
      if (d !== undefined && '-=?+'.includes(d)) {
        op = d as ParamOp;
        this.pos += 2;
      } else if (this.options.ash) {
        this.pos++;
        const offset = this.readParamWord(inDouble, ':}');
        let word2: Word | undefined;
        if (src[this.pos] === ':') {
          this.pos++;
          word2 = this.readParamWord(inDouble, '}');
        }
        this.pos++;
        return word2
          ? { type: 'param', name, op: 'substring', word: offset, word2 }
          : { type: 'param', name, op: 'substring', word: offset };
      } else return this.badSubstitution(open);
    } else if ('-=?+'.includes(c)) {
      op = c as ParamOp;
      this.pos++;
    } else if (c === '%' || c === '#') {
      op = (src[this.pos + 1] === c ? c + c : c) as ParamOp;
      this.pos += op.length;
    } else if (c === '/' && this.options.ash) {
      op = src[this.pos + 1] === '/' ? '//' : '/';
      this.pos += op.length;
      const pattern = this.readParamWord(inDouble, '/}');
      let replacement: Word = { parts: [] };
      if (src[this.pos] === '/') {
        this.pos++;
        replacement = this.readParamWord(inDouble, '}');
      }
      this.pos++;
      return { type: 'param', name, op, word: pattern, word2: replacement };
    } else return this.badSubstitution(open);
    const word = this.readParamWord(inDouble, '}');
    this.pos++;
    return { type: 'param', name, op, colon, word };
  }

  /** dash reports a bad `${…}` when it expands it; busybox refuses to parse it. */
  private badSubstitution(open: number): WordPart {
    if (this.options.ash) this.fail({ kind: 'bad-substitution' }, open);
    let depth = 0;
    for (; this.pos < this.src.length; this.pos++) {
      const c = this.src[this.pos];
      if (c === '{') depth++;
      else if (c === '}') {
        if (depth === 0) break;
        depth--;
      }
    }
    if (this.pos >= this.src.length) this.fail({ kind: 'missing-brace' });
    this.pos++;
    return { type: 'param', name: '', bad: true };
  }

  /** The word inside `${x:-word}`, up to one of `stops` (not consumed). */
  private readParamWord(inDouble: boolean, stops: string): Word {
    const b = new PartsBuilder();
    let depth = 0;
    for (;;) {
      const c = this.src[this.pos];
      if (c === undefined) this.fail({ kind: 'missing-brace' });
      if (depth === 0 && stops.includes(c)) return { parts: b.parts };
      if (c === '{') depth++;
      if (c === '}') depth--;
      if (inDouble && c === '"') {
        // "${x:-"a b"}": the inner quotes only group.
        this.pos++;
        b.push({ type: 'double', parts: this.readDouble() });
        continue;
      }
      if (this.readCommon(b, c, inDouble, stops)) continue;
      b.literal(c);
      this.pos++;
    }
  }

  private readBackquote(inDouble: boolean): WordPart {
    const start = this.pos;
    this.pos++;
    let text = '';
    for (;;) {
      const c = this.src[this.pos];
      if (c === undefined) this.fail({ kind: 'eof-in-backquote' });
      if (c === '`') {
        this.pos++;
        break;
      }
      if (c === '\\') {
        const next = this.src[this.pos + 1];
        if (next !== undefined && ('$`\\'.includes(next) || (inDouble && next === '"'))) {
          text += next;
          this.pos += 2;
          continue;
        }
      }
      text += c;
      this.pos++;
    }
    const body = parseBackquoted(text, {
      ...this.options,
      lineOffset: this.lineAt(start) - 1,
    });
    return { type: 'command', body, backquote: true };
  }
}

/** Parses here-document or arithmetic text into a word (`$x`, `$(…)`, `\$` are live). */
export function wordFromText(text: string, _mode: 'heredoc', options: LexerOptions): Word {
  return new Lexer(text, options).readExpandingText();
}
