import type { SqlValue } from './mysql-data.js';

/** A token of a SQL statement, with where it starts in the statement (for column headers). */
export interface Token {
  kind: 'word' | 'quoted' | 'string' | 'number' | 'punct' | 'variable';
  text: string;
  at: number;
  end: number;
}

/** A statement the simulated server understands but cannot run, or cannot parse. */
export class SqlError extends Error {
  constructor(
    readonly code: number,
    readonly state: string,
    message: string,
  ) {
    super(message);
  }
}

export function syntaxError(sql: string, at: number): SqlError {
  const near = sql.slice(at).trim();
  return new SqlError(
    1064,
    '42000',
    `You have an error in your SQL syntax; check the manual that corresponds to your MySQL server version for the right syntax to use near '${near}' at line 1`,
  );
}

export function tokenize(sql: string): Token[] {
  const tokens: Token[] = [];
  const pattern =
    /\s+|--[^\n]*|#[^\n]*|\/\*[\s\S]*?\*\/|(`(?:[^`]|``)*`)|('(?:[^'\\]|\\.|'')*'|"(?:[^"\\]|\\.|"")*")|(\d+(?:\.\d+)?)|(@@?[A-Za-z_][\w.]*)|([A-Za-z_$][\w$]*)|(<=|>=|<>|!=|[(),;.*=+\-/<>@])/y;
  let match = pattern.exec(sql);
  while (match && pattern.lastIndex > match.index) {
    const at = match.index;
    const end = pattern.lastIndex;
    const [, quoted, string, number, variable, word, punct] = match;
    if (quoted)
      tokens.push({ kind: 'quoted', text: quoted.slice(1, -1).replace(/``/g, '`'), at, end });
    else if (string) tokens.push({ kind: 'string', text: unquote(string), at, end });
    else if (number) tokens.push({ kind: 'number', text: number, at, end });
    else if (variable) tokens.push({ kind: 'variable', text: variable.toLowerCase(), at, end });
    else if (word) tokens.push({ kind: 'word', text: word, at, end });
    else if (punct) tokens.push({ kind: 'punct', text: punct, at, end });
    if (pattern.lastIndex >= sql.length) break;
    match = pattern.exec(sql);
  }
  if (pattern.lastIndex < sql.length && sql.slice(pattern.lastIndex).trim() !== '') {
    throw syntaxError(sql, pattern.lastIndex);
  }
  return tokens;
}

function unquote(literal: string): string {
  const quote = literal[0] as string;
  return literal
    .slice(1, -1)
    .replace(new RegExp(`${quote}${quote}`, 'g'), quote)
    .replace(/\\(.)/g, (_, c: string) => ({ n: '\n', t: '\t', r: '\r', 0: '\0' })[c] ?? c);
}

/** A cursor over a statement's tokens with the small vocabulary the parser needs. */
export class Cursor {
  private index = 0;

  constructor(
    readonly sql: string,
    private readonly tokens: Token[],
  ) {}

  peek(offset = 0): Token | undefined {
    return this.tokens[this.index + offset];
  }

  next(): Token {
    const token = this.tokens[this.index++];
    if (!token) throw syntaxError(this.sql, this.sql.length);
    return token;
  }

  done(): boolean {
    return this.index >= this.tokens.length;
  }

  /** Where the next token starts (the end of the statement when none is left). */
  position(): number {
    return this.peek()?.at ?? this.sql.length;
  }

  isWord(...words: string[]): boolean {
    const token = this.peek();
    return token?.kind === 'word' && words.includes(token.text.toUpperCase());
  }

  acceptWord(...words: string[]): boolean {
    if (!this.isWord(...words)) return false;
    this.index++;
    return true;
  }

  /** A phrase such as `IF NOT EXISTS`: true when its first word is there (the rest must be). */
  acceptPhrase(...words: string[]): boolean {
    const [first, ...rest] = words;
    if (first === undefined || !this.acceptWord(first)) return false;
    for (const word of rest) this.expectWord(word);
    return true;
  }

  expectWord(word: string): void {
    if (!this.acceptWord(word)) throw syntaxError(this.sql, this.position());
  }

  isPunct(text: string): boolean {
    const token = this.peek();
    return token?.kind === 'punct' && token.text === text;
  }

  acceptPunct(text: string): boolean {
    if (!this.isPunct(text)) return false;
    this.index++;
    return true;
  }

  expectPunct(text: string): void {
    if (!this.acceptPunct(text)) throw syntaxError(this.sql, this.position());
  }

  /** An identifier: a bare word or a `quoted` one. */
  identifier(): string {
    const token = this.next();
    if (token.kind !== 'word' && token.kind !== 'quoted') throw syntaxError(this.sql, token.at);
    return token.text;
  }

  /** `name` or `schema.name`. */
  qualified(): { schema?: string; name: string } {
    const first = this.identifier();
    if (!this.acceptPunct('.')) return { name: first };
    return { schema: first, name: this.identifier() };
  }

  /** A literal: number, string, NULL, TRUE/FALSE, or a negative number. */
  literal(): SqlValue {
    const token = this.next();
    if (token.kind === 'number') return Number(token.text);
    if (token.kind === 'string') return token.text;
    if (token.kind === 'punct' && token.text === '-' && this.peek()?.kind === 'number') {
      return -Number(this.next().text);
    }
    if (token.kind === 'word') {
      const word = token.text.toUpperCase();
      if (word === 'NULL') return null;
      if (word === 'TRUE') return 1;
      if (word === 'FALSE') return 0;
    }
    throw syntaxError(this.sql, token.at);
  }

  /** `'user'@'host'` (host `%` when left out). */
  account(): { user: string; host: string } {
    const user = this.next();
    if (user.kind !== 'string' && user.kind !== 'word' && user.kind !== 'quoted') {
      throw syntaxError(this.sql, user.at);
    }
    let host = '%';
    const at = this.peek();
    if (at?.kind === 'punct' && at.text === '@') {
      this.next();
      host = this.next().text;
    } else if (at?.kind === 'variable' && !at.text.startsWith('@@')) {
      this.next();
      host = at.text.slice(1);
    }
    return { user: user.text, host };
  }
}
