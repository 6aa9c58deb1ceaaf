import { Agent, request } from 'node:https';
import { percentile } from './stats.js';

/** A bare HTTPS client for the simulator's API: keep-alive, bearer token, JSON. */

export interface Client {
  /** The response's status code; the body is drained unread. */
  call(method: string, path: string, body?: unknown): Promise<number>;
  /** The response's status code and parsed JSON body. */
  json(method: string, path: string, body?: unknown): Promise<{ status: number; body: unknown }>;
  /**
   * Opens a watch (`path` with `watch=1`): `onEvent` gets every `{type, object}` line as it
   * arrives. Resolves once the server answered 200; `close` ends the stream.
   */
  watch(path: string, onEvent: (event: WatchEvent) => void): Promise<{ close(): void }>;
}

export interface WatchEvent {
  type: string;
  object: Record<string, unknown>;
}

export function client(port: number, token: string, ca: string): Client {
  const agent = new Agent({ keepAlive: true, maxSockets: 64, ca });
  const send = (method: string, path: string, body: unknown, keep: boolean) => {
    const data = body === undefined ? undefined : JSON.stringify(body);
    return new Promise<{ status: number; text: string }>((resolve, reject) => {
      const req = request(
        {
          host: '127.0.0.1',
          port,
          path,
          method,
          agent,
          headers: {
            Authorization: `Bearer ${token}`,
            Accept: 'application/json',
            ...(data
              ? { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(data) }
              : {}),
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          if (keep) res.on('data', (chunk: Buffer) => chunks.push(chunk));
          else res.resume();
          res.on('end', () =>
            resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString() }),
          );
        },
      );
      req.on('error', reject);
      req.end(data);
    });
  };
  const watch = (path: string, onEvent: (event: WatchEvent) => void) =>
    new Promise<{ close(): void }>((resolve, reject) => {
      const req = request(
        {
          host: '127.0.0.1',
          port,
          path,
          method: 'GET',
          agent,
          headers: { Authorization: `Bearer ${token}`, Accept: 'application/json' },
        },
        (res) => {
          if (res.statusCode !== 200) {
            res.resume();
            reject(new Error(`watch ${path}: HTTP ${res.statusCode}`));
            return;
          }
          let pending = '';
          res.on('data', (chunk: Buffer) => {
            pending += chunk.toString();
            for (let newline = pending.indexOf('\n'); newline >= 0; ) {
              const line = pending.slice(0, newline);
              pending = pending.slice(newline + 1);
              if (line.trim()) onEvent(JSON.parse(line) as WatchEvent);
              newline = pending.indexOf('\n');
            }
          });
          res.on('error', () => undefined);
          resolve({ close: () => req.destroy() });
        },
      );
      req.on('error', reject);
      req.end();
    });
  return {
    watch,
    async call(method, path, body) {
      return (await send(method, path, body, false)).status;
    },
    async json(method, path, body) {
      const { status, text } = await send(method, path, body, true);
      return { status, body: text ? (JSON.parse(text) as unknown) : undefined };
    },
  };
}

export interface Measurement {
  p50: number;
  p99: number;
  n: number;
  failures: number;
}

/** Runs `op` `total` times from `concurrency` workers; latency percentiles in ms. */
export async function measure(
  concurrency: number,
  total: number,
  op: (i: number) => Promise<number>,
): Promise<Measurement> {
  const latencies: number[] = [];
  let next = 0;
  let failures = 0;
  const worker = async () => {
    while (next < total) {
      const i = next++;
      const t0 = performance.now();
      const code = await op(i);
      latencies.push(performance.now() - t0);
      if (code >= 300) failures++;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return {
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    n: latencies.length,
    failures,
  };
}

/** One table row as run.ts prints it: label, p50, p99, request count. */
export function latencyRow(label: string, r: Measurement) {
  return `${`  ${label}`.padEnd(40)} ${r.p50.toFixed(2).padStart(6)} ms ${r.p99.toFixed(2).padStart(7)} ms  ${String(r.n).padStart(6)}${r.failures ? `  (${r.failures} failed)` : ''}`;
}

/** A new namespace gets its default ServiceAccount from a controller, a moment after creation. */
export async function waitForDefaultServiceAccount(api: Client, namespace: string) {
  while (
    (await api.call('GET', `/api/v1/namespaces/${namespace}/serviceaccounts/default`)) !== 200
  ) {
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
