import type { RequestOptions } from 'node:https';
import { KubeConfig } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keepAliveAgent } from '../../src/cluster/keep-alive-agent.js';
import { rawRequest } from '../../src/cluster/raw-request.js';
import { startTestCluster, type TestCluster } from '../support/simulator.js';

/** rawRequest keeps one TLS connection open across requests instead of a handshake each. */
describe('rawRequest over a kept-alive connection', () => {
  let cluster: TestCluster;
  let kc: KubeConfig;

  beforeAll(async () => {
    cluster = await startTestCluster({ runPods: false });
    kc = new KubeConfig();
    kc.loadFromFile(cluster.simulator.kubeconfigPath);
  });
  afterAll(async () => {
    await cluster?.stop();
  });

  const agentOf = async (config: KubeConfig) => {
    const options: RequestOptions = {};
    await config.applyToHTTPSOptions(options);
    const agent = keepAliveAgent(config, options);
    if (!agent) throw new Error('no keep-alive agent for a cluster without a proxy');
    return agent;
  };
  const idleSockets = (agent: Awaited<ReturnType<typeof agentOf>>) =>
    Object.values(agent.freeSockets).flat();

  it('sends the next request on the connection the last one left open', async () => {
    const first = await rawRequest(kc, { method: 'GET', path: '/api/v1/namespaces' });
    expect(first.status).toBe(200);
    const agent = await agentOf(kc);
    const [socket] = idleSockets(agent);
    expect(socket).toBeDefined();
    const second = await rawRequest(kc, { method: 'GET', path: '/api/v1/namespaces/default' });
    expect((second.body as { metadata: { name: string } }).metadata.name).toBe('default');
    expect(idleSockets(agent)).toEqual([socket]);
  });

  it('keeps a separate agent per kubeconfig, so another identity never borrows a connection', async () => {
    const other = new KubeConfig();
    other.loadFromFile(cluster.simulator.kubeconfigPath);
    expect(await agentOf(other)).not.toBe(await agentOf(kc));
    expect(await agentOf(kc)).toBe(await agentOf(kc));
  });
});
