import type { ProcessContext } from '../process/contracts.js';
import { text } from './io.js';
import type { ServerPaths } from './mysql-config.js';
import { splitStatements } from './mysql-statements.js';
import { type Endpoint, send } from './mysql-wire.js';

/**
 * The parts of the mysql image's entrypoint that work on a running temporary server: SQL sent
 * as docker_process_sql sends it, the init scripts of /docker-entrypoint-initdb.d, and the
 * socket link. A failure ends the script, as its `set -e` does.
 */
export const SELF = '/usr/local/bin/docker-entrypoint.sh';

export class EntrypointExit extends Error {
  constructor(readonly status: number) {
    super(`exit ${status}`);
  }
}

export function io(context: ProcessContext) {
  return {
    env: context.env,
    cwd: context.cwd,
    stdin: context.stdin,
    stdout: context.stdout,
    stderr: context.stderr,
  };
}

/** mysql_socket_fix: the RPM's default socket path becomes a link to the configured one. */
export async function socketFix(context: ProcessContext, paths: ServerPaths): Promise<void> {
  const fallback = '/var/lib/mysql/mysql.sock';
  if (paths.socket === fallback) return;
  try {
    context.fs.unlink(fallback);
  } catch {
    // Not there yet.
  }
  try {
    context.fs.symlink(paths.socket, fallback);
    await context.stdout.write(`'${fallback}' -> '${paths.socket}'\n`);
  } catch {
    // `ln -sfTv … || :`: a read-only datadir is no reason to stop.
  }
}

/** Runs SQL text as docker_process_sql does (errors end the script: `set -e`). */
export async function runSql(
  context: ProcessContext,
  endpoint: Endpoint,
  connectionId: number,
  schema: string | null,
  source: string,
  socket: string,
): Promise<void> {
  for (const statement of splitStatements(`${source}\n;`).statements) {
    const answer = await send(
      context,
      endpoint,
      { op: 'query', schema, connectionId, sql: statement.sql },
      socket,
    );
    if (answer.ok) {
      if (answer.schema !== undefined) schema = answer.schema;
      continue;
    }
    await context.stderr.write(
      'code' in answer
        ? `ERROR ${answer.code} (${answer.state}) at line ${statement.line}: ${answer.message}\n`
        : `ERROR at line ${statement.line}: the simulated MySQL server does not run this statement: ${statement.sql}\n`,
    );
    throw new EntrypointExit(1);
  }
}

/** docker_process_init_files /docker-entrypoint-initdb.d/*. */
export async function initScripts(
  context: ProcessContext,
  sql: (source: string) => Promise<void>,
  note: (m: string) => Promise<void>,
  warn: (m: string) => Promise<void>,
): Promise<void> {
  const dir = '/docker-entrypoint-initdb.d';
  let names: string[] = [];
  try {
    names = context.fs.readdir(dir).sort();
  } catch {
    names = [];
  }
  await context.stdout.write('\n');
  for (const name of names) {
    const path = `${dir}/${name}`;
    if (name.endsWith('.sh')) {
      const executable = (context.fs.stat(path).mode & 0o111) !== 0;
      await note(`${SELF}: ${executable ? 'running' : 'sourcing'} ${path}`);
      const argv = executable ? [path] : ['bash', path];
      const found = context.lookPath(argv[0] as string, context.env.PATH ?? '');
      const child = context.spawn({
        ...io(context),
        argv,
        ...(found ? { executable: found } : {}),
      });
      const status = await child.exit;
      if (status !== 0) throw new EntrypointExit(status);
    } else if (name.endsWith('.sql')) {
      await note(`${SELF}: running ${path}`);
      await sql(text(context.fs.readFile(path)));
      await context.stdout.write('\n');
    } else {
      await warn(`${SELF}: ignoring ${path}`);
    }
    await context.stdout.write('\n');
  }
}
