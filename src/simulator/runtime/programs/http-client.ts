import type { HttpResponse, ProcessContext } from '../process/contracts.js';
import { resolveHost } from './name-resolution.js';

/**
 * What curl and wget share: URL parsing, status texts, name resolution, the kind of a failed
 * connection, and HTTPS (a TLS connection whose certificates the caller judges first).
 */

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
  409: 'Conflict',
  422: 'Unprocessable Entity',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Temporarily Unavailable',
  504: 'Gateway Time-out',
};

export interface Target {
  secure: boolean;
  host: string;
  port: number;
  path: string;
  /** As given, for messages. */
  url: string;
}

/** `localhost:8080/x`, `http://web/`, `https://kubernetes.default.svc/api`; undefined for other schemes. */
export function parseTarget(raw: string): Target | undefined {
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(raw) ? raw : `http://${raw}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
  const secure = url.protocol === 'https:';
  return {
    secure,
    host: url.hostname,
    port: url.port === '' ? (secure ? 443 : 80) : Number(url.port),
    path: `${url.pathname}${url.search}`,
    url: raw,
  };
}

export type Failure = 'refused' | 'unresolved' | 'unreachable' | 'timeout' | 'tls-plain';

/** The network layer reports failures as errors; their text says which kind. */
export function failureOf(error: unknown): Failure {
  const message = error instanceof Error ? error.message : String(error);
  if (/ENOTFOUND|resolve|EAI_/i.test(message)) return 'unresolved';
  if (/wrong version number/i.test(message)) return 'tls-plain';
  if (/timed out|ETIMEDOUT/i.test(message)) return 'timeout';
  if (/unreachable|EHOSTUNREACH|ENETUNREACH/i.test(message)) return 'unreachable';
  return 'refused';
}

/** The address `host` resolves to inside the pod; the name itself when nothing resolves it. */
export async function addressOf(context: ProcessContext, host: string): Promise<string> {
  return (await resolveHost(context, host)) ?? host;
}

/** A client's verdict on the server's certificates (PEM, the server's first); throws to refuse. */
export type PeerCheck = (peerCertificates: readonly string[]) => void | Promise<void>;

/**
 * One request to `target`: the name resolved (`/etc/hosts`, then DNS), then plain HTTP, or TLS
 * whose certificates `checkPeer` sees before anything is sent.
 */
export async function fetchTarget(
  context: ProcessContext,
  target: Target,
  method: string,
  headers: Record<string, string>,
  body?: Uint8Array,
  checkPeer?: PeerCheck,
): Promise<HttpResponse> {
  const address = await resolveHost(context, target.host);
  if (address === undefined) throw new Error(`getaddrinfo ENOTFOUND ${target.host}`);
  const defaultPort = target.secure ? 443 : 80;
  const hostHeader = target.port === defaultPort ? target.host : `${target.host}:${target.port}`;
  const request = {
    method,
    path: target.path,
    headers: { host: hostHeader, accept: '*/*', ...headers },
    ...(body ? { body } : {}),
  };
  if (!target.secure) return context.network.request(address, target.port, request);
  const network = context.network;
  // A network with no TLS anywhere: whatever listens answers the handshake in plain HTTP.
  if (!network.connectTls) throw new Error('tls: wrong version number');
  const connection = await network.connectTls(address, target.port);
  await checkPeer?.(connection.peerCertificates);
  return connection.request(request, context.signals.killed);
}
