import type { HttpResponse, ProcessContext } from '../process/contracts.js';

/** What curl and wget share: URL parsing, status texts, the kind of a failed connection. */

export const STATUS_TEXT: Record<number, string> = {
  200: 'OK',
  201: 'Created',
  204: 'No Content',
  301: 'Moved Permanently',
  302: 'Moved Temporarily',
  304: 'Not Modified',
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Not Allowed',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Temporarily Unavailable',
  504: 'Gateway Time-out',
};

export interface Target {
  host: string;
  port: number;
  path: string;
  /** As given, for messages. */
  url: string;
}

/** `localhost:8080/x`, `http://web/`; undefined for schemes we do not speak. */
export function parseTarget(raw: string): Target | undefined {
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(raw) ? raw : `http://${raw}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'http:') return undefined;
  return {
    host: url.hostname,
    port: url.port === '' ? 80 : Number(url.port),
    path: `${url.pathname}${url.search}`,
    url: raw,
  };
}

export type Failure = 'refused' | 'unresolved' | 'unreachable';

/** The network layer reports failures as errors; their text says which kind. */
export function failureOf(error: unknown): Failure {
  const message = error instanceof Error ? error.message : String(error);
  if (/ENOTFOUND|resolve|EAI_/i.test(message)) return 'unresolved';
  if (/unreachable|EHOSTUNREACH|ENETUNREACH|timed out|ETIMEDOUT/i.test(message))
    return 'unreachable';
  return 'refused';
}

/** The address a name resolves to inside the pod (/etc/hosts: localhost and the pod's name). */
export function addressOf(context: ProcessContext, host: string): string {
  if (host === 'localhost') return '127.0.0.1';
  if (host === context.network.hostname) return context.network.podIP;
  return host;
}

export async function fetchTarget(
  context: ProcessContext,
  target: Target,
  method: string,
  headers: Record<string, string>,
  body?: Uint8Array,
): Promise<HttpResponse> {
  const hostHeader = target.port === 80 ? target.host : `${target.host}:${target.port}`;
  return context.network.request(target.host, target.port, {
    method,
    path: target.path,
    headers: { host: hostHeader, accept: '*/*', ...headers },
    ...(body ? { body } : {}),
  });
}
