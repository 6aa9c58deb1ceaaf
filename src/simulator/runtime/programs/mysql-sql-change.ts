import { type Column, type MysqlData, mayUse, SYSTEM_SCHEMAS } from './mysql-data.js';
import { grant, users } from './mysql-sql-accounts.js';
import { type Cursor, SqlError } from './mysql-sql-cursor.js';
import { type ExprScope, parseCondition, test } from './mysql-sql-expr.js';
import { insert, update } from './mysql-sql-rows.js';
import {
  accessDenied,
  findTable,
  NotSimulated,
  rowLookup,
  type SqlResult,
  schemaError,
} from './mysql-sql-tables.js';

type Change = Extract<SqlResult, { kind: 'ok' }>;
const done = (affected: number, info?: string): Change => ({
  kind: 'ok',
  affected,
  changed: true,
  ...(info ? { info } : {}),
});

/** CREATE, DROP, ALTER USER, GRANT, INSERT, UPDATE, DELETE, FLUSH; undefined for other verbs. */
export function runChange(
  data: MysqlData,
  scope: ExprScope,
  cursor: Cursor,
  verb: string,
): Change | undefined {
  cursor.next();
  switch (verb) {
    case 'CREATE':
      if (cursor.acceptWord('DATABASE', 'SCHEMA')) return createSchema(data, scope, cursor);
      if (cursor.acceptWord('TABLE')) return createTable(data, scope, cursor);
      if (cursor.acceptWord('USER')) return users(data, scope, cursor, 'CREATE USER');
      throw new NotSimulated();
    case 'DROP':
      if (cursor.acceptWord('DATABASE', 'SCHEMA')) {
        const ifExists = cursor.acceptPhrase('IF', 'EXISTS');
        const name = cursor.identifier();
        if (SYSTEM_SCHEMAS.includes(name)) throw new NotSimulated();
        if (!data.schemas[name]) {
          if (ifExists) return done(0);
          throw new SqlError(
            1008,
            'HY000',
            `Can't drop database '${name}'; database doesn't exist`,
          );
        }
        if (!mayUse(scope.account, name)) throw accessDenied(scope, name);
        const tables = Object.keys(data.schemas[name] ?? {}).length;
        delete data.schemas[name];
        return done(tables);
      }
      if (cursor.acceptWord('TABLE')) {
        const ifExists = cursor.acceptPhrase('IF', 'EXISTS');
        const ref = cursor.qualified();
        try {
          const { schema } = findTable(data, scope, ref);
          delete data.schemas[schema]?.[ref.name];
        } catch (error) {
          if (!(ifExists && error instanceof SqlError && error.code === 1146)) throw error;
        }
        return done(0);
      }
      if (cursor.acceptWord('USER')) return users(data, scope, cursor, 'DROP USER');
      throw new NotSimulated();
    case 'ALTER':
      if (cursor.acceptWord('USER')) return users(data, scope, cursor, 'ALTER USER');
      throw new NotSimulated();
    case 'GRANT':
      return grant(data, scope, cursor);
    case 'FLUSH':
      cursor.expectWord('PRIVILEGES');
      return { kind: 'ok', affected: 0, changed: false };
    case 'INSERT':
      return insert(data, scope, cursor);
    case 'UPDATE':
      return update(data, scope, cursor);
    case 'DELETE': {
      cursor.expectWord('FROM');
      const { table } = findTable(data, scope, cursor.qualified());
      const where = cursor.acceptWord('WHERE') ? parseCondition(cursor) : undefined;
      const before = table.rows.length;
      table.rows = table.rows.filter(
        (row) => where && !test(where, scope, rowLookup(table, row, 'where clause')),
      );
      return done(before - table.rows.length);
    }
    default:
      return undefined;
  }
}

function createSchema(data: MysqlData, scope: ExprScope, cursor: Cursor): Change {
  const ifNotExists = cursor.acceptPhrase('IF', 'NOT', 'EXISTS');
  const name = cursor.identifier();
  while (!cursor.done() && !cursor.isPunct(';')) cursor.next(); // CHARACTER SET …, COLLATE …
  if (!mayUse(scope.account, name)) throw accessDenied(scope, name);
  if (data.schemas[name] || SYSTEM_SCHEMAS.includes(name)) {
    if (ifNotExists) return { kind: 'ok', affected: 0, changed: false };
    throw new SqlError(1007, 'HY000', `Can't create database '${name}'; database exists`);
  }
  data.schemas[name] = {};
  return done(1);
}

/** Skips a parenthesised group (index definitions, CHECK constraints). */
function skipGroup(cursor: Cursor): void {
  cursor.expectPunct('(');
  for (let depth = 1; depth > 0; ) {
    const token = cursor.next();
    if (token.kind === 'punct' && token.text === '(') depth++;
    else if (token.kind === 'punct' && token.text === ')') depth--;
  }
}

function createTable(data: MysqlData, scope: ExprScope, cursor: Cursor): Change {
  const ifNotExists = cursor.acceptPhrase('IF', 'NOT', 'EXISTS');
  const ref = cursor.qualified();
  const schema = ref.schema ?? scope.schema;
  if (schema === null) throw new SqlError(1046, '3D000', 'No database selected');
  if (SYSTEM_SCHEMAS.includes(schema)) throw new NotSimulated();
  const tables = data.schemas[schema];
  if (!tables) throw schemaError(schema);
  if (!mayUse(scope.account, schema)) throw accessDenied(scope, schema);
  const columns: Column[] = [];
  cursor.expectPunct('(');
  do {
    if (cursor.acceptWord('PRIMARY')) {
      cursor.expectWord('KEY');
      cursor.expectPunct('(');
      do {
        const name = cursor.identifier();
        const column = columns.find((c) => c.name.toLowerCase() === name.toLowerCase());
        if (column) Object.assign(column, { primaryKey: true, notNull: true });
      } while (cursor.acceptPunct(','));
      cursor.expectPunct(')');
    } else if (cursor.acceptWord('KEY', 'INDEX', 'UNIQUE', 'CONSTRAINT', 'FOREIGN', 'CHECK')) {
      while (!cursor.isPunct('(')) cursor.next();
      skipGroup(cursor);
      if (cursor.acceptWord('REFERENCES')) {
        cursor.qualified();
        skipGroup(cursor);
      }
    } else {
      columns.push(columnDefinition(cursor));
    }
  } while (cursor.acceptPunct(','));
  cursor.expectPunct(')');
  while (!cursor.done() && !cursor.isPunct(';')) cursor.next(); // ENGINE=…, DEFAULT CHARSET=…
  if (tables[ref.name]) {
    if (ifNotExists) return { kind: 'ok', affected: 0, changed: false };
    throw new SqlError(1050, '42S01', `Table '${ref.name}' already exists`);
  }
  tables[ref.name] = { columns, rows: [], nextId: 1 };
  return done(0);
}

function columnDefinition(cursor: Cursor): Column {
  const name = cursor.identifier();
  let type = cursor.identifier().toLowerCase();
  if (cursor.isPunct('(')) {
    const start = cursor.position();
    skipGroup(cursor);
    type += cursor.sql.slice(start, cursor.position()).replace(/\s+/g, '');
  }
  if (type === 'integer') type = 'int';
  const column: Column = { name, type, notNull: false, autoIncrement: false, primaryKey: false };
  for (;;) {
    if (cursor.acceptWord('UNSIGNED')) column.type += ' unsigned';
    else if (cursor.acceptWord('NOT')) {
      cursor.expectWord('NULL');
      column.notNull = true;
    } else if (cursor.acceptWord('NULL', 'SIGNED')) continue;
    else if (cursor.acceptWord('AUTO_INCREMENT')) column.autoIncrement = true;
    else if (cursor.acceptWord('PRIMARY')) {
      cursor.expectWord('KEY');
      column.primaryKey = true;
      column.notNull = true;
    } else if (cursor.acceptWord('UNIQUE')) cursor.acceptWord('KEY');
    else if (cursor.acceptWord('DEFAULT')) column.defaultValue = cursor.literal();
    else if (cursor.acceptWord('COMMENT')) cursor.literal();
    else return column;
  }
}
