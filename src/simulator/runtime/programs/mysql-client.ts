import type { ProcessContext } from '../process/contracts.js';
import { readAll, text } from './io.js';
import { serverVersion } from './mysql-config.js';
import { formatRows, type OutputMode, resultFooter } from './mysql-format.js';
import {
  type ClientOptions,
  type Connection,
  connect,
  parseClientOptions,
  passwordOf,
} from './mysql-login.js';
import { type Statement, splitStatements } from './mysql-statements.js';
import { ConnectError, send } from './mysql-wire.js';
import type { Tool } from './tool.js';

const BANNER = (
  id: number,
  version: string,
) => `Welcome to the MySQL monitor.  Commands end with ; or \\g.
Your MySQL connection id is ${id}
Server version: ${version} MySQL Community Server - GPL

Copyright (c) 2000, 2025, Oracle and/or its affiliates.

Oracle is a registered trademark of Oracle Corporation and/or its
affiliates. Other names may be trademarks of their respective
owners.

Type 'help;' or '\\h' for help. Type '\\c' to clear the current input statement.

`;

interface Presentation {
  mode: OutputMode;
  headers: boolean;
  /** The interactive client's `N rows in set` and `Query OK` lines. */
  footers: boolean;
}

/**
 * The `mysql` client: statements from `-e`, from a pipe, or typed at `mysql> ` on a terminal,
 * run by the server it finds (the socket for `localhost`, TCP otherwise). Output is a boxed
 * table on a terminal and tab-separated otherwise, as the real client chooses; errors are
 * `ERROR <code> (<state>)[ at line N]: …` with exit status 1. A statement the simulated
 * server does not implement is refused with a message that says so.
 */
export const mysqlClient: Tool = async (context) => {
  const options = parseClientOptions(context.argv.slice(1));
  if (options.flags.has('V')) {
    await context.stdout.write(
      `mysql  Ver ${serverVersion(context)} for Linux on x86_64 (MySQL Community Server - GPL)\n`,
    );
    return 0;
  }
  const password = await passwordOf(context, 'mysql', options);
  const connection = await connect(context, options, password);
  if (!connection) return 1;
  const silent = options.silent;
  const terminalOut = context.stdout.isTerminal;
  const tableMode =
    options.flags.has('t') || (terminalOut && !options.flags.has('B') && silent === 0);
  const batchSilence = tableMode ? 0 : 1;
  const presentation = (interactive: boolean): Presentation => ({
    mode: options.flags.has('E') ? 'vertical' : tableMode ? 'table' : 'tab',
    headers: !options.flags.has('N') && silent + batchSilence < 2,
    footers: interactive,
  });
  if (options.execute !== undefined) {
    return runAll(
      context,
      connection,
      options,
      splitStatements(`${options.execute}\n;`).statements,
      presentation(false),
    );
  }
  if (!(context.stdin.terminal && terminalOut)) {
    const input = text(await readAll(context.stdin, context.signals.killed));
    return runAll(context, connection, options, clientCommands(`${input}\n;`), presentation(false));
  }
  return interactive(context, connection, presentation(true));
};

/** `use db` and `quit` are client commands: they need no `;` at the end of their line. */
function clientCommands(input: string): Statement[] {
  const lines = input.split('\n').map((line) => {
    const trimmed = line.trim();
    if (/^(use\s+\S+|quit|exit)$/i.test(trimmed)) return `${trimmed};`;
    return line;
  });
  return splitStatements(lines.join('\n')).statements;
}

async function runAll(
  context: ProcessContext,
  connection: Connection,
  options: ClientOptions,
  statements: Statement[],
  presentation: Presentation,
): Promise<number> {
  let status = 0;
  for (const statement of statements) {
    if (/^(quit|exit)$/i.test(statement.sql)) break;
    const ok = await runOne(
      context,
      connection,
      statement,
      presentation,
      ` at line ${statement.line}`,
    );
    if (!ok) {
      status = 1;
      if (!options.flags.has('f')) return status;
    }
  }
  return status;
}

async function runOne(
  context: ProcessContext,
  connection: Connection,
  statement: Statement,
  presentation: Presentation,
  where: string,
): Promise<boolean> {
  let answer: Awaited<ReturnType<typeof send>>;
  try {
    answer = await send(
      context,
      connection.endpoint,
      {
        op: 'query',
        ...connection.login,
        schema: connection.schema,
        connectionId: connection.connectionId,
        sql: statement.sql,
      },
      connection.socket,
    );
  } catch (error) {
    if (!(error instanceof ConnectError)) throw error;
    await context.stderr.write(
      `ERROR 2013 (HY000)${where}: Lost connection to MySQL server during query\n`,
    );
    return false;
  }
  if (!answer.ok) {
    await context.stderr.write(
      'code' in answer
        ? `ERROR ${answer.code} (${answer.state})${where}: ${answer.message}\n`
        : `ERROR${where}: the simulated MySQL server does not run this statement (it knows SELECT, SHOW, USE, DESCRIBE, CREATE/DROP DATABASE|TABLE|USER, ALTER USER, GRANT ALL, INSERT, UPDATE, DELETE): ${statement.sql}\n`,
    );
    return false;
  }
  if (answer.schema !== undefined) connection.schema = answer.schema;
  const result = answer.result;
  if (!result) return true;
  if (result.kind === 'rows') {
    const mode = statement.vertical ? 'vertical' : presentation.mode;
    await context.stdout.write(formatRows(result, mode, presentation.headers));
  }
  if (presentation.footers)
    await context.stdout.write(
      `${resultFooter(result)}${result.kind === 'ok' && result.schema !== undefined ? '' : '\n'}`,
    );
  return true;
}

async function interactive(
  context: ProcessContext,
  connection: Connection,
  presentation: Presentation,
): Promise<number> {
  await context.stdout.write(BANNER(connection.connectionId, serverVersion(context)));
  let pending = '';
  for (;;) {
    await context.stdout.write(pending.trim() === '' ? 'mysql> ' : '    -> ');
    const chunk = await context.stdin.read(context.signals.killed);
    if (chunk === null) {
      await context.stdout.write('Bye\n');
      return 0;
    }
    for (const line of text(chunk).split('\n').slice(0, -1)) {
      const trimmed = line.trim();
      if (pending.trim() === '' && /^(quit|exit|\\q);?$/i.test(trimmed)) {
        await context.stdout.write('Bye\n');
        return 0;
      }
      if (trimmed.endsWith('\\c')) {
        pending = '';
        continue;
      }
      const command = pending.trim() === '' && /^use\s+\S+$/i.test(trimmed) ? `${trimmed};` : line;
      const { statements, rest } = splitStatements(`${pending}${command}\n`);
      pending = rest.trim() === '' ? '' : rest;
      for (const statement of statements) {
        await runOne(context, connection, statement, presentation, '');
      }
    }
  }
}
