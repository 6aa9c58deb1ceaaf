import { type MysqlData, mayUse, type SqlValue, SYSTEM_SCHEMAS, type Table } from './mysql-data.js';
import { SqlError } from './mysql-sql-cursor.js';
import type { ExprScope, RowLookup } from './mysql-sql-expr.js';

/** What statements share: their results, and how a table and its columns are found. */
export type SqlResult =
  | { kind: 'rows'; columns: string[]; rows: SqlValue[][] }
  /** `changed`: the data directory must be written; `schema`: USE switched to it. */
  | { kind: 'ok'; affected: number; changed: boolean; schema?: string; info?: string };

/** The refusal of a statement MySQL would run and this simulation cannot. */
export class NotSimulated extends Error {}

export function schemaError(schema: string): SqlError {
  return new SqlError(1049, '42000', `Unknown database '${schema}'`);
}

/** The table `name` of the session's schema (or of `schema`), checking access as MySQL does. */
export function findTable(
  data: MysqlData,
  scope: ExprScope,
  ref: { schema?: string; name: string },
): { schema: string; table: Table } {
  const schema = ref.schema ?? scope.schema;
  if (schema === null) throw new SqlError(1046, '3D000', 'No database selected');
  if (SYSTEM_SCHEMAS.includes(schema)) throw new NotSimulated();
  if (!mayUse(scope.account, schema)) throw accessDenied(scope, schema);
  const table = data.schemas[schema]?.[ref.name];
  if (!table) throw new SqlError(1146, '42S02', `Table '${schema}.${ref.name}' doesn't exist`);
  return { schema, table };
}

export function accessDenied(scope: ExprScope, schema: string): SqlError {
  return new SqlError(
    1044,
    '42000',
    `Access denied for user '${scope.account.user}'@'${scope.account.host}' to database '${schema}'`,
  );
}

/** A lookup of `table`'s columns in `row`, failing as MySQL does for an unknown one. */
export function rowLookup(table: Table | undefined, row: SqlValue[], clause: string): RowLookup {
  return (name) => {
    const index = table?.columns.findIndex((c) => c.name.toLowerCase() === name.toLowerCase());
    if (index === undefined || index < 0) {
      throw new SqlError(1054, '42S22', `Unknown column '${name}' in '${clause}'`);
    }
    return row[index] ?? null;
  };
}
