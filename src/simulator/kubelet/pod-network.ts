/**
 * The pod network: one sandbox per pod (every container shares loopback and the pod IP), and
 * a flat cluster network where any pod reaches any other by IP. Addresses come from the node's
 * podCIDR like kindnet's host-local IPAM: `.1` is the gateway, pods get `.2` upwards.
 */
import { type ServiceRouting, TLS_ON_PLAIN_PORT } from '../network/service-routing.js';
import type {
  HttpRequest,
  HttpResponse,
  PodNetwork,
  TlsConnection,
} from '../runtime/process/contracts.js';
import type { NetworkInterface, NetworkRoute } from '../runtime/process/system-views.js';

type Handler = (request: HttpRequest) => Promise<HttpResponse>;

/** A sandbox's network as the kubelet holds it: the pod's own namespace, or a share of the node's. */
export interface SandboxNetwork extends PodNetwork {
  /** Whether something listens on `port` (what a TCP connect finds). */
  isListening(port: number): boolean;
  /** The sandbox is gone: what it listened on is closed. */
  close(): void;
}

/** The `ip` views of a namespace that is not a plain pod's (the node's). */
export interface NetworkViews {
  interfaces(): NetworkInterface[];
  routes(): NetworkRoute[];
}

/** Every pod sandbox of the cluster by IP: what routing between pods amounts to here. */
export class ClusterNetwork {
  private readonly sandboxes = new Map<string, PodSandboxNetwork>();
  /** Services' virtual IPs and the cluster DNS (src/simulator/network), once the API is up. */
  services: ServiceRouting | undefined;

  register(sandbox: PodSandboxNetwork): void {
    this.sandboxes.set(sandbox.podIP, sandbox);
  }

  unregister(sandbox: PodSandboxNetwork): void {
    if (this.sandboxes.get(sandbox.podIP) === sandbox) this.sandboxes.delete(sandbox.podIP);
  }

  byIP(ip: string): PodSandboxNetwork | undefined {
    return this.sandboxes.get(ip);
  }
}

/** One network namespace (a pod's, or a node's): the ports its processes listen on. */
export class PodSandboxNetwork implements SandboxNetwork {
  readonly interfaces?: () => NetworkInterface[];
  readonly routes?: () => NetworkRoute[];
  private readonly servers = new Map<number, Handler>();

  constructor(
    readonly podIP: string,
    readonly hostname: string,
    private readonly cluster: ClusterNetwork,
    views?: NetworkViews,
  ) {
    if (views) {
      this.interfaces = () => views.interfaces();
      this.routes = () => views.routes();
    }
  }

  /**
   * A hostNetwork pod's share of this namespace: the same ports, addresses and interfaces;
   * closing it closes what that pod listened on and nothing of the node's or other pods'.
   */
  lease(): SandboxNetwork {
    const closers = new Set<() => void>();
    const shared: SandboxNetwork = {
      podIP: this.podIP,
      hostname: this.hostname,
      listen: (port, handler) => {
        const close = this.listen(port, handler);
        closers.add(close);
        return () => {
          closers.delete(close);
          close();
        };
      },
      request: (host, port, request) => this.request(host, port, request),
      connectTls: (host, port) => this.connectTls(host, port),
      lookup: (server, name) => this.lookup(server, name),
      isListening: (port) => this.isListening(port),
      close: () => {
        for (const close of closers) close();
        closers.clear();
      },
    };
    const { interfaces, routes } = this;
    if (interfaces) shared.interfaces = interfaces;
    if (routes) shared.routes = routes;
    return shared;
  }

  listen(port: number, handler: Handler): () => void {
    if (this.servers.has(port))
      throw new Error(`listen tcp :${port}: bind: address already in use`);
    this.servers.set(port, handler);
    return () => {
      if (this.servers.get(port) === handler) this.servers.delete(port);
    };
  }

  async request(host: string, port: number, request: HttpRequest): Promise<HttpResponse> {
    const local = ['localhost', '127.0.0.1', this.podIP, this.hostname].includes(host);
    const target = local ? this : this.cluster.byIP(host);
    if (!target) {
      const services = this.cluster.services;
      if (services?.isServiceIP(host)) return services.request(host, port, request);
      if (/^\d+\.\d+\.\d+\.\d+$/.test(host))
        throw new Error(`connect ${host}:${port}: No route to host`);
      throw new Error(`getaddrinfo ENOTFOUND ${host}`);
    }
    const handler = target.servers.get(port);
    if (!handler) throw new Error('connect ECONNREFUSED: Connection refused');
    return handler(request);
  }

  /**
   * TLS to `host:port`: only the API server (behind the `kubernetes` Service) speaks it; a pod's
   * listening port answers the handshake with plain HTTP.
   */
  async connectTls(host: string, port: number): Promise<TlsConnection> {
    const local = ['localhost', '127.0.0.1', this.podIP, this.hostname].includes(host);
    const target = local ? this : this.cluster.byIP(host);
    if (!target) {
      const services = this.cluster.services;
      if (services?.isServiceIP(host)) return services.connectTls(host, port);
      throw new Error(`connect ${host}:${port}: No route to host`);
    }
    if (!target.isListening(port)) throw new Error('connect ECONNREFUSED: Connection refused');
    throw new Error(TLS_ON_PLAIN_PORT);
  }

  /** A DNS query to `server`: the cluster DNS answers Service and pod names. */
  async lookup(server: string, name: string): Promise<string[]> {
    return this.cluster.services?.lookup(server, name) ?? [];
  }

  /** Whether something listens on `port` (what a TCP connect finds). */
  isListening(port: number): boolean {
    return this.servers.has(port);
  }

  /** The sandbox is gone: nothing listens any more. */
  close(): void {
    this.servers.clear();
    this.cluster.unregister(this);
  }
}

/** Hands out pod IPs of one node's podCIDR (a /24), reusing released ones last. */
export class PodIPAllocator {
  private readonly prefix: string;
  private next = 2;
  private readonly used = new Set<number>();

  constructor(podCIDR: string) {
    this.prefix = podCIDR.split('/')[0]?.split('.').slice(0, 3).join('.') ?? '10.244.0';
  }

  allocate(): string {
    for (let i = 0; i < 253; i++) {
      const candidate = 2 + ((this.next - 2 + i) % 253);
      if (!this.used.has(candidate)) {
        this.used.add(candidate);
        this.next = candidate + 1;
        return `${this.prefix}.${candidate}`;
      }
    }
    throw new Error('no IP addresses available in range set');
  }

  release(ip: string): void {
    this.used.delete(Number(ip.split('.')[3]));
  }
}
