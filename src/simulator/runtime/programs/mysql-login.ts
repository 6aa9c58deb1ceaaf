import type { ProcessContext } from '../process/contracts.js';
import { text } from './io.js';
import { clientSocket } from './mysql-config.js';
import { ConnectError, type Endpoint, type Login, locate, send } from './mysql-wire.js';

/** The connection options the MySQL client programs share, and the rest of their arguments. */
export interface ClientOptions {
  user: string;
  /** undefined: not given; '': `-p` alone (prompt). */
  password?: string;
  host?: string;
  port: number;
  socket?: string;
  tcp: boolean;
  database?: string;
  execute?: string;
  /** How many times `-s`/`--silent` was given (each drops more of the batch output). */
  silent: number;
  flags: Set<string>;
  rest: string[];
}

const LONG_FLAGS: Record<string, string> = {
  '--skip-column-names': 'N',
  '--silent': 's',
  '--batch': 'B',
  '--table': 't',
  '--vertical': 'E',
  '--force': 'f',
  '--version': 'V',
  '--raw': 'r',
  '--help': '?',
};

/** my_getopt as the clients use it: `-uroot`, `-u root`, `--user=root`, `-pPASS`, `-p` alone. */
export function parseClientOptions(args: string[]): ClientOptions {
  const options: ClientOptions = {
    user: 'root',
    port: 3306,
    tcp: false,
    silent: 0,
    flags: new Set(),
    rest: [],
  };
  const withValue: Record<string, (value: string) => void> = {
    u: (v) => {
      options.user = v;
    },
    h: (v) => {
      options.host = v;
    },
    P: (v) => {
      options.port = Number(v);
    },
    S: (v) => {
      options.socket = v;
    },
    D: (v) => {
      options.database = v;
    },
    e: (v) => {
      options.execute = v;
    },
  };
  const long: Record<string, string> = {
    user: 'u',
    host: 'h',
    port: 'P',
    socket: 'S',
    database: 'D',
    execute: 'e',
  };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (arg.startsWith('--')) {
      const at = arg.indexOf('=');
      const name = arg.slice(2, at < 0 ? undefined : at);
      const value = at < 0 ? undefined : arg.slice(at + 1);
      if (name === 'password') options.password = value ?? '';
      else if (name === 'protocol')
        options.tcp = (value ?? args[++i] ?? '').toUpperCase() === 'TCP';
      else if (long[name]) withValue[long[name] as string]?.(value ?? args[++i] ?? '');
      else if (LONG_FLAGS[arg]) options.flags.add(LONG_FLAGS[arg] as string);
      if (arg === '--silent') options.silent++;
      continue;
    }
    if (arg.startsWith('-') && arg.length > 1) {
      for (let j = 1; j < arg.length; j++) {
        const letter = arg[j] as string;
        if (letter === 'p') {
          options.password = arg.slice(j + 1);
          break;
        }
        const set = withValue[letter];
        if (set) {
          set(j + 1 < arg.length ? arg.slice(j + 1) : (args[++i] ?? ''));
          break;
        }
        options.flags.add(letter);
        if (letter === 's') options.silent++;
      }
      continue;
    }
    options.rest.push(arg);
  }
  return options;
}

/** The password: from the command line (with the client's warning), or typed at its prompt. */
export async function passwordOf(
  context: ProcessContext,
  program: string,
  options: ClientOptions,
): Promise<string | null> {
  if (options.password === undefined) return null;
  if (options.password !== '') {
    await context.stderr.write(
      `${program}: [Warning] Using a password on the command line interface can be insecure.\n`,
    );
    return options.password;
  }
  await context.stderr.write('Enter password: ');
  const terminal = context.stdin.terminal;
  const echo = terminal?.modes().echo;
  terminal?.setModes({ echo: false });
  let line = '';
  try {
    for (;;) {
      const chunk = await context.stdin.read(context.signals.killed);
      if (chunk === null) break;
      line += text(chunk);
      if (line.includes('\n')) break;
    }
  } finally {
    if (echo !== undefined) terminal?.setModes({ echo });
  }
  if (terminal) await context.stderr.write('\n');
  return line.split('\n')[0] ?? '';
}

export interface Connection {
  endpoint: Endpoint;
  login: Login;
  socket: string;
  connectionId: number;
  uptime: number;
  schema: string | null;
}

/** Logs in; on failure prints the client's `ERROR <code> (<state>): …` and returns undefined. */
export async function connect(
  context: ProcessContext,
  options: ClientOptions,
  password: string | null,
): Promise<Connection | undefined> {
  const socket = clientSocket(context, options.socket);
  try {
    const endpoint = await locate(context, options.host, options.port, socket, options.tcp);
    const login: Login = { user: options.user, password, clientHost: endpoint.clientHost };
    const database = options.database ?? options.rest[0];
    const answer = await send(
      context,
      endpoint,
      { op: 'connect', ...login, ...(database ? { schema: database } : {}) },
      socket,
    );
    if (!answer.ok) {
      if ('code' in answer)
        await context.stderr.write(`ERROR ${answer.code} (${answer.state}): ${answer.message}\n`);
      return undefined;
    }
    return {
      endpoint,
      login,
      socket,
      connectionId: answer.connectionId,
      uptime: answer.uptime,
      schema: answer.schema ?? null,
    };
  } catch (error) {
    if (!(error instanceof ConnectError)) throw error;
    await context.stderr.write(`ERROR ${error.code} (HY000): ${error.message}\n`);
    return undefined;
  }
}
