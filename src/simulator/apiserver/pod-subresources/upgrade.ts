/**
 * Upgraded (WebSocket) requests for `pods/<name>/exec` and `pods/<name>/attach`, as a 1.32
 * API server answers them (`ConnectResource` → `ExecREST`/`AttachREST.Connect` →
 * `TranslatingHandler`):
 * 1. the pod and container are located first; a refusal there (404 pod, 400 container, 400 no
 *    host) is an HTTP response with a Status body, which kubectl prints after retrying as SPDY;
 * 2. a client offering `v5.channel.k8s.io` gets the WebSocket at once, and the kubelet's answer
 *    (refusal, exit code) arrives later as a Status on channel 3 (`StreamTranslatorHandler`);
 * 3. a client offering only `v4.channel.k8s.io` is proxied to the kubelet, which refuses with a
 *    plain-text HTTP error before any upgrade.
 * SPDY (kubectl ≤ 1.29, or kubectl's fallback) is never upgraded here: it gets the same
 * location errors, and otherwise a 400 saying the simulator speaks WebSocket only.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import { rejectUpgrade, type UpgradeHandler } from '../api-server.js';
import type { Registry } from '../registry/registry.js';
import { resolveResourcePath } from '../resource-target.js';
import { badRequest, methodNotSupported, pathNotFound } from '../status.js';
import { serveChannelSession } from './channel-session.js';
import {
  type ContainerTarget,
  KubeletError,
  type NodeStreams,
  type StreamOptions,
  type StreamSession,
} from './node-streams.js';
import { locateContainer } from './pod-location.js';
import { type ParsedStreamOptions, parseStreamOptions } from './query-options.js';
import { V4_PROTOCOL, V5_PROTOCOL } from './stream-status.js';
import { waitingKubelet } from './waiting-kubelet.js';

export function podStreamUpgrade(
  registry: Registry,
  streams: NodeStreams = waitingKubelet(),
): UpgradeHandler {
  const server = new WebSocketServer({
    noServer: true,
    perMessageDeflate: false,
    handleProtocols: (offered) => pickProtocol(offered) ?? false,
  });
  return (req, socket, head, url) => {
    handleUpgrade(server, registry, streams, req, socket, head, url).catch((error: unknown) => {
      if (socket.writable) rejectUpgrade(socket, error);
      else socket.destroy();
    });
  };
}

async function handleUpgrade(
  server: WebSocketServer,
  registry: Registry,
  streams: NodeStreams,
  req: IncomingMessage,
  socket: Duplex,
  head: Buffer,
  url: URL,
) {
  const target = resolveResourcePath(url.pathname.replace(/\/+$/, ''));
  if (!target) throw pathNotFound();
  const purpose = target.subresource;
  if (
    target.info.group !== '' ||
    target.info.resource !== 'pods' ||
    target.namespace === undefined ||
    target.name === undefined ||
    (purpose !== 'exec' && purpose !== 'attach')
  ) {
    throw badRequest('the simulated API server upgrades only pods/exec and pods/attach requests');
  }
  if (req.method !== 'GET' && req.method !== 'POST') {
    throw methodNotSupported(
      { group: '', resource: `pods/${purpose}` },
      (req.method ?? '').toLowerCase(),
    );
  }
  const options = parseStreamOptions(url.searchParams);
  const location = locateContainer(
    registry,
    target.namespace,
    target.name,
    options.container,
    purpose,
  );
  if (!location) throw badRequest(`pod ${target.name} does not have a host assigned`);
  if (String(req.headers.upgrade ?? '').toLowerCase() !== 'websocket') {
    throw badRequest(
      'the simulated API server streams exec and attach over WebSocket (v5.channel.k8s.io) only, not SPDY; use kubectl 1.30 or newer',
    );
  }
  const protocol = pickProtocol(offeredProtocols(req));
  const open = () => openSession(streams, location, purpose, options);
  let start: () => Promise<StreamSession> = open;
  if (protocol !== V5_PROTOCOL) {
    // Proxied to the kubelet: it refuses before the handshake, and only then negotiates.
    try {
      const session = await open();
      start = async () => session;
    } catch (error) {
      if (!(error instanceof KubeletError)) throw error;
      rawResponse(socket, error.httpStatus, 'text/plain; charset=utf-8', error.message);
      return;
    }
    if (!protocol) {
      rawResponse(socket, 403, '', '');
      return;
    }
  }
  server.handleUpgrade(req, socket, head, (ws) => {
    serveChannelSession(ws, {
      protocol: ws.protocol,
      purpose,
      command: options.command,
      streams: options,
      start,
    }).catch(() => ws.terminate());
  });
}

/** The kubelet's side of the request (`remotecommandserver.NewOptions`, then `GetExec`/`GetAttach`). */
async function openSession(
  streams: NodeStreams,
  target: ContainerTarget,
  purpose: 'exec' | 'attach',
  options: ParsedStreamOptions,
): Promise<StreamSession> {
  const kubelet: StreamOptions = {
    stdin: options.stdin,
    stdout: options.stdout,
    // "Access to exec with tty and stderr is not supported, bypassing stderr"
    stderr: options.stderr && !options.tty,
    tty: options.tty,
  };
  if (!kubelet.stdin && !kubelet.stdout && !kubelet.stderr) {
    throw new KubeletError('you must specify at least 1 of stdin, stdout, stderr', 400);
  }
  return purpose === 'exec'
    ? streams.exec(target, options.command, kubelet)
    : streams.attach(target, kubelet);
}

/** The translator serves v5 whenever it is offered; otherwise the kubelet's v4 is the best left. */
export function pickProtocol(offered: Iterable<string>): string | undefined {
  const set = new Set(offered);
  if (set.has(V5_PROTOCOL)) return V5_PROTOCOL;
  if (set.has(V4_PROTOCOL)) return V4_PROTOCOL;
  return undefined;
}

function offeredProtocols(req: IncomingMessage): string[] {
  const header = req.headers['sec-websocket-protocol'];
  const text = Array.isArray(header) ? header.join(',') : (header ?? '');
  return text
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p !== '');
}

const REASONS: Record<number, string> = {
  400: 'Bad Request',
  403: 'Forbidden',
  404: 'Not Found',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
};

function rawResponse(socket: Duplex, code: number, contentType: string, body: string) {
  const headers = [
    `HTTP/1.1 ${code} ${REASONS[code] ?? 'Error'}`,
    ...(contentType ? [`Content-Type: ${contentType}`] : []),
    `Content-Length: ${Buffer.byteLength(body)}`,
    'Connection: close',
  ];
  socket.end(`${headers.join('\r\n')}\r\n\r\n${body}`);
}
