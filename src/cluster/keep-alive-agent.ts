import { createHash } from 'node:crypto';
import { Agent, type RequestOptions } from 'node:https';
import type { KubeConfig } from '@kubernetes/client-node';

/**
 * Idle connections are dropped a little before a Go or Node API server closes its side (Node's
 * default keepAliveTimeout is 5 s), so a request rarely meets a connection closing under it.
 */
const IDLE_SOCKET_MS = 4000;

const agents = new WeakMap<KubeConfig, Map<string, Agent>>();

/**
 * One keep-alive agent per kubeconfig and TLS identity. client-node builds a new agent for
 * every request, so each would pay a whole TLS handshake: most of a grade's cost against a
 * local cluster. A cluster reached through a proxy keeps client-node's own agent.
 */
export function keepAliveAgent(kc: KubeConfig, options: RequestOptions): Agent | undefined {
  const cluster = kc.getCurrentCluster();
  if (!cluster || cluster.proxyUrl) return undefined;
  const identity = createHash('sha256');
  for (const part of [
    cluster.server,
    options.ca,
    options.cert,
    options.key,
    String(options.rejectUnauthorized),
    options.servername,
  ]) {
    identity.update(String(part ?? ''));
    identity.update('\0');
  }
  const key = identity.digest('hex');
  let byIdentity = agents.get(kc);
  if (!byIdentity) {
    byIdentity = new Map();
    agents.set(kc, byIdentity);
  }
  let agent = byIdentity.get(key);
  if (!agent) {
    agent = new Agent({
      keepAlive: true,
      timeout: IDLE_SOCKET_MS,
      ...(options.ca ? { ca: options.ca } : {}),
      ...(options.cert ? { cert: options.cert } : {}),
      ...(options.key ? { key: options.key } : {}),
      ...(options.rejectUnauthorized === undefined
        ? {}
        : { rejectUnauthorized: options.rejectUnauthorized }),
      ...(options.servername ? { servername: options.servername } : {}),
    });
    byIdentity.set(key, agent);
  }
  return agent;
}
