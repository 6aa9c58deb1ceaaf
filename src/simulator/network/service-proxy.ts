/**
 * kube-proxy and CoreDNS in miniature, reading Services and Pods straight from the store.
 *
 * A connection to a ClusterIP and one of its ports goes to a ready pod the selector picks (the
 * port's `targetPort`, by number or by a container port's name), refused when there is none —
 * iptables rejects it — and left unanswered on a port the Service does not have. The `kubernetes`
 * Service in `default` leads to the API server itself, which speaks only TLS.
 *
 * The DNS server at 10.96.0.10 answers `<service>.<namespace>.svc.cluster.local` (the ClusterIP,
 * or a headless Service's ready pod IPs) and `a-b-c-d.<namespace>.pod.cluster.local`; any other
 * name is NXDOMAIN, as it is on a cluster without a way out.
 */

import type { InClusterEndpoint } from '../apiserver/api-server.js';
import type { Storage } from '../apiserver/storage.js';
import type { KubeObject } from '../kube-object.js';
import type { HttpRequest, HttpResponse, TlsConnection } from '../runtime/process/contracts.js';
import {
  CONNECTION_REFUSED,
  CONNECTION_TIMED_OUT,
  type ServiceRouting,
  TLS_ON_PLAIN_PORT,
} from './service-routing.js';

/** kube-dns's ClusterIP on kind, the `nameserver` of every ClusterFirst pod's resolv.conf. */
export const CLUSTER_DNS_IP = '10.96.0.10';
const CLUSTER_DOMAIN = 'cluster.local';

/** A pod's sandbox as the proxy reaches it (the kubelet's `PodSandboxNetwork`). */
export interface PodEndpoint {
  request(host: string, port: number, request: HttpRequest): Promise<HttpResponse>;
  isListening(port: number): boolean;
}

export interface ServiceProxyOptions {
  storage: Storage;
  /** The sandbox holding `ip`, if a pod has it. */
  podByIP(ip: string): PodEndpoint | undefined;
  apiServer: InClusterEndpoint;
}

type Json = Record<string, unknown>;
const asRecord = (value: unknown): Json =>
  value && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : {};
const asList = (value: unknown): Json[] => (Array.isArray(value) ? value.map(asRecord) : []);

/** Go's answer to a plain request on a TLS port (net/http's server). */
const PLAIN_HTTP_TO_TLS: HttpResponse = {
  status: 400,
  headers: {},
  body: new TextEncoder().encode('Client sent an HTTP request to an HTTPS server.\n'),
};

export class ServiceProxy implements ServiceRouting {
  constructor(private readonly options: ServiceProxyOptions) {}

  isServiceIP(ip: string): boolean {
    return this.serviceByIP(ip) !== undefined;
  }

  async request(ip: string, port: number, request: HttpRequest): Promise<HttpResponse> {
    const { service, servicePort } = this.route(ip, port);
    if (isApiServer(service)) return PLAIN_HTTP_TO_TLS;
    const [podIP, targetPort] = this.pickEndpoint(service, servicePort);
    const pod = this.options.podByIP(podIP);
    if (!pod) throw new Error(CONNECTION_REFUSED);
    return pod.request(podIP, targetPort, request);
  }

  async connectTls(ip: string, port: number): Promise<TlsConnection> {
    const { service, servicePort } = this.route(ip, port);
    if (isApiServer(service)) {
      const api = this.options.apiServer;
      return {
        peerCertificates: api.certificateChain,
        request: (request, signal) => api.request(request, signal),
      };
    }
    const [podIP, targetPort] = this.pickEndpoint(service, servicePort);
    const pod = this.options.podByIP(podIP);
    if (!pod?.isListening(targetPort)) throw new Error(CONNECTION_REFUSED);
    // Nothing in a simulated pod serves TLS: the handshake meets a plain HTTP server.
    throw new Error(TLS_ON_PLAIN_PORT);
  }

  lookup(server: string, name: string): string[] {
    if (server !== CLUSTER_DNS_IP) return [];
    const fqdn = name.replace(/\.$/, '').toLowerCase();
    const suffix = `.${CLUSTER_DOMAIN}`;
    if (!fqdn.endsWith(suffix)) return [];
    const labels = fqdn.slice(0, -suffix.length).split('.');
    if (labels.length === 3 && labels[2] === 'svc') {
      const service = this.options.storage.get('services', labels[1] ?? '', labels[0] ?? '');
      if (!service) return [];
      const spec = asRecord(service.spec);
      if (spec.type === 'ExternalName') return [];
      if (spec.clusterIP === 'None') return this.readyPods(service).map(podIPOf);
      return typeof spec.clusterIP === 'string' ? [spec.clusterIP] : [];
    }
    if (labels.length === 3 && labels[2] === 'pod') {
      const ip = (labels[0] ?? '').replaceAll('-', '.');
      return /^\d+\.\d+\.\d+\.\d+$/.test(ip) ? [ip] : [];
    }
    return [];
  }

  private serviceByIP(ip: string): KubeObject | undefined {
    return this.options.storage.list('services', {
      predicate: (service) => asRecord(service.spec).clusterIP === ip,
    }).items[0];
  }

  /** The Service and port a connection reaches; nothing answers on another port. */
  private route(ip: string, port: number) {
    const service = this.serviceByIP(ip);
    const servicePort = asList(asRecord(service?.spec).ports).find(
      (p) => p.port === port && (p.protocol ?? 'TCP') === 'TCP',
    );
    if (!service || !servicePort) throw new Error(CONNECTION_TIMED_OUT);
    return { service, servicePort };
  }

  /** A ready pod behind the Service and the port it serves this Service port on. */
  private pickEndpoint(service: KubeObject, servicePort: Json): [string, number] {
    const candidates: [string, number][] = [];
    for (const pod of this.readyPods(service)) {
      const target = targetPortOf(pod, servicePort.targetPort ?? servicePort.port);
      if (target !== undefined) candidates.push([podIPOf(pod), target]);
    }
    const chosen = candidates[Math.floor(Math.random() * candidates.length)];
    if (!chosen) throw new Error(CONNECTION_REFUSED);
    return chosen;
  }

  /** Pods the selector picks that are Ready and not being deleted (the endpoints controller's view). */
  private readyPods(service: KubeObject): KubeObject[] {
    const selector = asRecord(asRecord(service.spec).selector);
    const wanted = Object.entries(selector);
    if (wanted.length === 0) return [];
    return this.options.storage
      .list('pods', {
        namespace: service.metadata.namespace ?? 'default',
        predicate: (pod) =>
          wanted.every(([k, v]) => pod.metadata.labels?.[k] === v) &&
          !pod.metadata.deletionTimestamp &&
          podIPOf(pod) !== '' &&
          asList(asRecord(pod.status).conditions).some(
            (c) => c.type === 'Ready' && c.status === 'True',
          ),
      })
      .items.sort((a, b) => (a.metadata.name ?? '').localeCompare(b.metadata.name ?? ''));
  }
}

function isApiServer(service: KubeObject): boolean {
  return service.metadata.namespace === 'default' && service.metadata.name === 'kubernetes';
}

function podIPOf(pod: KubeObject): string {
  const ip = asRecord(pod.status).podIP;
  return typeof ip === 'string' ? ip : '';
}

/** A number as it is; a name looked up among the pod's container ports. */
function targetPortOf(pod: KubeObject, target: unknown): number | undefined {
  if (typeof target === 'number') return target;
  if (typeof target !== 'string') return undefined;
  for (const container of asList(asRecord(pod.spec).containers)) {
    for (const port of asList(container.ports)) {
      if (port.name === target && typeof port.containerPort === 'number') return port.containerPort;
    }
  }
  return undefined;
}
