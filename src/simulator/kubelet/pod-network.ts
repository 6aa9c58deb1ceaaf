/**
 * The pod network: one sandbox per pod (every container shares loopback and the pod IP), and
 * a flat cluster network where any pod reaches any other by IP. Addresses come from the node's
 * podCIDR like kindnet's host-local IPAM: `.1` is the gateway, pods get `.2` upwards.
 */
import type { HttpRequest, HttpResponse, PodNetwork } from '../runtime/process/contracts.js';

type Handler = (request: HttpRequest) => Promise<HttpResponse>;

/** Every pod sandbox of the cluster by IP: what routing between pods amounts to here. */
export class ClusterNetwork {
  private readonly sandboxes = new Map<string, PodSandboxNetwork>();

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

/** One pod's network namespace: the ports its containers listen on. */
export class PodSandboxNetwork implements PodNetwork {
  private readonly servers = new Map<number, Handler>();

  constructor(
    readonly podIP: string,
    readonly hostname: string,
    private readonly cluster: ClusterNetwork,
  ) {}

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
      if (/^\d+\.\d+\.\d+\.\d+$/.test(host))
        throw new Error(`connect ${host}:${port}: No route to host`);
      throw new Error(`getaddrinfo ENOTFOUND ${host}`);
    }
    const handler = target.servers.get(port);
    if (!handler) throw new Error('connect ECONNREFUSED: Connection refused');
    return handler(request);
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
