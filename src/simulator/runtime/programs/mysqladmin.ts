import { clientSocket, serverVersion } from './mysql-config.js';
import { parseClientOptions, passwordOf } from './mysql-login.js';
import { ConnectError, type Endpoint, locate, send } from './mysql-wire.js';
import type { Tool } from './tool.js';

/** `5 min 3 sec`, as mysqladmin prints an uptime. */
function uptimeText(seconds: number): string {
  const parts: string[] = [];
  const units: [number, string][] = [
    [86_400, 'day'],
    [3600, 'hour'],
    [60, 'min'],
  ];
  let rest = seconds;
  for (const [size, name] of units) {
    const n = Math.floor(rest / size);
    rest -= n * size;
    if (n > 0) parts.push(`${n} ${name}${name === 'min' || n === 1 ? '' : 's'}`);
  }
  parts.push(`${rest} sec`);
  return parts.join(' ');
}

/**
 * mysqladmin `ping` (what liveness probes run: `mysqld is alive`, exit 0 while the server
 * answers even when it refuses the login), `version`, `status` and `shutdown`.
 */
export const mysqladmin: Tool = async (context) => {
  const options = parseClientOptions(context.argv.slice(1));
  const version = serverVersion(context);
  const commands = options.rest.map((word) => word.toLowerCase());
  if (options.flags.has('V')) {
    await context.stdout.write(
      `mysqladmin  Ver ${version} for Linux on x86_64 (MySQL Community Server - GPL)\n`,
    );
    return 0;
  }
  if (commands.length === 0) {
    await context.stdout.write(
      `mysqladmin  Ver ${version} for Linux on x86_64 (MySQL Community Server - GPL)\nUsage: mysqladmin [OPTIONS] command command....\n`,
    );
    return 1;
  }
  const password = await passwordOf(context, 'mysqladmin', options);
  const socket = clientSocket(context, options.socket);
  const where = options.host && options.host !== 'localhost' ? options.host : 'localhost';
  const failed = async (reason: string, socketHint: boolean) => {
    await context.stderr.write(
      `mysqladmin: connect to server at '${where}' failed\nerror: '${reason}'\n`,
    );
    if (socketHint) {
      await context.stderr.write(
        `Check that mysqld is running and that the socket: '${socket}' exists!\n`,
      );
    }
  };
  let endpoint: Endpoint;
  let answer: Awaited<ReturnType<typeof send>>;
  try {
    endpoint = await locate(context, options.host, options.port, socket, options.tcp);
    answer = await send(
      context,
      endpoint,
      { op: 'connect', user: options.user, password, clientHost: endpoint.clientHost },
      socket,
    );
  } catch (error) {
    if (!(error instanceof ConnectError)) throw error;
    await failed(error.message, error.code === 2002);
    return 1;
  }
  if (!answer.ok) {
    // A refused login still proves the server runs: ping's status stays 0.
    await failed('code' in answer ? answer.message : 'unknown error', false);
    return commands.includes('ping') ? 0 : 1;
  }
  for (const command of commands) {
    if (command === 'ping') await context.stdout.write('mysqld is alive\n');
    else if (command === 'status') {
      await context.stdout.write(
        `Uptime: ${answer.uptime}  Threads: 2  Questions: ${answer.connectionId}  Slow queries: 0  Opens: 119  Flush tables: 3  Open tables: 38  Queries per second avg: 0.000\n`,
      );
    } else if (command === 'version') {
      await context.stdout.write(
        `mysqladmin  Ver ${version} for Linux on x86_64 (MySQL Community Server - GPL)\nCopyright (c) 2000, 2025, Oracle and/or its affiliates.\n\nOracle is a registered trademark of Oracle Corporation and/or its\naffiliates. Other names may be trademarks of their respective\nowners.\n\nServer version\t\t${version}\nProtocol version\t10\nConnection\t\t${endpoint.via}\n${endpoint.clientHost === 'localhost' ? `UNIX socket\t\t${socket}\n` : `TCP port\t\t${endpoint.port}\n`}Uptime:\t\t\t${uptimeText(answer.uptime)}\n\nThreads: 2  Questions: ${answer.connectionId}  Slow queries: 0  Opens: 119  Flush tables: 3  Open tables: 38  Queries per second avg: 0.000\n`,
      );
    } else if (command === 'shutdown') {
      const done = await send(
        context,
        endpoint,
        { op: 'shutdown', connectionId: answer.connectionId },
        socket,
      );
      if (!done.ok) {
        await context.stderr.write(
          `mysqladmin: shutdown failed; error: '${'code' in done ? done.message : 'unknown error'}'\n`,
        );
        return 1;
      }
    } else {
      await context.stderr.write(`mysqladmin: Unknown command: '${command}'\n`);
      return 1;
    }
  }
  return 0;
};
