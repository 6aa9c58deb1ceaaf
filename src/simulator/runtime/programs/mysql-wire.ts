import type { HttpRequest, HttpResponse, ProcessContext } from '../process/contracts.js';
import { failureOf } from './http-client.js';
import { bytes, text } from './io.js';
import type { SqlResult } from './mysql-sql-tables.js';
import { resolveHost } from './name-resolution.js';

/**
 * How the MySQL clients and mysqld talk over the simulated pod network, which carries
 * requests rather than byte streams: one request (method `MYSQL`) per login, statement, ping
 * or shutdown; a login opens a connection (its id) that the later requests name, and that
 * ends with the server process. A Unix socket is a file in the
 * container whose content names the port its server serves (the file is what the clients
 * look for, as they look for the real socket).
 */
export const MYSQL_METHOD = 'MYSQL';

export interface Login {
  user: string;
  /** null: no password given (`using password: NO`). */
  password: string | null;
  /** `localhost` over the socket; the client's address over TCP. */
  clientHost: string;
}

/** A login opens a connection; statements and shutdown name the connection they belong to. */
export type MysqlCall =
  | ({ op: 'connect'; schema?: string } & Login)
  | { op: 'query'; sql: string; schema: string | null; connectionId: number }
  | { op: 'shutdown'; connectionId: number }
  | { op: 'ping' };

export type MysqlAnswer =
  | { ok: true; connectionId: number; uptime: number; result?: SqlResult; schema?: string | null }
  | { ok: false; code: number; state: string; message: string }
  | { ok: false; notSimulated: true };

export function callRequest(call: MysqlCall): HttpRequest {
  return { method: MYSQL_METHOD, path: '/', headers: {}, body: bytes(JSON.stringify(call)) };
}

export function parseMysqlCall(request: HttpRequest): MysqlCall | undefined {
  if (request.method !== MYSQL_METHOD || !request.body) return undefined;
  try {
    return JSON.parse(text(request.body)) as MysqlCall;
  } catch {
    return undefined;
  }
}

export function answerResponse(answer: MysqlAnswer): HttpResponse {
  return { status: 200, headers: {}, body: bytes(JSON.stringify(answer)) };
}

/** Where a client connects: the socket's server, or a host and port over TCP. */
export interface Endpoint {
  address: string;
  port: number;
  clientHost: string;
  /** How mysqladmin names the connection. */
  via: string;
}

/** A client's connection failure, in the client library's words (CR_* errors). */
export class ConnectError extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Finds the server: `localhost` (or no host) means the Unix socket, anything else TCP to
 * `host:port` — as libmysqlclient decides.
 */
export async function locate(
  context: ProcessContext,
  host: string | undefined,
  port: number,
  socket: string,
  tcp: boolean,
): Promise<Endpoint> {
  if ((host === undefined || host === 'localhost') && !tcp) {
    let content: string;
    try {
      content = text(context.fs.readFile(socket));
    } catch {
      throw new ConnectError(
        2002,
        `Can't connect to local MySQL server through socket '${socket}' (2)`,
      );
    }
    return {
      address: '127.0.0.1',
      port: Number(content.trim()) || 3306,
      clientHost: 'localhost',
      via: 'Localhost via UNIX socket',
    };
  }
  const name = host ?? '127.0.0.1';
  const address = await resolveHost(context, name === 'localhost' ? '127.0.0.1' : name);
  if (address === undefined)
    throw new ConnectError(2005, `Unknown MySQL server host '${name}' (-2)`);
  const local = address.startsWith('127.') || address === context.network.podIP;
  return {
    address,
    port,
    clientHost: local ? '127.0.0.1' : context.network.podIP,
    via: `${name} via TCP/IP`,
  };
}

/** Sends one call; a server that is not there fails as libmysqlclient reports it. */
export async function send(
  context: ProcessContext,
  endpoint: Endpoint,
  call: MysqlCall,
  socket: string,
): Promise<MysqlAnswer> {
  let response: HttpResponse;
  try {
    response = await context.network.request(endpoint.address, endpoint.port, callRequest(call));
  } catch (error) {
    if (endpoint.clientHost === 'localhost') {
      throw new ConnectError(
        2002,
        `Can't connect to local MySQL server through socket '${socket}' (111)`,
      );
    }
    const errno = failureOf(error) === 'refused' ? 111 : 113;
    const where = endpoint.via.replace(' via TCP/IP', '');
    throw new ConnectError(
      2003,
      `Can't connect to MySQL server on '${where}:${endpoint.port}' (${errno})`,
    );
  }
  try {
    return JSON.parse(text(response.body)) as MysqlAnswer;
  } catch {
    throw new ConnectError(
      2013,
      "Lost connection to MySQL server at 'reading initial communication packet', system error: 0",
    );
  }
}
