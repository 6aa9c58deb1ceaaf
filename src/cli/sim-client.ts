import { readFile } from 'node:fs/promises';
import { request } from 'node:https';
import { parse } from 'yaml';

/**
 * A minimal HTTPS client for the simulator's own endpoints, configured from a kubeconfig's
 * current context. client-node is not needed here (it costs ~500 ms to load).
 */
export interface SimEndpoint {
  server: string;
  caPem: string;
  token: string;
}

interface KubeconfigShape {
  'current-context'?: string;
  contexts?: { name: string; context?: { cluster?: string; user?: string } }[];
  clusters?: {
    name: string;
    cluster?: { server?: string; 'certificate-authority-data'?: string };
  }[];
  users?: { name: string; user?: { token?: string } }[];
}

/** Undefined when the file is absent; throws with a readable message when it is unusable. */
export async function endpointFromKubeconfig(path: string): Promise<SimEndpoint | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  const config = parse(text) as KubeconfigShape;
  const context = config.contexts?.find((c) => c.name === config['current-context'])?.context;
  const cluster = config.clusters?.find((c) => c.name === context?.cluster)?.cluster;
  const user = config.users?.find((u) => u.name === context?.user)?.user;
  if (!cluster?.server || !cluster['certificate-authority-data'] || !user?.token) {
    throw new Error(`${path} has no usable current context (server, CA and token)`);
  }
  return {
    server: cluster.server,
    caPem: Buffer.from(cluster['certificate-authority-data'], 'base64').toString('utf8'),
    token: user.token,
  };
}

export function callSim(endpoint: SimEndpoint, method: string, path: string, body?: unknown) {
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const data = body === undefined ? undefined : JSON.stringify(body);
    const req = request(
      `${endpoint.server}${path}`,
      {
        method,
        ca: endpoint.caPem,
        headers: {
          Authorization: `Bearer ${endpoint.token}`,
          Accept: 'application/json',
          ...(data ? { 'Content-Type': 'application/json' } : {}),
        },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          text += chunk;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      },
    );
    req.on('error', reject);
    req.end(data);
  });
}
