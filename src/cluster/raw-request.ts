import { request as httpsRequest, type RequestOptions } from 'node:https';
import type { KubeConfig } from '@kubernetes/client-node';
import { ApiFailure, ClusterUnreachable } from './api-failure.js';
import { keepAliveAgent } from './keep-alive-agent.js';

export interface RawRequest {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  body?: unknown;
  contentType?: string;
  timeoutMs?: number;
  /** `text` keeps a successful body as a string (logs), even when it looks like JSON. */
  responseType?: 'json' | 'text';
}

export interface RawResponse {
  status: number;
  body: unknown;
}

const DEFAULT_TIMEOUT_MS = 30_000;

/**
 * One API request with the kubeconfig's server, CA and credentials (client-node applies them,
 * exec plugins included), sending the body as written. client-node's typed serializer drops
 * fields it does not know, so learner and lesson manifests go through here: a typo then
 * reaches the server's strict validation, as with kubectl (DESIGN.md).
 */
export async function rawRequest(kc: KubeConfig, req: RawRequest): Promise<RawResponse> {
  try {
    return await send(kc, req);
  } catch (error) {
    // A kept-alive connection the server closed just as it was reused: the request never
    // reached it, so a read is safely sent again on a new connection.
    if (error instanceof StaleConnection && req.method === 'GET') return send(kc, req);
    throw error instanceof StaleConnection ? error.unreachable : error;
  }
}

/** A reused connection that failed before any answer; `unreachable` is what to report. */
class StaleConnection extends Error {
  constructor(readonly unreachable: ClusterUnreachable) {
    super(unreachable.message);
  }
}

async function send(kc: KubeConfig, req: RawRequest): Promise<RawResponse> {
  const cluster = kc.getCurrentCluster();
  if (!cluster) throw new ClusterUnreachable('(none)', 'the kubeconfig has no current cluster');
  const url = new URL(req.path, cluster.server);
  const options: RequestOptions = {
    method: req.method,
    protocol: url.protocol,
    hostname: url.hostname.replace(/^\[|\]$/g, ''),
    port: url.port,
    path: `${url.pathname}${url.search}`,
    headers: { Accept: 'application/json', 'User-Agent': 'pod-course' },
  };
  await kc.applyToHTTPSOptions(options);
  const agent = keepAliveAgent(kc, options);
  if (agent) options.agent = agent;
  const payload = req.body === undefined ? undefined : JSON.stringify(req.body);
  if (payload !== undefined) {
    options.headers = {
      ...options.headers,
      'Content-Type': req.contentType ?? 'application/json',
      'Content-Length': Buffer.byteLength(payload),
    };
  }
  return new Promise<RawResponse>((resolve, reject) => {
    const outgoing = httpsRequest(options, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('error', (error) => reject(new ClusterUnreachable(cluster.server, error.message)));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        const status = res.statusCode ?? 0;
        let body: unknown = text;
        if (req.responseType !== 'text' || status >= 400) {
          try {
            body = text ? JSON.parse(text) : undefined;
          } catch {
            // not JSON (e.g. a proxy's HTML error page): keep the text
          }
        }
        if (status >= 400) reject(failureOf(status, body));
        else resolve({ status, body });
      });
    });
    outgoing.setTimeout(req.timeoutMs ?? DEFAULT_TIMEOUT_MS, () =>
      outgoing.destroy(new Error('no answer in time')),
    );
    outgoing.on('error', (error: NodeJS.ErrnoException) => {
      const unreachable = new ClusterUnreachable(cluster.server, error.code ?? error.message);
      const stale = outgoing.reusedSocket && error.code === 'ECONNRESET';
      reject(stale ? new StaleConnection(unreachable) : unreachable);
    });
    outgoing.end(payload);
  });
}

function failureOf(status: number, body: unknown) {
  if (typeof body === 'object' && body !== null && (body as { kind?: string }).kind === 'Status') {
    const s = body as { reason?: string; message?: string };
    return new ApiFailure(status, s.reason ?? '', s.message ?? `HTTP ${status}`, body);
  }
  const text = typeof body === 'string' ? body.slice(0, 200) : `HTTP ${status}`;
  return new ApiFailure(status, '', text || `HTTP ${status}`, body);
}
