import { randomUUID } from 'node:crypto';
import type { HttpResponse, ProcessContext } from '../process/contracts.js';
import {
  commandOptions,
  errorLogTime,
  type ServerPaths,
  serverPaths,
  serverVersion,
} from './mysql-config.js';
import { DATA_FILE, initialData, loadData } from './mysql-data.js';
import { MysqlSession } from './mysql-session.js';
import { answerResponse, parseMysqlCall } from './mysql-wire.js';
import type { Tool } from './tool.js';

/** A line of mysqld's error log (stderr in the image): `<time> <thread> [<level>] [<code>] [<subsystem>] <message>`. */
export function mysqlLog(
  context: ProcessContext,
  thread: number,
  level: 'System' | 'Warning' | 'Note' | 'ERROR',
  code: string,
  message: string,
  subsystem = 'Server',
): Promise<void> {
  return context.stderr.write(
    `${errorLogTime(context.clock.now())} ${thread} [${level}] [${code}] [${subsystem}] ${message}\n`,
  );
}

const DATADIR_FILES = [
  'auto.cnf',
  'binlog.000001',
  'binlog.index',
  'ca-key.pem',
  'ca.pem',
  'client-cert.pem',
  'client-key.pem',
  'ib_buffer_pool',
  'ibdata1',
  'private_key.pem',
  'public_key.pem',
  'server-cert.pem',
  'server-key.pem',
  'undo_001',
  'undo_002',
];

/**
 * `mysqld --initialize-insecure`: a new data directory with the system schemas and
 * root@localhost without a password (the warning says so), in about two seconds.
 */
export async function initializeDatadir(
  context: ProcessContext,
  version: string,
  datadir: string,
): Promise<number> {
  const sleep = (ms: number) => context.clock.sleep(ms, context.signals.killed);
  await mysqlLog(context, 0, 'System', 'MY-015017', 'MySQL Server Initialization - start.');
  await mysqlLog(
    context,
    0,
    'System',
    'MY-013169',
    `/usr/sbin/mysqld (mysqld ${version}) initializing of server in progress as process ${context.pid}`,
  );
  await sleep(40);
  await mysqlLog(context, 1, 'System', 'MY-013576', 'InnoDB initialization has started.', 'InnoDB');
  await sleep(600);
  try {
    context.fs.mkdir(datadir, { recursive: true });
    for (const dir of ['#innodb_redo', '#innodb_temp', 'mysql', 'performance_schema', 'sys']) {
      context.fs.mkdir(`${datadir}/${dir}`, { recursive: true });
    }
    for (const file of DATADIR_FILES) context.fs.writeFile(`${datadir}/${file}`, '');
    context.fs.writeFile(`${datadir}/auto.cnf`, `[auto]\nserver-uuid=${randomUUID()}\n`);
    context.fs.writeFile(`${datadir}/${DATA_FILE}`, JSON.stringify(initialData()));
  } catch {
    await mysqlLog(
      context,
      0,
      'ERROR',
      'MY-010457',
      `--initialize specified but the data directory has files in it. Aborting.`,
    );
    return 1;
  }
  await mysqlLog(context, 1, 'System', 'MY-013577', 'InnoDB initialization has ended.', 'InnoDB');
  await sleep(900);
  await mysqlLog(
    context,
    6,
    'Warning',
    'MY-010453',
    'root@localhost is created with an empty password ! Please consider switching off the --initialize-insecure option.',
  );
  await sleep(700);
  await mysqlLog(context, 0, 'System', 'MY-015018', 'MySQL Server Initialization - end.');
  return 0;
}

export interface ServeOptions {
  version: string;
  paths: ServerPaths;
  /** false with --skip-networking: the socket only (the entrypoint's temporary server). */
  networking: boolean;
  /** Who a SIGTERM is reported as coming from (`root` when mysqladmin asked for it). */
  signalUser: string;
}

/**
 * mysqld serving a data directory: InnoDB starts, the socket and the pid file appear, then
 * port 3306 (and X Protocol's 33060) listens, with `ready for connections`. Statements run
 * against the data directory (`mysql-session.ts`). SIGTERM, or SHUTDOWN from a client, shut
 * it down cleanly (exit status 0). A data directory that was never initialised stops it.
 */
export async function serveMysql(context: ProcessContext, options: ServeOptions): Promise<number> {
  const { version, paths } = options;
  const sleep = (ms: number) => context.clock.sleep(ms, context.signals.killed);
  await mysqlLog(context, 0, 'System', 'MY-015015', 'MySQL Server - start.');
  await sleep(180);
  if (version.startsWith('8.0')) {
    await mysqlLog(
      context,
      0,
      'Warning',
      'MY-011068',
      "The syntax '--skip-host-cache' is deprecated and will be removed in a future release. Please use SET GLOBAL host_cache_size=0 instead.",
    );
  }
  await mysqlLog(
    context,
    0,
    'System',
    'MY-010116',
    `/usr/sbin/mysqld (mysqld ${version}) starting as process ${context.pid}`,
  );
  const data = loadData(context.fs, paths.datadir);
  if (!data) {
    await mysqlLog(context, 0, 'ERROR', 'MY-010119', 'Aborting');
    await mysqlLog(context, 0, 'System', 'MY-015016', 'MySQL Server - end.');
    return 1;
  }
  await mysqlLog(context, 1, 'System', 'MY-013576', 'InnoDB initialization has started.', 'InnoDB');
  await sleep(520);
  await mysqlLog(context, 1, 'System', 'MY-013577', 'InnoDB initialization has ended.', 'InnoDB');
  await sleep(230);
  await mysqlLog(context, 0, 'Warning', 'MY-010068', 'CA certificate ca.pem is self signed.');
  await mysqlLog(
    context,
    0,
    'System',
    'MY-013602',
    'Channel mysql_main configured to support TLS. Encrypted connections are now supported for this channel.',
  );
  await mysqlLog(
    context,
    0,
    'Warning',
    'MY-011810',
    `Insecure configuration for --pid-file: Location '${paths.pidFile.slice(0, paths.pidFile.lastIndexOf('/'))}' in the path is accessible to all OS users. Consider choosing a different directory.`,
  );
  let stop: ((user: string) => void) | undefined;
  const stopped = new Promise<string>((resolve) => {
    stop = resolve;
  });
  const started = context.clock.now().getTime();
  const session = new MysqlSession(context, data, paths, version, started, () => stop?.('root'));
  const handler = async (request: Parameters<typeof parseMysqlCall>[0]): Promise<HttpResponse> => {
    const call = parseMysqlCall(request);
    // A client of another protocol gets mysqld's greeting, which it cannot read: nothing useful.
    if (!call) throw new Error('connection reset by peer');
    return answerResponse(session.answer(call));
  };
  const closers: (() => void)[] = [];
  // With networking off the socket still needs a port for the simulated transport: a private one.
  const socketPort = options.networking ? paths.port : 40_000 + (context.pid % 20_000);
  try {
    closers.push(context.network.listen(socketPort, handler));
    if (options.networking) closers.push(context.network.listen(33060, handler));
  } catch {
    await mysqlLog(
      context,
      0,
      'ERROR',
      'MY-010262',
      `Can't start server: Bind on TCP/IP port: Address already in use`,
    );
    await mysqlLog(
      context,
      0,
      'ERROR',
      'MY-010257',
      `Do you already have another mysqld server running on port: ${paths.port} ?`,
    );
    for (const close of closers) close();
    return 1;
  }
  const files = [
    paths.socket,
    `${paths.socket.replace(/mysqld\.sock$/, 'mysqlx.sock')}`,
    paths.pidFile,
  ];
  try {
    context.fs.writeFile(paths.socket, `${socketPort}\n`, { mode: 0o777 });
    context.fs.writeFile(files[1] as string, '', { mode: 0o777 });
    context.fs.writeFile(paths.pidFile, `${context.pid}\n`);
  } catch {
    // A read-only /var/run/mysqld: TCP still works.
  }
  for (const signal of ['SIGTERM', 'SIGQUIT'] as const) {
    context.signals.handle(signal, () => stop?.(options.signalUser));
  }
  const xsocket = files[1] as string;
  await mysqlLog(
    context,
    0,
    'System',
    'MY-011323',
    options.networking
      ? `X Plugin ready for connections. Bind-address: '::' port: 33060, socket: ${xsocket}`
      : `X Plugin ready for connections. Socket: ${xsocket}`,
  );
  await mysqlLog(
    context,
    0,
    'System',
    'MY-010931',
    `/usr/sbin/mysqld: ready for connections. Version: '${version}'  socket: '${paths.socket}'  port: ${options.networking ? paths.port : 0}  MySQL Community Server - GPL.`,
  );
  try {
    const user = await Promise.race([
      stopped,
      new Promise<never>((_resolve, reject) => {
        const killed = context.signals.killed;
        if (killed.aborted) reject(killed.reason);
        killed.addEventListener('abort', () => reject(killed.reason), { once: true });
      }),
    ]);
    const thread = user === 'root' ? session.lastConnection : 0;
    await mysqlLog(
      context,
      thread,
      'System',
      'MY-013172',
      `Received SHUTDOWN from user ${user}. Shutting down mysqld (Version: ${version}).`,
    );
    for (const close of closers.splice(0)) close();
    await sleep(1300);
    await mysqlLog(
      context,
      0,
      'System',
      'MY-010910',
      `/usr/sbin/mysqld: Shutdown complete (mysqld ${version})  MySQL Community Server - GPL.`,
    );
    await mysqlLog(context, 0, 'System', 'MY-015016', 'MySQL Server - end.');
    return 0;
  } finally {
    for (const close of closers) close();
    for (const file of files) {
      try {
        context.fs.unlink(file);
      } catch {
        // Already gone.
      }
    }
  }
}

/** `mysqld`: `--version`, `--initialize(-insecure)`, or the server (what the image's CMD runs). */
export const mysqld: Tool = async (context) => {
  const version = serverVersion(context);
  const { options } = commandOptions(context.argv.slice(1));
  if ('version' in options || context.argv.includes('-V')) {
    await context.stdout.write(
      `/usr/sbin/mysqld  Ver ${version} for Linux on x86_64 (MySQL Community Server - GPL)\n`,
    );
    return 0;
  }
  const overrides: Record<string, string> = {};
  for (const name of ['datadir', 'socket', 'port', 'pid_file']) {
    const value = options[name];
    if (value !== undefined) overrides[name] = value;
  }
  const paths = serverPaths(context, overrides);
  if ('initialize' in options || 'initialize_insecure' in options) {
    return initializeDatadir(context, version, paths.datadir);
  }
  context.setTitle(context.argv.join(' '));
  return serveMysql(context, {
    version,
    paths,
    networking: !('skip_networking' in options),
    signalUser: '<via user signal>',
  });
};
