import type { Account, SqlValue } from './mysql-data.js';
import { type Cursor, SqlError, syntaxError } from './mysql-sql-cursor.js';

/** Expressions of select lists and WHERE clauses: literals, columns, functions, arithmetic. */
export type Expr =
  | { k: 'lit'; v: SqlValue }
  | { k: 'col'; name: string; at: number }
  | { k: 'fn'; name: string; args: Expr[] | 'star' }
  | { k: 'var'; name: string }
  | { k: 'bin'; op: string; l: Expr; r: Expr }
  | { k: 'neg'; e: Expr };

export type Condition =
  | { k: 'cmp'; op: string; l: Expr; r: Expr }
  | { k: 'null'; e: Expr; not: boolean }
  | { k: 'and' | 'or'; l: Condition; r: Condition };

/** What expressions can see of the connection: the values of USER(), DATABASE(), @@port… */
export interface ExprScope {
  user: string;
  clientHost: string;
  account: Account;
  schema: string | null;
  connectionId: number;
  version: string;
  hostname: string;
  port: number;
  now: Date;
}

export function parseExpr(cursor: Cursor): Expr {
  let left = parseTerm(cursor);
  while (cursor.isPunct('+') || cursor.isPunct('-')) {
    const op = cursor.next().text;
    left = { k: 'bin', op, l: left, r: parseTerm(cursor) };
  }
  return left;
}

function parseTerm(cursor: Cursor): Expr {
  let left = parseUnary(cursor);
  while (cursor.isPunct('*') || cursor.isPunct('/') || cursor.isWord('DIV', 'MOD')) {
    const op = cursor.next().text.toUpperCase();
    left = { k: 'bin', op, l: left, r: parseUnary(cursor) };
  }
  return left;
}

function parseUnary(cursor: Cursor): Expr {
  if (cursor.acceptPunct('-')) return { k: 'neg', e: parseUnary(cursor) };
  if (cursor.acceptPunct('(')) {
    const inner = parseExpr(cursor);
    cursor.expectPunct(')');
    return inner;
  }
  const token = cursor.peek();
  if (!token) throw syntaxError(cursor.sql, cursor.sql.length);
  if (token.kind === 'number' || token.kind === 'string') return { k: 'lit', v: cursor.literal() };
  if (token.kind === 'variable') {
    cursor.next();
    return { k: 'var', name: token.text.replace(/^@@(session\.|global\.)?/, '') };
  }
  if (token.kind === 'word' && ['NULL', 'TRUE', 'FALSE'].includes(token.text.toUpperCase())) {
    return { k: 'lit', v: cursor.literal() };
  }
  if (token.kind === 'word' && cursor.peek(1)?.text === '(' && cursor.peek(1)?.kind === 'punct') {
    cursor.next();
    cursor.next();
    if (cursor.acceptPunct('*')) {
      cursor.expectPunct(')');
      return { k: 'fn', name: token.text.toUpperCase(), args: 'star' };
    }
    const args: Expr[] = [];
    if (!cursor.acceptPunct(')')) {
      do args.push(parseExpr(cursor));
      while (cursor.acceptPunct(','));
      cursor.expectPunct(')');
    }
    return { k: 'fn', name: token.text.toUpperCase(), args };
  }
  if (token.kind === 'word' || token.kind === 'quoted') {
    const name = cursor.identifier();
    // `t.col`: the table is the statement's only one.
    if (cursor.acceptPunct('.')) return { k: 'col', name: cursor.identifier(), at: token.at };
    return { k: 'col', name, at: token.at };
  }
  throw syntaxError(cursor.sql, token.at);
}

export function parseCondition(cursor: Cursor): Condition {
  let left = parseComparison(cursor);
  while (cursor.isWord('AND', 'OR')) {
    const k = cursor.next().text.toLowerCase() as 'and' | 'or';
    left = { k, l: left, r: parseComparison(cursor) };
  }
  return left;
}

function parseComparison(cursor: Cursor): Condition {
  const left = parseExpr(cursor);
  if (cursor.acceptWord('IS')) {
    const not = cursor.acceptWord('NOT');
    cursor.expectWord('NULL');
    return { k: 'null', e: left, not };
  }
  const op = cursor.peek();
  if (op?.kind === 'punct' && ['=', '<>', '!=', '<', '>', '<=', '>='].includes(op.text)) {
    cursor.next();
    return { k: 'cmp', op: op.text, l: left, r: parseExpr(cursor) };
  }
  throw syntaxError(cursor.sql, cursor.position());
}

const pad = (n: number) => String(n).padStart(2, '0');

export function datetime(date: Date): string {
  return `${date.getUTCFullYear()}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())} ${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())}`;
}

/** A row's columns by lower-cased name; evaluation fails for a name it does not have. */
export type RowLookup = (name: string, at: number) => SqlValue;

export function evaluate(expr: Expr, scope: ExprScope, row: RowLookup): SqlValue {
  switch (expr.k) {
    case 'lit':
      return expr.v;
    case 'col':
      return row(expr.name, expr.at);
    case 'var':
      return variable(expr.name, scope);
    case 'neg': {
      const value = evaluate(expr.e, scope, row);
      return value === null ? null : -Number(value);
    }
    case 'bin': {
      const l = evaluate(expr.l, scope, row);
      const r = evaluate(expr.r, scope, row);
      if (l === null || r === null) return null;
      const a = Number(l);
      const b = Number(r);
      if (expr.op === '+') return a + b;
      if (expr.op === '-') return a - b;
      if (expr.op === '*') return a * b;
      if (b === 0) return null;
      if (expr.op === 'DIV') return Math.trunc(a / b);
      if (expr.op === 'MOD') return a % b;
      // `/` is DECIMAL division: div_precision_increment (4) more digits than the operands.
      return (a / b).toFixed(4);
    }
    case 'fn':
      return callFunction(expr, scope, row);
  }
}

function variable(name: string, scope: ExprScope): SqlValue {
  const values: Record<string, SqlValue> = {
    version: scope.version,
    version_comment: 'MySQL Community Server - GPL',
    hostname: scope.hostname,
    port: scope.port,
    datadir: '/var/lib/mysql/',
    socket: '/var/run/mysqld/mysqld.sock',
    autocommit: 1,
    server_id: 1,
    time_zone: 'SYSTEM',
  };
  if (!(name in values)) {
    throw new SqlError(1193, 'HY000', `Unknown system variable '${name}'`);
  }
  return values[name] ?? null;
}

function callFunction(
  expr: Extract<Expr, { k: 'fn' }>,
  scope: ExprScope,
  row: RowLookup,
): SqlValue {
  const args = expr.args === 'star' ? [] : expr.args.map((arg) => evaluate(arg, scope, row));
  switch (expr.name) {
    case 'VERSION':
      return scope.version;
    case 'USER':
    case 'SESSION_USER':
    case 'SYSTEM_USER':
      return `${scope.user}@${scope.clientHost}`;
    case 'CURRENT_USER':
      return `${scope.account.user}@${scope.account.host}`;
    case 'DATABASE':
    case 'SCHEMA':
      return scope.schema;
    case 'NOW':
    case 'SYSDATE':
    case 'CURRENT_TIMESTAMP':
      return datetime(scope.now);
    case 'CURDATE':
    case 'CURRENT_DATE':
      return datetime(scope.now).slice(0, 10);
    case 'CONNECTION_ID':
      return scope.connectionId;
    case 'CONCAT':
      return args.some((a) => a === null) ? null : args.map(String).join('');
    case 'UPPER':
    case 'UCASE':
      return args[0] === null || args[0] === undefined ? null : String(args[0]).toUpperCase();
    case 'LOWER':
    case 'LCASE':
      return args[0] === null || args[0] === undefined ? null : String(args[0]).toLowerCase();
    case 'LENGTH':
      return args[0] === null || args[0] === undefined ? null : Buffer.byteLength(String(args[0]));
    default:
      throw new SqlError(
        1305,
        '42000',
        `FUNCTION ${scope.schema ?? 'mysql'}.${expr.name.toLowerCase()} does not exist`,
      );
  }
}

export function compare(op: string, l: SqlValue, r: SqlValue): boolean {
  if (l === null || r === null) return false;
  const numeric = typeof l === 'number' || typeof r === 'number';
  const a = numeric ? Number(l) : String(l).toLowerCase();
  const b = numeric ? Number(r) : String(r).toLowerCase();
  switch (op) {
    case '=':
      return a === b;
    case '<>':
    case '!=':
      return a !== b;
    case '<':
      return a < b;
    case '>':
      return a > b;
    case '<=':
      return a <= b;
    default:
      return a >= b;
  }
}

export function test(condition: Condition, scope: ExprScope, row: RowLookup): boolean {
  switch (condition.k) {
    case 'cmp':
      return compare(
        condition.op,
        evaluate(condition.l, scope, row),
        evaluate(condition.r, scope, row),
      );
    case 'null':
      return (evaluate(condition.e, scope, row) === null) !== condition.not;
    case 'and':
      return test(condition.l, scope, row) && test(condition.r, scope, row);
    case 'or':
      return test(condition.l, scope, row) || test(condition.r, scope, row);
  }
}
