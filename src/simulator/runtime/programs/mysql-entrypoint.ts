import { randomBytes } from 'node:crypto';
import type { ProcessContext } from '../process/contracts.js';
import { gosuUser } from './credentials.js';
import { execInPlace } from './exec-in-place.js';
import { text } from './io.js';
import { commandOptions, entrypointTime, serverPaths, serverVersion } from './mysql-config.js';
import { EntrypointExit, initScripts, io, runSql, SELF, socketFix } from './mysql-init-steps.js';
import { type Login, locate, send } from './mysql-wire.js';
import { initializeDatadir, serveMysql } from './mysqld.js';
import type { Tool } from './tool.js';

const ZONEINFO_SKIPPED = [
  'iso3166.tab',
  'leap-seconds.list',
  'leapseconds',
  'tzdata.zi',
  'zone.tab',
  'zone1970.tab',
];

/**
 * The mysql image's docker-entrypoint.sh (8.0/8.4/9.x) by its visible effects: `[Note]
 * [Entrypoint]` lines on stdout and errors on stderr; on a data directory without `mysql/`,
 * the password check (no MYSQL_ROOT_PASSWORD, MYSQL_ALLOW_EMPTY_PASSWORD or
 * MYSQL_RANDOM_ROOT_PASSWORD: the documented error and exit 1), `mysqld --initialize-insecure`,
 * a temporary socket-only server to set the root password and create MYSQL_DATABASE and
 * MYSQL_USER, the `/docker-entrypoint-initdb.d` scripts, then `exec mysqld`.
 */
export const mysqlEntrypoint: Tool = async (context) => {
  let args = context.argv.slice(1);
  if (args[0]?.startsWith('-')) args = ['mysqld', ...args];
  const wantsHelp = args.some((arg) =>
    ['-?', '--help', '--print-defaults', '-V', '--version'].includes(arg),
  );
  if (args[0] === 'mysqld' && !wantsHelp) {
    try {
      await prepare(context, args);
    } catch (error) {
      if (error instanceof EntrypointExit) return error.status;
      throw error;
    }
  }
  const name = args[0];
  if (name === undefined) return 0;
  const executable = context.lookPath(name, context.env.PATH ?? '');
  if (executable === undefined) {
    await context.stderr.write(`${SELF}: line 440: exec: ${name}: not found\n`);
    return 127;
  }
  // As root, `exec gosu mysql "$BASH_SOURCE" "$@"`: mysqld runs as the mysql user.
  const user = args[0] === 'mysqld' && !wantsHelp ? gosuUser(context, 'mysql') : undefined;
  return execInPlace(context, args, executable, { user });
};

async function prepare(context: ProcessContext, args: string[]): Promise<void> {
  const env = context.env;
  const note = (message: string) =>
    context.stdout.write(
      `${entrypointTime(context.clock.now())} [Note] [Entrypoint]: ${message}\n`,
    );
  const warn = (message: string) =>
    context.stderr.write(
      `${entrypointTime(context.clock.now())} [Warn] [Entrypoint]: ${message}\n`,
    );
  const fail = async (message: string): Promise<never> => {
    await context.stderr.write(
      `${entrypointTime(context.clock.now())} [ERROR] [Entrypoint]: ${message}\n`,
    );
    throw new EntrypointExit(1);
  };
  const version = env.MYSQL_VERSION ?? `${serverVersion(context)}-1.el9`;
  await note(`Entrypoint script for MySQL Server ${version} started.`);
  const values: Record<string, string> = {};
  for (const name of [
    'MYSQL_ROOT_HOST',
    'MYSQL_DATABASE',
    'MYSQL_USER',
    'MYSQL_PASSWORD',
    'MYSQL_ROOT_PASSWORD',
  ]) {
    const direct = env[name] ?? '';
    const file = env[`${name}_FILE`] ?? '';
    if (direct && file) await fail(`Both ${name} and ${name}_FILE are set (but are exclusive)`);
    let value = direct || (name === 'MYSQL_ROOT_HOST' ? '%' : '');
    if (!direct && file) {
      try {
        value = text(context.fs.readFile(file)).replace(/\n+$/, '');
      } catch {
        await context.stderr.write(`${SELF}: line 47: ${file}: No such file or directory\n`);
        throw new EntrypointExit(1);
      }
    }
    values[name] = value;
  }
  const { options } = commandOptions(args.slice(1));
  const paths = serverPaths(
    context,
    Object.fromEntries(
      Object.entries(options).filter(([k]) =>
        ['datadir', 'socket', 'port', 'pid_file'].includes(k),
      ),
    ),
  );
  for (const dir of [paths.datadir, paths.socket.slice(0, paths.socket.lastIndexOf('/'))]) {
    try {
      context.fs.mkdir(dir, { recursive: true });
    } catch {
      // mkdir -p of an existing (or read-only) directory.
    }
  }
  // As root the script re-runs itself as the mysql user (gosu) and says so, twice.
  await note("Switching to dedicated user 'mysql'");
  await note(`Entrypoint script for MySQL Server ${version} started.`);
  if (context.fs.exists(`${paths.datadir}/mysql`)) {
    await socketFix(context, paths);
    return;
  }
  const rootPassword = values.MYSQL_ROOT_PASSWORD ?? '';
  if (!rootPassword && !env.MYSQL_ALLOW_EMPTY_PASSWORD && !env.MYSQL_RANDOM_ROOT_PASSWORD) {
    await fail(
      'Database is uninitialized and password option is not specified\n    You need to specify one of the following as an environment variable:\n    - MYSQL_ROOT_PASSWORD\n    - MYSQL_ALLOW_EMPTY_PASSWORD\n    - MYSQL_RANDOM_ROOT_PASSWORD',
    );
  }
  if (values.MYSQL_USER === 'root') {
    await fail(
      'MYSQL_USER="root", MYSQL_USER and MYSQL_PASSWORD are for configuring a regular user and cannot be used for the root user\n    Remove MYSQL_USER="root" and use one of the following to control the root user password:\n    - MYSQL_ROOT_PASSWORD\n    - MYSQL_ALLOW_EMPTY_PASSWORD\n    - MYSQL_RANDOM_ROOT_PASSWORD',
    );
  }
  if (values.MYSQL_USER && !values.MYSQL_PASSWORD)
    await warn('MYSQL_USER specified, but missing MYSQL_PASSWORD; MYSQL_USER will not be created');
  else if (!values.MYSQL_USER && values.MYSQL_PASSWORD)
    await warn('MYSQL_PASSWORD specified, but missing MYSQL_USER; MYSQL_PASSWORD will be ignored');
  await note('Initializing database files');
  const serverVersionText = serverVersion(context);
  const init = context.spawn({
    ...io(context),
    argv: [...args, '--initialize-insecure', '--default-time-zone=SYSTEM'],
    program: (child) => initializeDatadir(child, serverVersionText, paths.datadir),
  });
  const initStatus = await init.exit;
  if (initStatus !== 0) throw new EntrypointExit(initStatus);
  await note('Database files initialized');
  await note('Starting temporary server');
  const temporary = context.spawn({
    ...io(context),
    argv: [
      ...args,
      '--daemonize',
      '--skip-networking',
      '--default-time-zone=SYSTEM',
      `--socket=${paths.socket}`,
    ],
    program: (child) =>
      serveMysql(child, {
        version: serverVersionText,
        paths,
        networking: false,
        signalUser: 'root',
      }),
  });
  let exited = false;
  void temporary.exit.then(() => {
    exited = true;
  });
  while (!context.fs.exists(paths.socket)) {
    if (exited) await fail('Unable to start server.');
    await context.clock.sleep(100, context.signals.killed);
  }
  await note('Temporary server started.');
  await socketFix(context, paths);
  const endpoint = await locate(context, 'localhost', paths.port, paths.socket, false);
  const login: Login = { user: 'root', password: null, clientHost: 'localhost' };
  const opened = await send(context, endpoint, { op: 'connect', ...login }, paths.socket);
  if (!opened.ok) await fail('Unable to start server.');
  const connectionId = opened.ok ? opened.connectionId : 0;
  const sql = (statements: string, schema: string | null = null) =>
    runSql(context, endpoint, connectionId, schema, statements, paths.socket);
  if (!env.MYSQL_INITDB_SKIP_TZINFO) {
    for (const file of ZONEINFO_SKIPPED) {
      await context.stderr.write(
        `Warning: Unable to load '/usr/share/zoneinfo/${file}' as time zone. Skipping it.\n`,
      );
    }
  }
  let password = rootPassword;
  if (env.MYSQL_RANDOM_ROOT_PASSWORD) {
    password = randomBytes(24).toString('base64');
    await note(`GENERATED ROOT PASSWORD: ${password}`);
  }
  const rootHost = values.MYSQL_ROOT_HOST ?? '%';
  const quoted = password.replace(/\\/g, '\\\\').replace(/'/g, "\\'");
  await sql(
    `ALTER USER 'root'@'localhost' IDENTIFIED BY '${quoted}';${
      rootHost && rootHost !== 'localhost'
        ? `CREATE USER 'root'@'${rootHost}' IDENTIFIED BY '${quoted}';GRANT ALL ON *.* TO 'root'@'${rootHost}' WITH GRANT OPTION;`
        : ''
    }DROP DATABASE IF EXISTS test;`,
  );
  const database = values.MYSQL_DATABASE ?? '';
  if (database) {
    await note(`Creating database ${database}`);
    await sql(`CREATE DATABASE IF NOT EXISTS \`${database}\`;`);
  }
  if (values.MYSQL_USER && values.MYSQL_PASSWORD) {
    await note(`Creating user ${values.MYSQL_USER}`);
    await sql(
      `CREATE USER '${values.MYSQL_USER}'@'%' IDENTIFIED BY '${values.MYSQL_PASSWORD.replace(/'/g, "\\'")}';`,
    );
    if (database) {
      await note(`Giving user ${values.MYSQL_USER} access to schema ${database}`);
      await sql(`GRANT ALL ON \`${database}\`.* TO '${values.MYSQL_USER}'@'%';`);
    }
  }
  await initScripts(context, (file) => sql(file, database || null), note, warn);
  await note('Stopping temporary server');
  await send(context, endpoint, { op: 'shutdown', connectionId }, paths.socket);
  await temporary.exit;
  await note('Temporary server stopped');
  await context.stdout.write('\n');
  await note('MySQL init process done. Ready for start up.');
  await context.stdout.write('\n');
}
