import type { Column, MysqlData, SqlValue, Table } from './mysql-data.js';
import { type Cursor, SqlError, syntaxError } from './mysql-sql-cursor.js';
import { type ExprScope, evaluate, parseCondition, parseExpr, test } from './mysql-sql-expr.js';
import { findTable, rowLookup, type SqlResult } from './mysql-sql-tables.js';

/** INSERT and UPDATE: rows checked against their table's columns as strict mode does. */
type Change = Extract<SqlResult, { kind: 'ok' }>;
const done = (affected: number, info?: string): Change => ({
  kind: 'ok',
  affected,
  changed: true,
  ...(info ? { info } : {}),
});

/** A value as a column of `column`'s type stores it, or MySQL's strict-mode error. */
function coerce(column: Column, value: SqlValue, row: number): SqlValue {
  if (value === null) return null;
  if (/int\b|^int|decimal|float|double|numeric/.test(column.type)) {
    const number = Number(value);
    if (typeof value === 'string' && (value.trim() === '' || Number.isNaN(number))) {
      const kind = /int/.test(column.type) ? 'integer' : 'decimal';
      throw new SqlError(
        1366,
        'HY000',
        `Incorrect ${kind} value: '${value}' for column '${column.name}' at row ${row}`,
      );
    }
    return /int/.test(column.type) ? Math.round(number) : number;
  }
  const text = String(value);
  const limit = /char\((\d+)\)/.exec(column.type)?.[1];
  if (limit !== undefined && text.length > Number(limit)) {
    throw new SqlError(1406, '22001', `Data too long for column '${column.name}' at row ${row}`);
  }
  return text;
}

export function insert(data: MysqlData, scope: ExprScope, cursor: Cursor): Change {
  cursor.acceptWord('INTO');
  const ref = cursor.qualified();
  const { table } = findTable(data, scope, ref);
  let targets = table.columns;
  if (cursor.acceptPunct('(')) {
    targets = [];
    do {
      const name = cursor.identifier();
      const column = table.columns.find((c) => c.name.toLowerCase() === name.toLowerCase());
      if (!column) throw new SqlError(1054, '42S22', `Unknown column '${name}' in 'field list'`);
      targets.push(column);
    } while (cursor.acceptPunct(','));
    cursor.expectPunct(')');
  }
  if (!cursor.acceptWord('VALUES', 'VALUE')) throw syntaxError(cursor.sql, cursor.position());
  const rows: SqlValue[][] = [];
  let nextId = table.nextId;
  const none = rowLookup(undefined, [], 'field list');
  do {
    cursor.expectPunct('(');
    const values: SqlValue[] = [];
    if (!cursor.acceptPunct(')')) {
      do values.push(evaluate(parseExpr(cursor), scope, none));
      while (cursor.acceptPunct(','));
      cursor.expectPunct(')');
    }
    const number = rows.length + 1;
    if (values.length !== targets.length) {
      throw new SqlError(1136, '21S01', `Column count doesn't match value count at row ${number}`);
    }
    const row = table.columns.map((column) => {
      const at = targets.indexOf(column);
      let value = at >= 0 ? (values[at] ?? null) : undefined;
      if (column.autoIncrement && (value === undefined || value === null)) value = nextId;
      if (value === undefined) {
        if (column.defaultValue !== undefined) value = column.defaultValue;
        else if (column.notNull)
          throw new SqlError(1364, 'HY000', `Field '${column.name}' doesn't have a default value`);
        else value = null;
      }
      if (value === null && column.notNull)
        throw new SqlError(1048, '23000', `Column '${column.name}' cannot be null`);
      const stored = coerce(column, value, number);
      if (column.autoIncrement && typeof stored === 'number') nextId = Math.max(nextId, stored + 1);
      return stored;
    });
    checkPrimaryKey(ref.name, table, [...table.rows, ...rows], row);
    rows.push(row);
  } while (cursor.acceptPunct(','));
  table.rows.push(...rows);
  table.nextId = nextId;
  return done(
    rows.length,
    rows.length > 1 ? `Records: ${rows.length}  Duplicates: 0  Warnings: 0` : undefined,
  );
}

function checkPrimaryKey(
  name: string,
  table: Table,
  existing: SqlValue[][],
  row: SqlValue[],
): void {
  const keys = table.columns.flatMap((c, i) => (c.primaryKey ? [i] : []));
  if (keys.length === 0) return;
  const key = (r: SqlValue[]) => keys.map((i) => String(r[i])).join('-');
  if (existing.some((other) => key(other) === key(row))) {
    throw new SqlError(1062, '23000', `Duplicate entry '${key(row)}' for key '${name}.PRIMARY'`);
  }
}

export function update(data: MysqlData, scope: ExprScope, cursor: Cursor): Change {
  const { table } = findTable(data, scope, cursor.qualified());
  cursor.expectWord('SET');
  const sets: { index: number; expr: ReturnType<typeof parseExpr> }[] = [];
  do {
    const name = cursor.identifier();
    const index = table.columns.findIndex((c) => c.name.toLowerCase() === name.toLowerCase());
    if (index < 0) throw new SqlError(1054, '42S22', `Unknown column '${name}' in 'field list'`);
    cursor.expectPunct('=');
    sets.push({ index, expr: parseExpr(cursor) });
  } while (cursor.acceptPunct(','));
  const where = cursor.acceptWord('WHERE') ? parseCondition(cursor) : undefined;
  let matched = 0;
  let changed = 0;
  table.rows = table.rows.map((row, number) => {
    const lookup = rowLookup(table, row, 'where clause');
    if (where && !test(where, scope, lookup)) return row;
    matched++;
    const next = [...row];
    for (const { index, expr } of sets) {
      next[index] = coerce(
        table.columns[index] as Column,
        evaluate(expr, scope, rowLookup(table, row, 'field list')),
        number + 1,
      );
    }
    if (next.some((value, i) => value !== row[i])) changed++;
    return next;
  });
  return done(changed, `Rows matched: ${matched}  Changed: ${changed}  Warnings: 0`);
}
