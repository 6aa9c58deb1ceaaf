import { type Account, type MysqlData, passwordDigest } from './mysql-data.js';
import { type Cursor, SqlError } from './mysql-sql-cursor.js';
import type { ExprScope } from './mysql-sql-expr.js';
import { NotSimulated, type SqlResult } from './mysql-sql-tables.js';

/** CREATE/DROP/ALTER USER and GRANT ALL: accounts and the schemas they may use. */
type Change = Extract<SqlResult, { kind: 'ok' }>;
const done: Change = { kind: 'ok', affected: 0, changed: true };

function requireAdmin(scope: ExprScope, privilege: string): void {
  if (!scope.account.grants.includes('*.*')) {
    throw new SqlError(
      1227,
      '42000',
      `Access denied; you need (at least one of) the ${privilege} privilege(s) for this operation`,
    );
  }
}

export function users(
  data: MysqlData,
  scope: ExprScope,
  cursor: Cursor,
  operation: string,
): Change {
  requireAdmin(scope, operation === 'ALTER USER' ? 'CREATE USER' : operation);
  let conditional = false;
  if (cursor.acceptWord('IF')) {
    cursor.acceptWord('NOT');
    cursor.expectWord('EXISTS');
    conditional = true;
  }
  const failed: string[] = [];
  do {
    const { user, host } = cursor.account();
    let digest: string | undefined;
    if (cursor.acceptWord('IDENTIFIED')) {
      if (cursor.acceptWord('WITH')) cursor.identifier();
      cursor.expectWord('BY');
      digest = passwordDigest(String(cursor.literal()));
    }
    const index = data.accounts.findIndex((a) => a.user === user && a.host === host);
    if (operation === 'CREATE USER') {
      if (index >= 0) failed.push(`'${user}'@'${host}'`);
      else data.accounts.push({ user, host, digest: digest ?? '', grants: [] });
    } else if (index < 0) {
      failed.push(`'${user}'@'${host}'`);
    } else if (operation === 'DROP USER') {
      data.accounts.splice(index, 1);
    } else if (digest !== undefined) {
      (data.accounts[index] as Account).digest = digest;
    }
  } while (cursor.acceptPunct(','));
  if (failed.length > 0 && !conditional) {
    throw new SqlError(1396, 'HY000', `Operation ${operation} failed for ${failed.join(',')}`);
  }
  return done;
}

export function grant(data: MysqlData, scope: ExprScope, cursor: Cursor): Change {
  requireAdmin(scope, 'GRANT OPTION');
  if (!cursor.acceptWord('ALL')) throw new NotSimulated();
  cursor.acceptWord('PRIVILEGES');
  cursor.expectWord('ON');
  const schema = cursor.acceptPunct('*') ? '*' : cursor.identifier();
  cursor.expectPunct('.');
  cursor.expectPunct('*');
  cursor.expectWord('TO');
  const { user, host } = cursor.account();
  if (cursor.acceptWord('WITH')) {
    cursor.expectWord('GRANT');
    cursor.expectWord('OPTION');
  }
  const account = data.accounts.find((a) => a.user === user && a.host === host);
  if (!account)
    throw new SqlError(1410, '42000', 'You are not allowed to create a user with GRANT');
  const scopeName = `${schema.replace(/\\_/g, '_')}.*`;
  if (!account.grants.includes(scopeName)) account.grants.push(scopeName);
  return done;
}
