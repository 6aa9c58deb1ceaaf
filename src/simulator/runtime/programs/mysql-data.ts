import { createHash } from 'node:crypto';
import type { FileSystem } from '../fs/file-system.js';
import { text } from './io.js';

/**
 * What a simulated MySQL data directory holds: accounts, schemas and their tables. It lives in
 * the datadir (`/var/lib/mysql` unless configured), so it lasts exactly as long as that
 * directory does — a container restart without a volume starts over, as the real one does.
 * The server keeps it in `mysql.ibd`, the file where a real server keeps its data dictionary
 * (as JSON here, with passwords only as SHA-256 digests).
 */
export type SqlValue = string | number | null;

export interface Column {
  name: string;
  /** `int`, `varchar(20)`… as declared, lower-cased. */
  type: string;
  notNull: boolean;
  autoIncrement: boolean;
  primaryKey: boolean;
  defaultValue?: SqlValue;
}

export interface Table {
  columns: Column[];
  rows: SqlValue[][];
  nextId: number;
}

export interface Account {
  user: string;
  host: string;
  /** SHA-256 of the password; '' for an empty password; null for a locked system account. */
  digest: string | null;
  /** `db.*` or `*.*` grants (ALL PRIVILEGES only). */
  grants: string[];
}

export interface MysqlData {
  accounts: Account[];
  schemas: Record<string, Record<string, Table>>;
}

/** The schemas every server shows and no statement here may change. */
export const SYSTEM_SCHEMAS = ['information_schema', 'mysql', 'performance_schema', 'sys'];

export const DATA_FILE = 'mysql.ibd';

export function passwordDigest(password: string): string {
  return password === '' ? '' : createHash('sha256').update(password).digest('hex');
}

/** A fresh dictionary after `mysqld --initialize-insecure`: root@localhost, no password. */
export function initialData(): MysqlData {
  const locked = (user: string): Account => ({ user, host: 'localhost', digest: null, grants: [] });
  return {
    accounts: [
      locked('mysql.infoschema'),
      locked('mysql.session'),
      locked('mysql.sys'),
      { user: 'root', host: 'localhost', digest: '', grants: ['*.*'] },
    ],
    schemas: {},
  };
}

export function loadData(fs: FileSystem, datadir: string): MysqlData | undefined {
  try {
    return JSON.parse(text(fs.readFile(`${datadir}/${DATA_FILE}`))) as MysqlData;
  } catch {
    return undefined;
  }
}

export function saveData(fs: FileSystem, datadir: string, data: MysqlData): void {
  fs.writeFile(`${datadir}/${DATA_FILE}`, JSON.stringify(data));
}

/**
 * The account a login matches, as MySQL picks it: the most specific host first (`localhost`
 * and literal addresses before `%`), for an existing user name.
 */
export function matchAccount(
  data: MysqlData,
  user: string,
  clientHost: string,
): Account | undefined {
  const candidates = data.accounts.filter(
    (account) => account.user === user && (account.host === '%' || account.host === clientHost),
  );
  return candidates.find((a) => a.host !== '%') ?? candidates[0];
}

/** Whether `account` may use `schema` (a grant on `*.*` or on that schema). */
export function mayUse(account: Account, schema: string): boolean {
  return account.grants.some((grant) => grant === '*.*' || grant === `${schema}.*`);
}
