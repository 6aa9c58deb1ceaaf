import { type MysqlData, mayUse, SYSTEM_SCHEMAS } from './mysql-data.js';
import { runChange } from './mysql-sql-change.js';
import { Cursor, SqlError, syntaxError, tokenize } from './mysql-sql-cursor.js';
import {
  type Condition,
  type Expr,
  type ExprScope,
  evaluate,
  parseCondition,
  parseExpr,
  test,
} from './mysql-sql-expr.js';
import {
  accessDenied,
  findTable,
  NotSimulated,
  rowLookup,
  type SqlResult,
  schemaError,
} from './mysql-sql-tables.js';

export { NotSimulated, type SqlResult } from './mysql-sql-tables.js';

/** Words that start a real MySQL statement: one of them the simulator does not run is refused. */
const MYSQL_VERBS = new Set(
  'ALTER ANALYZE BEGIN CALL CHECK CHECKSUM COMMIT CREATE DEALLOCATE DELETE DESC DESCRIBE DO DROP EXECUTE EXPLAIN FLUSH GRANT HANDLER HELP IMPORT INSERT INSTALL KILL LOAD LOCK OPTIMIZE PREPARE PURGE RENAME REPAIR REPLACE RESET REVOKE ROLLBACK SAVEPOINT SELECT SET SHOW SHUTDOWN START STOP TABLE TRUNCATE UNINSTALL UNLOCK UPDATE USE VALUES WITH XA'.split(
    ' ',
  ),
);

/**
 * One SQL statement against the data directory: SELECT (of values, or from one table with
 * WHERE, ORDER BY, LIMIT, COUNT(*)), SHOW DATABASES|TABLES|GRANTS, USE, DESCRIBE, and the
 * changes in `mysql-sql-change.ts`. A statement that does not start as a MySQL statement is
 * error 1064; one that does but is beyond this subset throws `NotSimulated`.
 */
export function executeSql(data: MysqlData, scope: ExprScope, sql: string): SqlResult {
  const cursor = new Cursor(sql, tokenize(sql));
  const verb = cursor.peek()?.text.toUpperCase() ?? '';
  if (cursor.peek()?.kind !== 'word' || !MYSQL_VERBS.has(verb)) throw syntaxError(sql, 0);
  try {
    const result = run(data, scope, cursor, verb);
    cursor.acceptPunct(';');
    if (!cursor.done()) throw syntaxError(sql, cursor.position());
    return result;
  } catch (error) {
    // The parser here knows a subset of MySQL's grammar: what it cannot read is not proof
    // that MySQL could not, so it is refused as not simulated rather than as a syntax error.
    if (error instanceof SqlError && error.code === 1064) throw new NotSimulated();
    throw error;
  }
}

function run(data: MysqlData, scope: ExprScope, cursor: Cursor, verb: string): SqlResult {
  switch (verb) {
    case 'SELECT':
      cursor.next();
      return select(data, scope, cursor);
    case 'SHOW':
      cursor.next();
      return show(data, scope, cursor);
    case 'USE': {
      cursor.next();
      const schema = cursor.identifier();
      if (!SYSTEM_SCHEMAS.includes(schema) && !data.schemas[schema]) throw schemaError(schema);
      if (!SYSTEM_SCHEMAS.includes(schema) && !mayUse(scope.account, schema)) {
        throw accessDenied(scope, schema);
      }
      return { kind: 'ok', affected: 0, changed: false, schema };
    }
    case 'DESCRIBE':
    case 'DESC': {
      cursor.next();
      const { table } = findTable(data, scope, cursor.qualified());
      return {
        kind: 'rows',
        columns: ['Field', 'Type', 'Null', 'Key', 'Default', 'Extra'],
        rows: table.columns.map((c) => [
          c.name,
          c.type,
          c.notNull ? 'NO' : 'YES',
          c.primaryKey ? 'PRI' : '',
          c.defaultValue ?? null,
          c.autoIncrement ? 'auto_increment' : '',
        ]),
      };
    }
    default: {
      const change = runChange(data, scope, cursor, verb);
      if (!change) throw new NotSimulated();
      return change;
    }
  }
}

function show(data: MysqlData, scope: ExprScope, cursor: Cursor): SqlResult {
  if (cursor.acceptWord('DATABASES', 'SCHEMAS')) {
    const names = [...SYSTEM_SCHEMAS, ...Object.keys(data.schemas)]
      .filter((name) => SYSTEM_SCHEMAS.includes(name) || mayUse(scope.account, name))
      .sort();
    return { kind: 'rows', columns: ['Database'], rows: names.map((name) => [name]) };
  }
  if (cursor.acceptWord('TABLES')) {
    const schema = cursor.acceptWord('FROM', 'IN') ? cursor.identifier() : scope.schema;
    if (schema === null) throw new SqlError(1046, '3D000', 'No database selected');
    if (SYSTEM_SCHEMAS.includes(schema)) throw new NotSimulated();
    const tables = data.schemas[schema];
    if (!tables) throw schemaError(schema);
    const names = Object.keys(tables).sort();
    return { kind: 'rows', columns: [`Tables_in_${schema}`], rows: names.map((n) => [n]) };
  }
  if (cursor.acceptWord('GRANTS')) {
    const target = cursor.acceptWord('FOR') ? cursor.account() : scope.account;
    const account = data.accounts.find((a) => a.user === target.user && a.host === target.host);
    if (!account) {
      throw new SqlError(
        1141,
        '42000',
        `There is no such grant defined for user '${target.user}' on host '${target.host}'`,
      );
    }
    const header = `Grants for ${account.user}@${account.host}`;
    const lines = account.grants.map(
      (g) =>
        `GRANT ALL PRIVILEGES ON ${g === '*.*' ? '*.*' : `\`${g.slice(0, -2)}\`.*`} TO \`${account.user}\`@\`${account.host}\``,
    );
    if (!account.grants.includes('*.*')) {
      lines.unshift(`GRANT USAGE ON *.* TO \`${account.user}\`@\`${account.host}\``);
    }
    return { kind: 'rows', columns: [header], rows: lines.map((line) => [line]) };
  }
  throw new NotSimulated();
}

interface SelectItem {
  expr: Expr | 'star';
  header: string;
}

function select(data: MysqlData, scope: ExprScope, cursor: Cursor): SqlResult {
  const items: SelectItem[] = [];
  do {
    const start = cursor.position();
    if (cursor.acceptPunct('*')) {
      items.push({ expr: 'star', header: '*' });
      continue;
    }
    const expr = parseExpr(cursor);
    // A string literal's column is named by its value; anything else by its text.
    let header =
      expr.k === 'lit' && typeof expr.v === 'string'
        ? expr.v
        : cursor.sql.slice(start, cursor.position()).trim();
    if (cursor.acceptWord('AS') || cursor.peek()?.kind === 'quoted') header = cursor.identifier();
    else if (cursor.peek()?.kind === 'string') header = cursor.next().text;
    items.push({ expr, header });
  } while (cursor.acceptPunct(','));
  if (!cursor.acceptWord('FROM')) {
    if (items.some((item) => item.expr === 'star')) {
      throw new SqlError(1096, 'HY000', 'No tables used');
    }
    const none = rowLookup(undefined, [], 'field list');
    const row = items.map((item) => evaluate(item.expr as Expr, scope, none));
    return { kind: 'rows', columns: items.map((item) => item.header), rows: [row] };
  }
  const ref = cursor.qualified();
  if (ref.schema === undefined && ref.name.toUpperCase() === 'DUAL') {
    const none = rowLookup(undefined, [], 'field list');
    const row = items.map((item) => evaluate(item.expr as Expr, scope, none));
    return { kind: 'rows', columns: items.map((item) => item.header), rows: [row] };
  }
  const { table } = findTable(data, scope, ref);
  const where: Condition | undefined = cursor.acceptWord('WHERE')
    ? parseCondition(cursor)
    : undefined;
  let rows = table.rows.filter(
    (row) => !where || test(where, scope, rowLookup(table, row, 'where clause')),
  );
  if (cursor.acceptWord('ORDER')) {
    cursor.expectWord('BY');
    const column = cursor.identifier();
    const descending = cursor.acceptWord('DESC');
    if (!descending) cursor.acceptWord('ASC');
    const index = table.columns.findIndex((c) => c.name.toLowerCase() === column.toLowerCase());
    if (index < 0)
      throw new SqlError(1054, '42S22', `Unknown column '${column}' in 'order clause'`);
    rows = [...rows].sort((a, b) => {
      const x = a[index] ?? null;
      const y = b[index] ?? null;
      const order = x === y ? 0 : x === null ? -1 : y === null ? 1 : x < y ? -1 : 1;
      return descending ? -order : order;
    });
  }
  if (cursor.acceptWord('LIMIT')) rows = rows.slice(0, Number(cursor.literal()));
  const counting = items.some(
    (item) => item.expr !== 'star' && item.expr.k === 'fn' && item.expr.name === 'COUNT',
  );
  if (counting) {
    return { kind: 'rows', columns: items.map((item) => item.header), rows: [[rows.length]] };
  }
  const columns = items.flatMap((item) =>
    item.expr === 'star' ? table.columns.map((c) => c.name) : [item.header],
  );
  const out = rows.map((row) => {
    const lookup = rowLookup(table, row, 'field list');
    return items.flatMap((item) =>
      item.expr === 'star' ? row : [evaluate(item.expr, scope, lookup)],
    );
  });
  // MySQL resolves the select list even when no row matches: an unknown column still fails.
  if (rows.length === 0) {
    const empty = rowLookup(
      table,
      table.columns.map(() => null),
      'field list',
    );
    for (const item of items) if (item.expr !== 'star') evaluate(item.expr, scope, empty);
  }
  return { kind: 'rows', columns, rows: out };
}
