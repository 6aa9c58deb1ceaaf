import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCluster, type TestCluster } from '../../../test/support/simulator.js';
import { loadClientNode } from '../../cluster/client-node.js';
import { type NamespaceChange, watchNamespace } from './cluster-watch.js';

/** How long a change may take to arrive; a missing one fails rather than stalls. */
const LIMIT_MS = 10_000;

/**
 * The runner's watch against the real simulator over HTTPS with client-node's Watch: a
 * change in the namespace (here made through the API, as kubectl would) reaches the runner
 * without polling.
 */
describe('watchNamespace', () => {
  let cluster: TestCluster;

  beforeAll(async () => {
    cluster = await startTestCluster({ runPods: false });
  });

  afterAll(async () => {
    await cluster.stop();
  });

  it('reports a ConfigMap and a Secret created in the namespace', async () => {
    const k8s = await loadClientNode();
    const kc = new k8s.KubeConfig();
    kc.loadFromFile(cluster.simulator.kubeconfigPath);
    const core = kc.makeApiClient(k8s.CoreV1Api);
    const seen: NamespaceChange[] = [];
    let wake = () => {};
    const watch = await watchNamespace(kc, 'default', (change) => {
      seen.push(change);
      wake();
    });
    const arrives = async (resource: string, type: string) => {
      const deadline = Date.now() + LIMIT_MS;
      const found = () =>
        seen.some((c) => c.resource === resource && c.type === type && c.name === 'watched');
      while (!found()) {
        if (Date.now() > deadline)
          throw new Error(`no ${type} ${resource}/watched; seen ${JSON.stringify(seen)}`);
        await new Promise<void>((resolve) => {
          wake = resolve;
          setTimeout(resolve, 200);
        });
      }
    };
    try {
      await core.createNamespacedConfigMap({
        namespace: 'default',
        body: { metadata: { name: 'watched' }, data: { a: '1' } },
      });
      await arrives('configmaps', 'ADDED');
      await core.createNamespacedSecret({
        namespace: 'default',
        body: { metadata: { name: 'watched' }, stringData: { b: '2' } },
      });
      await arrives('secrets', 'ADDED');
      await core.deleteNamespacedConfigMap({ namespace: 'default', name: 'watched' });
      await arrives('configmaps', 'DELETED');
      expect(
        seen.every((c) => ['pods', 'events', 'secrets', 'configmaps'].includes(c.resource)),
      ).toBe(true);
    } finally {
      watch.stop();
    }
  });
});
