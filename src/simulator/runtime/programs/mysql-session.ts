import type { ProcessContext } from '../process/contracts.js';
import type { ServerPaths } from './mysql-config.js';
import {
  type Account,
  type MysqlData,
  matchAccount,
  mayUse,
  passwordDigest,
  SYSTEM_SCHEMAS,
  saveData,
} from './mysql-data.js';
import { executeSql, NotSimulated } from './mysql-sql.js';
import { SqlError } from './mysql-sql-cursor.js';
import type { Login, MysqlAnswer, MysqlCall } from './mysql-wire.js';

type Failure = Extract<MysqlAnswer, { code: number }>;
const failure = (code: number, state: string, message: string): Failure => ({
  ok: false,
  code,
  state,
  message,
});

/**
 * The server side of every login and statement: the account check with MySQL's messages
 * (1045 for a wrong password, with `using password: YES|NO`), schema access, statements run
 * against the data, and the data directory written after every change.
 */
export class MysqlSession {
  /** The id of the last connection (the thread a `Received SHUTDOWN` line names). */
  lastConnection = 7;
  private readonly connections = new Map<number, Login & { account: Account }>();

  constructor(
    private readonly context: ProcessContext,
    private readonly data: MysqlData,
    private readonly paths: ServerPaths,
    private readonly version: string,
    private readonly startedMs: number,
    private readonly onShutdown: () => void,
  ) {}

  answer(call: MysqlCall): MysqlAnswer {
    const uptime = Math.floor((this.context.clock.now().getTime() - this.startedMs) / 1000);
    if (call.op === 'ping') return { ok: true, connectionId: this.lastConnection, uptime };
    if (call.op === 'connect') {
      const account = this.authenticate(call);
      if ('code' in account) return account;
      if (call.schema !== undefined) {
        const problem = this.schemaProblem(account, call.schema);
        if (problem) return problem;
      }
      this.lastConnection++;
      this.connections.set(this.lastConnection, { ...call, account });
      return { ok: true, connectionId: this.lastConnection, uptime, schema: call.schema ?? null };
    }
    const connection = this.connections.get(call.connectionId);
    if (!connection) return failure(2013, 'HY000', 'Lost connection to MySQL server during query');
    // Grants given since the login count at once; a dropped account keeps its session.
    const account =
      this.data.accounts.find(
        (a) => a.user === connection.account.user && a.host === connection.account.host,
      ) ?? connection.account;
    if (call.op === 'shutdown') {
      if (!account.grants.includes('*.*')) {
        return failure(
          1227,
          '42000',
          'Access denied; you need (at least one of) the SHUTDOWN privilege(s) for this operation',
        );
      }
      this.lastConnection = call.connectionId;
      this.onShutdown();
      return { ok: true, connectionId: call.connectionId, uptime };
    }
    const scope = {
      user: connection.user,
      clientHost: connection.clientHost,
      account,
      schema: call.schema,
      connectionId: call.connectionId,
      version: this.version,
      hostname: this.context.network.hostname,
      port: this.paths.port,
      now: this.context.clock.now(),
    };
    try {
      const result = executeSql(this.data, scope, call.sql);
      if (result.kind === 'ok' && result.changed)
        saveData(this.context.fs, this.paths.datadir, this.data);
      const schema =
        result.kind === 'ok' && result.schema !== undefined ? result.schema : call.schema;
      return { ok: true, connectionId: call.connectionId, uptime, result, schema };
    } catch (error) {
      if (error instanceof NotSimulated) return { ok: false, notSimulated: true };
      if (error instanceof SqlError) return failure(error.code, error.state, error.message);
      throw error;
    }
  }

  private authenticate(login: Login): Account | Failure {
    const using = login.password ? 'YES' : 'NO';
    const denied = failure(
      1045,
      '28000',
      `Access denied for user '${login.user}'@'${login.clientHost}' (using password: ${using})`,
    );
    const account = matchAccount(this.data, login.user, login.clientHost);
    if (!account) return denied;
    if (account.digest === null) {
      return failure(
        3118,
        'HY000',
        `Access denied for user '${login.user}'@'${login.clientHost}'. Account is locked.`,
      );
    }
    return passwordDigest(login.password ?? '') === account.digest ? account : denied;
  }

  private schemaProblem(account: Account, schema: string): Failure | undefined {
    if (SYSTEM_SCHEMAS.includes(schema)) return undefined;
    if (!this.data.schemas[schema]) return failure(1049, '42000', `Unknown database '${schema}'`);
    if (!mayUse(account, schema)) {
      return failure(
        1044,
        '42000',
        `Access denied for user '${account.user}'@'${account.host}' to database '${schema}'`,
      );
    }
    return undefined;
  }
}
