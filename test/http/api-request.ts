import { request as httpsRequest } from 'node:https';
import type { RunningSimulator } from '../../src/simulator/index.js';

export interface ApiResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  /** The body parsed as JSON, or undefined when it is not JSON. */
  json: unknown;
}

export interface ApiRequestOptions {
  method?: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** Send the body chunked, without a Content-Length. */
  chunked?: boolean;
}

/**
 * One request to the simulator over real HTTPS, verified against its CA and carrying its
 * bearer token: what any client's request looks like on the wire, with nothing in between.
 */
export function apiRequest(
  simulator: RunningSimulator,
  path: string,
  options: ApiRequestOptions = {},
): Promise<ApiResponse> {
  const { method = 'GET', body, chunked = false } = options;
  const headers: Record<string, string> = {
    Authorization: `Bearer ${simulator.token}`,
    Accept: 'application/json',
    ...options.headers,
  };
  if (body !== undefined && !chunked) headers['Content-Length'] = String(Buffer.byteLength(body));
  return new Promise((resolve, reject) => {
    const req = httpsRequest(
      `${simulator.url}${path}`,
      { method, headers, ca: simulator.caPem },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let json: unknown;
          try {
            json = JSON.parse(text);
          } catch {
            json = undefined;
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    if (body !== undefined && chunked) {
      // Several writes, so the server sees a body that only grows past the limit as it streams.
      const buffer = Buffer.from(body);
      for (let offset = 0; offset < buffer.length; offset += 256 * 1024) {
        req.write(buffer.subarray(offset, offset + 256 * 1024));
      }
      req.end();
    } else {
      req.end(body);
    }
  });
}

/** A `metav1.Status` as the server sends it, for `toEqual` comparisons. */
export function status(code: number, reason: string, message: string, details?: object) {
  return {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message,
    reason,
    ...(details ? { details } : {}),
    code,
  };
}
