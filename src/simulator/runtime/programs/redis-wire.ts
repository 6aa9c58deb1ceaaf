import type { HttpRequest, HttpResponse, ProcessContext } from '../process/contracts.js';
import { bytes, text } from './io.js';

/**
 * How redis-cli and redis-server talk over the simulated pod network, which carries requests
 * and responses rather than byte streams: one request per command, marked with the `RESP`
 * method, carrying what a connection would hold (the password it authenticated with, the
 * database it selected) with the command; the reply comes back typed as RESP2 types it.
 */
export type RedisReply =
  | { t: 'status'; v: string }
  | { t: 'error'; v: string }
  | { t: 'int'; v: number }
  | { t: 'bulk'; v: string }
  | { t: 'nil' }
  | { t: 'array'; v: RedisReply[] };

export const RESP_METHOD = 'RESP';

export interface RedisCall {
  argv: string[];
  db: number;
  /** The password an AUTH on this connection succeeded with. */
  password?: string;
}

export function commandRequest(call: RedisCall): HttpRequest {
  return { method: RESP_METHOD, path: '/', headers: {}, body: bytes(JSON.stringify(call)) };
}

export function parseCall(request: HttpRequest): RedisCall | undefined {
  if (request.method !== RESP_METHOD || !request.body) return undefined;
  try {
    const call = JSON.parse(text(request.body)) as RedisCall;
    return Array.isArray(call.argv) ? call : undefined;
  } catch {
    return undefined;
  }
}

export function replyResponse(reply: RedisReply): HttpResponse {
  return { status: 200, headers: {}, body: bytes(JSON.stringify(reply)) };
}

/** Sends one command; network failures throw as the pod network reports them. */
export async function sendCommand(
  context: ProcessContext,
  address: string,
  port: number,
  call: RedisCall,
): Promise<RedisReply> {
  const response = await context.network.request(address, port, commandRequest(call));
  try {
    return JSON.parse(text(response.body)) as RedisReply;
  } catch {
    // Something that is not Redis answered (an HTTP server on that port).
    return { t: 'error', v: 'Protocol error, got "H" as reply type byte' };
  }
}
