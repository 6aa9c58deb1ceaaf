import type { FileSystem } from '../fs/file-system.js';
import { ArithmeticError, evaluateArithmetic } from './arithmetic.js';
import type { ListNode, Word, WordPart } from './ast.js';
import type { Flavour } from './flavour.js';
import { globPaths } from './glob.js';
import { escapePattern, hasGlobChars, replacePattern, trimPattern } from './pattern.js';
import type { ShellState } from './shell-state.js';

/** What expansion needs from the running shell. */
export interface ExpansionHost {
  readonly state: ShellState;
  readonly flavour: Flavour;
  readonly fs: FileSystem;
  /** `$$`, `$!`, `$-`, `$0`, `$PPID`… (not `$?`, `$#`, `$@`, which the state has). */
  special(name: string): string | undefined;
  /** Runs `$(…)` in a subshell; resolves its output. */
  commandSubstitution(body: ListNode): Promise<string>;
  /** Reports an expansion error (`x: parameter not set`) and aborts the command. */
  fail(message: string): never;
  home(user: string): string | undefined;
}

interface Segment {
  text: string;
  quoted: boolean;
}

interface Field {
  segments: Segment[];
  /** Quotes, literal text or an expansion made this field exist even if empty. */
  exists: boolean;
}

type Mode = 'fields' | 'string' | 'pattern';

const DEFAULT_IFS = ' \t\n';

class Builder {
  readonly fields: Field[] = [];
  current: Field = { segments: [], exists: false };

  constructor(
    readonly mode: Mode,
    private readonly ifs: string,
  ) {}

  literal(text: string, quoted: boolean) {
    if (text !== '' || quoted) this.current.exists = true;
    if (text !== '') this.current.segments.push({ text, quoted });
  }

  /** The result of an expansion: split on IFS unless quoted or not in field context. */
  expansion(text: string, quoted: boolean) {
    if (quoted || this.mode !== 'fields' || this.ifs === '') {
      this.literal(text, quoted);
      return;
    }
    let word = '';
    const flushWord = () => {
      if (word !== '') this.literal(word, false);
      word = '';
    };
    for (let i = 0; i < text.length; i++) {
      const c = text[i] as string;
      if (!this.ifs.includes(c)) {
        word += c;
        continue;
      }
      flushWord();
      const whitespace = DEFAULT_IFS.includes(c);
      if (whitespace) {
        while (i + 1 < text.length && isIfsWhite(text[i + 1] as string, this.ifs)) i++;
        const next = text[i + 1];
        if (next !== undefined && this.ifs.includes(next) && !DEFAULT_IFS.includes(next)) {
          i++;
          this.breakField(true);
          while (i + 1 < text.length && isIfsWhite(text[i + 1] as string, this.ifs)) i++;
          continue;
        }
        this.breakField(false);
      } else {
        this.breakField(true);
        while (i + 1 < text.length && isIfsWhite(text[i + 1] as string, this.ifs)) i++;
      }
    }
    flushWord();
  }

  /** Ends the current field; `keepEmpty` for a delimiter that is not white space (`a::b`). */
  breakField(keepEmpty: boolean) {
    if (this.current.exists || keepEmpty) this.fields.push(this.current);
    this.current = { segments: [], exists: false };
  }

  finish(): Field[] {
    if (this.current.exists) this.fields.push(this.current);
    this.current = { segments: [], exists: false };
    return this.fields;
  }
}

function isIfsWhite(c: string, ifs: string): boolean {
  return DEFAULT_IFS.includes(c) && ifs.includes(c);
}

function fieldText(field: Field): string {
  return field.segments.map((s) => s.text).join('');
}

function fieldPattern(field: Field): string {
  return field.segments.map((s) => (s.quoted ? escapePattern(s.text) : s.text)).join('');
}

/**
 * Word expansion in POSIX order: tilde, parameters, command substitution and arithmetic
 * (left to right), field splitting on IFS, pathname expansion, quote removal.
 */
export class Expander {
  constructor(private readonly host: ExpansionHost) {}

  private get ifs(): string {
    return this.host.state.get('IFS') ?? DEFAULT_IFS;
  }

  /** Command words: every expansion, splitting and globbing. */
  async fields(words: readonly Word[]): Promise<string[]> {
    const out: string[] = [];
    for (const word of words) {
      const builder = new Builder('fields', this.ifs);
      await this.parts(this.withTilde(word.parts, false), false, builder);
      for (const field of builder.finish()) {
        const pattern = fieldPattern(field);
        if (!this.host.state.options.noglob && hasGlobChars(pattern)) {
          const matches = globPaths(pattern, this.host.state.cwd, this.host.fs);
          if (matches.length > 0) {
            out.push(...matches);
            continue;
          }
        }
        out.push(fieldText(field));
      }
    }
    return out;
  }

  /** One string, no splitting or globbing: assignments, redirection targets, here-documents. */
  async string(word: Word, options: { assignment?: boolean } = {}): Promise<string> {
    const builder = new Builder('string', this.ifs);
    const parts = options.assignment ? this.withTilde(word.parts, true) : word.parts;
    await this.parts(parts, false, builder);
    return builder.finish().map(fieldText).join('');
  }

  /** A pattern (`case`, `${x%…}`): quoted characters escaped, unquoted ones live. */
  async pattern(word: Word): Promise<string> {
    const builder = new Builder('pattern', this.ifs);
    await this.parts(this.withTilde(word.parts, false), false, builder);
    return builder.finish().map(fieldPattern).join('');
  }

  private withTilde(parts: WordPart[], assignment: boolean): WordPart[] {
    const first = parts[0];
    if (first?.type !== 'literal' || !first.text.startsWith('~')) {
      return assignment ? this.assignmentTildes(parts) : parts;
    }
    const slash = first.text.indexOf('/');
    if (slash < 0 && parts.length > 1) return parts;
    const end = slash < 0 ? first.text.length : slash;
    const user = first.text.slice(1, end);
    const home = this.tildeHome(user);
    if (home === undefined) return parts;
    const rest = first.text.slice(end);
    return [
      { type: 'quoted', text: home },
      ...(rest ? [{ type: 'literal' as const, text: rest }] : []),
      ...parts.slice(1),
    ];
  }

  /** `PATH=~/bin:~/x`: a tilde after `:` in an assignment expands too. */
  private assignmentTildes(parts: WordPart[]): WordPart[] {
    return parts.map((part) => {
      if (part.type !== 'literal' || !part.text.includes(':~')) return part;
      const text = part.text.replace(/:~([^/:]*)/g, (whole, user: string) => {
        const home = this.tildeHome(user);
        return home === undefined ? whole : `:${home}`;
      });
      return { type: 'literal', text };
    });
  }

  private tildeHome(user: string): string | undefined {
    if (user === '') return this.host.state.get('HOME') ?? this.host.home('root');
    return this.host.home(user);
  }

  private async parts(parts: readonly WordPart[], quoted: boolean, b: Builder): Promise<void> {
    for (const part of parts) await this.part(part, quoted, b);
  }

  private async part(part: WordPart, quoted: boolean, b: Builder): Promise<void> {
    switch (part.type) {
      case 'literal':
        b.literal(part.text, quoted);
        return;
      case 'quoted':
        b.literal(part.text, true);
        return;
      case 'double': {
        const onlyAt =
          part.parts.length > 0 &&
          part.parts.every((p) => p.type === 'param' && p.name === '@' && !p.op && !p.length);
        if (!onlyAt) b.literal('', true);
        await this.parts(part.parts, true, b);
        return;
      }
      case 'command': {
        const output = await this.host.commandSubstitution(part.body);
        b.expansion(output.replace(/\n+$/, ''), quoted);
        return;
      }
      case 'arith': {
        const text = await this.string(part.expr);
        b.expansion(String(this.arithmetic(text)), quoted);
        return;
      }
      case 'param':
        await this.param(part, quoted, b);
        return;
    }
  }

  arithmetic(text: string): bigint {
    const state = this.host.state;
    try {
      return evaluateArithmetic(
        text,
        {
          get: (name) => this.variable(name),
          set: (name, value) => {
            if (!state.set(name, value)) this.host.fail(`${name}: is read only`);
          },
        },
        this.host.flavour.name === 'ash',
      );
    } catch (error) {
      if (!(error instanceof ArithmeticError)) throw error;
      const m = this.host.flavour.messages;
      if (error.kind === 'divide') this.host.fail(m.divideByZero(text));
      if (error.kind === 'illegal-number') this.host.fail(m.illegalNumber(error.detail));
      this.host.fail(m.arithmeticSyntax(text, error.detail));
    }
  }

  /** A parameter's value; undefined when unset. */
  variable(name: string): string | undefined {
    const state = this.host.state;
    if (/^\d+$/.test(name)) {
      const n = Number(name);
      return n === 0 ? state.arg0 : state.positional[n - 1];
    }
    switch (name) {
      case '?':
        return String(state.lastStatus);
      case '#':
        return String(state.positional.length);
      case '@':
      case '*':
        return state.positional.length > 0 ? state.positional.join(' ') : undefined;
      default: {
        const special = /^[A-Za-z_]/.test(name) ? undefined : this.host.special(name);
        return special ?? state.get(name);
      }
    }
  }

  private async param(part: Extract<WordPart, { type: 'param' }>, quoted: boolean, b: Builder) {
    const state = this.host.state;
    if (part.bad) this.host.fail(this.host.flavour.messages.badSubstitution);
    const name = part.name;
    const value = this.variable(name);
    if (part.length) {
      if (value === undefined && state.options.nounset && name !== '@' && name !== '*') {
        this.host.fail(`${name}: parameter not set`);
      }
      // `${#@}` is the length of "$*" in both shells.
      const length = [...(value ?? '')].length;
      b.expansion(String(length), quoted);
      return;
    }
    const isSet = value !== undefined && !(part.colon && value === '');
    switch (part.op) {
      case undefined:
        break;
      case '-':
        if (!isSet) {
          await this.parts(part.word?.parts ?? [], quoted, b);
          return;
        }
        break;
      case '+':
        if (isSet) await this.parts(part.word?.parts ?? [], quoted, b);
        return;
      case '=': {
        if (isSet) break;
        const assigned = await this.string(part.word ?? { parts: [] });
        if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
          this.host.fail(`${name}: cannot assign in this way`);
        }
        if (!state.set(name, assigned)) this.host.fail(`${name}: is read only`);
        b.expansion(assigned, quoted);
        return;
      }
      case '?': {
        if (isSet) break;
        const message = part.word ? await this.string(part.word) : '';
        this.host.fail(`${name}: ${message || 'parameter not set'}`);
        break;
      }
      case '%':
      case '%%':
      case '#':
      case '##': {
        this.checkNounset(name, value);
        const pattern = await this.pattern(part.word ?? { parts: [] });
        b.expansion(trimPattern(value ?? '', pattern, part.op), quoted);
        return;
      }
      case 'substring': {
        this.checkNounset(name, value);
        const chars = [...(value ?? '')];
        let offset = Number(this.arithmetic(await this.string(part.word ?? { parts: [] })));
        if (offset < 0) offset = Math.max(0, chars.length + offset);
        let length = chars.length - offset;
        if (part.word2) length = Number(this.arithmetic(await this.string(part.word2)));
        if (length < 0) length = Math.max(0, chars.length - offset + length);
        b.expansion(chars.slice(offset, offset + length).join(''), quoted);
        return;
      }
      case '/':
      case '//': {
        this.checkNounset(name, value);
        const pattern = await this.pattern(part.word ?? { parts: [] });
        const replacement = await this.string(part.word2 ?? { parts: [] });
        b.expansion(replacePattern(value ?? '', pattern, replacement, part.op === '//'), quoted);
        return;
      }
    }
    if (name === '@' || name === '*') {
      this.positional(name, quoted, b);
      return;
    }
    this.checkNounset(name, value);
    b.expansion(value ?? '', quoted);
  }

  private checkNounset(name: string, value: string | undefined) {
    if (value === undefined && this.host.state.options.nounset && name !== '@' && name !== '*') {
      this.host.fail(`${name}: parameter not set`);
    }
  }

  private positional(name: '@' | '*', quoted: boolean, b: Builder) {
    const params = this.host.state.positional;
    if (quoted && name === '*') {
      const ifs = this.ifs;
      b.literal(params.join(ifs === '' ? '' : ifs[0]), true);
      return;
    }
    if (b.mode !== 'fields') {
      b.expansion(params.join(' '), quoted);
      return;
    }
    params.forEach((param, i) => {
      if (i > 0) b.breakField(quoted);
      if (quoted) b.literal(param, true);
      else b.expansion(param, false);
    });
  }
}
