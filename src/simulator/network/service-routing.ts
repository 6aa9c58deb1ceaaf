/**
 * What the pod network asks about addresses that belong to no pod: the Services' virtual IPs
 * (what kube-proxy's rules do with a connection to one) and the cluster DNS server. The kubelet's
 * network holds one of these once the API server is up (`service-proxy.ts`).
 */

import type { HttpRequest, HttpResponse, TlsConnection } from '../runtime/process/contracts.js';

export interface ServiceRouting {
  /** Whether `ip` is a Service's ClusterIP: a connection to it is the proxy's to route. */
  isServiceIP(ip: string): boolean;
  /** A plain-HTTP request to `ip:port`, forwarded to one ready endpoint. */
  request(ip: string, port: number, request: HttpRequest): Promise<HttpResponse>;
  /** A TLS connection to `ip:port`. */
  connectTls(ip: string, port: number): Promise<TlsConnection>;
  /** The answer of the DNS server at `server` for the fully qualified `name`. */
  lookup(server: string, name: string): string[];
}

/** Node's text for the failures a connection meets, which the programs turn into their own. */
export const CONNECTION_REFUSED = 'connect ECONNREFUSED: Connection refused';
export const CONNECTION_TIMED_OUT = 'connect ETIMEDOUT: Connection timed out';
export const TLS_ON_PLAIN_PORT = 'tls: wrong version number';
