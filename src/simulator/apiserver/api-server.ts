import { timingSafeEqual } from 'node:crypto';
import {
  createServer as createPlainServer,
  type IncomingMessage,
  type Server as PlainServer,
  type ServerResponse,
} from 'node:http';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { AccessControl } from '../auth/access-control.js';
import { handleReview, isReviewResource } from '../auth/review-handlers.js';
import { tokenRequest } from '../auth/token-request.js';
import type { SimClock } from '../clock.js';
import { handleClockRequest } from './clock-endpoint.js';
import {
  AGGREGATED_V2,
  AGGREGATED_V2BETA1,
  aggregatedDiscovery,
  legacyApiGroup,
  legacyApiGroupList,
  legacyApiVersions,
  legacyResourceList,
  negotiateAggregated,
} from './discovery.js';
import { sendError, sendJson, sendText, toStatus } from './http/respond.js';
import { methodNotAllowed, routeNotFound, sendPageNotFound } from './http/route-errors.js';
import {
  dispatchInProcess,
  type InProcessRequest,
  type InProcessResponse,
} from './in-process-http.js';
import {
  OPENAPI_V2_PROTOBUF,
  openApiGroupVersion,
  openApiRoot,
  openApiV2Protobuf,
} from './openapi.js';
import type { Registry } from './registry/registry.js';
import { allowedMethods, type ResourceTarget, resolveResourcePath } from './resource-target.js';
import { handleResourceRequest, type SubresourceHandler } from './rest/rest-handler.js';
import { scaleSubresource } from './rest/scale-subresource.js';
import { pathNotFound } from './status.js';
import { attachTimeView, TimeView } from './time-view.js';
import { VERSION_INFO } from './version.js';

/** Answers an upgraded (WebSocket) request for exec/attach; the caller has admitted it. */
export type UpgradeHandler = (req: IncomingMessage, socket: Duplex, head: Buffer, url: URL) => void;

export interface ApiServerOptions {
  registry: Registry;
  certPem: string;
  keyPem: string;
  /**
   * Whether a bearer token is the kubeconfig's own, the cluster admin's. ServiceAccount tokens
   * (a pod's, `kubectl create token`'s) the server checks itself (src/simulator/auth).
   */
  authenticate: (token: string) => boolean;
  subresources?: Map<string, SubresourceHandler>;
  upgrade?: UpgradeHandler;
  now?: () => Date;
  /** The simulated clock, exposed at `/pod-course/v1/clock` for `pod-course sim advance`. */
  clock?: SimClock;
  /**
   * Show timestamps in host time (time-view.ts): what `sim serve` does, so that kubectl's own
   * age computations never meet the simulated clock's lead. Off, objects show the stored
   * (simulated) times, which tests with a pinned clock assert. Needs `clock`.
   */
  hostTimeView?: boolean;
}

/**
 * The API server as pods reach it through the `kubernetes` Service: the certificate its TLS
 * handshake presents (the client verifies it against its CA bundle first), then requests handed
 * over in process.
 */
export interface InClusterEndpoint {
  readonly certificateChain: readonly string[];
  request(request: InProcessRequest, signal?: AbortSignal): Promise<InProcessResponse>;
}

/** Paths a real API server answers without credentials. */
const ANONYMOUS = new Set(['/version', '/healthz', '/livez', '/readyz']);

/**
 * The simulated API server: HTTPS on loopback only, bearer-token authentication and RBAC on
 * every request but the health and version endpoints, discovery, OpenAPI and the REST resources.
 */
export class ApiServer {
  private readonly server: Server;
  /** The same handler behind in-memory connections (`inClusterEndpoint`), never listening. */
  private readonly inProcess: PlainServer;
  /** Aborted on close: in-process connections (a pod's endless watch) end with the server. */
  private readonly closing = new AbortController();
  private readonly options: ApiServerOptions;
  private readonly access: AccessControl;
  private readonly subresources: Map<string, SubresourceHandler>;
  private readonly timeView: TimeView | undefined;
  private ready = false;

  constructor(options: ApiServerOptions) {
    this.options = options;
    this.access = new AccessControl({
      registry: options.registry,
      isAdminToken: options.authenticate,
      now: options.now ?? (() => new Date()),
    });
    this.subresources = new Map([
      ['serviceaccounts/token', tokenRequest],
      ['deployments.apps/scale', scaleSubresource],
      ['replicasets.apps/scale', scaleSubresource],
      ...(options.subresources ?? []),
    ]);
    this.timeView = options.hostTimeView && options.clock ? new TimeView(options.clock) : undefined;
    this.server = createServer({ cert: options.certPem, key: options.keyPem }, (req, res) => {
      this.handle(req, res).catch((error: unknown) => sendError(res, error));
    });
    this.inProcess = createPlainServer((req, res) => {
      this.handle(req, res).catch((error: unknown) => sendError(res, error));
    });
    this.server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) =>
      this.handleUpgrade(req, socket, head),
    );
    // A client that disconnects mid-handshake must never take the server down.
    this.server.on('tlsClientError', () => undefined);
    this.server.on('clientError', (_error, socket) => socket.destroy());
  }

  async listen(port: number): Promise<number> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, '127.0.0.1', () => {
        this.server.off('error', reject);
        resolve();
      });
    });
    this.ready = true;
    return (this.server.address() as AddressInfo).port;
  }

  async close() {
    this.ready = false;
    this.closing.abort(new Error('connection reset by peer'));
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  /** What the `kubernetes` Service leads to; refused while the server is not listening. */
  inClusterEndpoint(): InClusterEndpoint {
    return {
      certificateChain: [this.options.certPem],
      request: (request, signal) => {
        if (!this.ready) return Promise.reject(new Error('connect ECONNREFUSED'));
        const closing = this.closing.signal;
        return dispatchInProcess(
          this.inProcess,
          request,
          signal ? AbortSignal.any([signal, closing]) : closing,
        );
      },
    };
  }

  private async handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? '/', 'https://127.0.0.1');
    const path = url.pathname.replace(/\/+$/, '') || '/';
    if (ANONYMOUS.has(path) && req.method === 'GET') {
      if (path === '/version') return sendJson(res, 200, VERSION_INFO);
      return this.ready ? sendText(res, 200, 'ok') : sendText(res, 500, 'not ready');
    }
    // 401 without credentials, 403 for what RBAC does not allow, before any routing.
    const user = this.access.admit(req, url);
    const now = this.options.now ?? (() => new Date());
    if (this.options.clock && path.startsWith('/pod-course/')) {
      if (await handleClockRequest(req, res, path, this.options.clock, this.timeView)) return;
    }

    if (path === '/api' || path === '/apis') {
      const form = negotiateAggregated(req.headers.accept);
      if (form) {
        return sendJson(
          res,
          200,
          aggregatedDiscovery(path, form),
          form === 'v2' ? AGGREGATED_V2 : AGGREGATED_V2BETA1,
        );
      }
      const address = `127.0.0.1:${(this.server.address() as AddressInfo).port}`;
      return sendJson(
        res,
        200,
        path === '/api' ? legacyApiVersions(address) : legacyApiGroupList(),
      );
    }
    const groupMatch = /^\/apis\/([^/]+)$/.exec(path);
    if (groupMatch) {
      const group = legacyApiGroup(groupMatch[1] ?? '');
      if (group) return sendJson(res, 200, group);
      return sendPageNotFound(res);
    }
    const versionMatch = /^\/(?:api\/(v1)|apis\/([^/]+)\/([^/]+))$/.exec(path);
    if (versionMatch) {
      const list = versionMatch[1]
        ? legacyResourceList('', versionMatch[1])
        : legacyResourceList(versionMatch[2] ?? '', versionMatch[3] ?? '');
      if (list) return sendJson(res, 200, list);
      return notFound(res, path);
    }
    if (path === '/openapi/v3') return sendJson(res, 200, openApiRoot());
    if (path === '/openapi/v2') {
      const body = openApiV2Protobuf();
      res.writeHead(200, { 'Content-Type': OPENAPI_V2_PROTOBUF, 'Content-Length': body.length });
      res.end(body);
      return;
    }
    if (path.startsWith('/openapi/v3/')) {
      const doc = openApiGroupVersion(path.slice('/openapi/v3/'.length));
      if (doc) return sendJson(res, 200, doc);
      throw pathNotFound();
    }
    const resolved = resolveResourcePath(path);
    if (!resolved) return notFound(res, path);
    if (!allowedMethods(resolved).has(req.method ?? 'GET')) throw methodNotAllowed();
    // Only API objects are shown in host time; discovery, OpenAPI and the clock never carry
    // object timestamps and are never walked.
    if (this.timeView) attachTimeView(req, this.timeView);
    if (isReviewResource(resolved)) {
      return handleReview(req, res, resolved, this.access.reviewContext(user));
    }
    const target = watchOfOneObject(resolved, url);
    await handleResourceRequest(req, res, target, url, {
      registry: this.options.registry,
      now,
      subresources: this.subresources,
    });
  }

  private handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer) {
    socket.on('error', () => socket.destroy());
    const url = new URL(req.url ?? '/', 'https://127.0.0.1');
    try {
      this.access.admitUpgrade(req, url);
    } catch (error) {
      rejectUpgrade(socket, error);
      return;
    }
    if (!this.options.upgrade) {
      rejectUpgrade(socket, pathNotFound());
      return;
    }
    try {
      this.options.upgrade(req, socket, head, url);
    } catch (error) {
      rejectUpgrade(socket, error);
    }
  }
}

/**
 * A path no route matches. Under `/api` and a served group, go-restful answers with a Status;
 * anything else falls through the whole delegation chain to the plain-text `http.NotFound`.
 */
function notFound(res: ServerResponse, path: string) {
  const group = /^\/apis\/([^/]+)\//.exec(path)?.[1];
  if (path.startsWith('/api/') || (group !== undefined && legacyApiGroup(group))) {
    throw routeNotFound();
  }
  sendPageNotFound(res);
}

/**
 * `/api/v1/watch/namespaces/<ns>/pods/<name>` (the legacy single-object watch) is the
 * collection's watch with the name as a `metadata.name` field selector, as the real list handler
 * treats it.
 */
function watchOfOneObject(target: ResourceTarget, url: URL): ResourceTarget {
  if (!target.watchPrefix || target.name === undefined || target.subresource !== undefined) {
    return target;
  }
  const { name, ...collection } = target;
  const selector = url.searchParams.get('fieldSelector');
  const byName = `metadata.name=${name.replace(/[\\,=]/g, '\\$&')}`;
  url.searchParams.set('fieldSelector', selector ? `${selector},${byName}` : byName);
  return collection;
}

/** Refuses an upgrade with a plain HTTP response carrying a Status, which kubectl prints. */
export function rejectUpgrade(socket: Duplex, error: unknown) {
  const status = toStatus(error);
  const body = JSON.stringify(status);
  socket.end(
    `HTTP/1.1 ${status.code} ${httpReason(status.code)}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}

function httpReason(code: number) {
  return (
    (
      {
        400: 'Bad Request',
        401: 'Unauthorized',
        403: 'Forbidden',
        404: 'Not Found',
        500: 'Internal Server Error',
      } as Record<number, string>
    )[code] ?? 'Error'
  );
}

/** Constant-time token comparison. */
export function tokenMatches(expected: string, presented: string) {
  const a = Buffer.from(expected);
  const b = Buffer.from(presented);
  return a.length === b.length && timingSafeEqual(a, b);
}
