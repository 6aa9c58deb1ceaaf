/**
 * HTTP/1.1 to a Node `http.Server` without a socket: a pair of in-memory streams stands for the
 * TCP connection, the server parses the request as it would from the network, and Node's own
 * client parses the answer. Simulated processes reach the API server this way (the `kubernetes`
 * Service), so everything a real connection meets — authentication, RBAC, routing, Status
 * bodies, chunked encoding — runs unchanged, and nothing listens on or dials a real port.
 */

import { request as httpRequest, type Server } from 'node:http';
import { Duplex } from 'node:stream';

export interface InProcessRequest {
  method: string;
  /** Path and query: `/api/v1/namespaces/default/pods`. */
  path: string;
  headers: Record<string, string>;
  body?: Uint8Array;
}

export interface InProcessResponse {
  status: number;
  headers: Record<string, string>;
  body: Uint8Array;
}

/** One end of an in-memory connection: what is written here is read at the other end. */
class PipeEnd extends Duplex {
  peer: PipeEnd | undefined;
  // What `net.Socket` offers and the HTTP machinery calls; nothing to do in memory.
  setTimeout() {
    return this;
  }
  setNoDelay() {
    return this;
  }
  setKeepAlive() {
    return this;
  }
  ref() {
    return this;
  }
  unref() {
    return this;
  }
  readonly remoteAddress = '127.0.0.1';
  readonly remotePort = 0;
  override _read() {}
  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error) => void) {
    this.peer?.push(chunk);
    callback();
  }
  override _final(callback: (error?: Error) => void) {
    this.peer?.push(null);
    callback();
  }
  override _destroy(error: Error | null, callback: (error: Error | null) => void) {
    const peer = this.peer;
    this.peer = undefined;
    if (peer && !peer.destroyed) peer.destroy();
    callback(error);
  }
}

function connectionPair(): [PipeEnd, PipeEnd] {
  const a = new PipeEnd();
  const b = new PipeEnd();
  a.peer = b;
  b.peer = a;
  return [a, b];
}

/**
 * Sends one request through `server` and collects the whole answer. `signal` closes the
 * connection (the client process was killed): a watch that never ends stops there.
 */
export function dispatchInProcess(
  server: Server,
  request: InProcessRequest,
  signal?: AbortSignal,
): Promise<InProcessResponse> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason ?? new Error('aborted'));
      return;
    }
    const [clientEnd, serverEnd] = connectionPair();
    server.emit('connection', serverEnd);
    const headers: Record<string, string> = { ...request.headers };
    if (request.body && headers['content-length'] === undefined) {
      headers['content-length'] = String(request.body.length);
    }
    const req = httpRequest({
      method: request.method,
      path: request.path,
      headers,
      createConnection: () => clientEnd,
    });
    const abort = () => {
      req.destroy();
      clientEnd.destroy();
      reject(signal?.reason ?? new Error('aborted'));
    };
    signal?.addEventListener('abort', abort, { once: true });
    const done = () => signal?.removeEventListener('abort', abort);
    req.on('error', (error) => {
      done();
      reject(error);
    });
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('error', (error) => {
        done();
        reject(error);
      });
      res.on('end', () => {
        done();
        const out: Record<string, string> = {};
        for (const [name, value] of Object.entries(res.headers)) {
          if (value !== undefined) out[name] = Array.isArray(value) ? value.join(', ') : value;
        }
        resolve({ status: res.statusCode ?? 0, headers: out, body: Buffer.concat(chunks) });
        clientEnd.destroy();
      });
    });
    req.end(request.body ? Buffer.from(request.body) : undefined);
  });
}
