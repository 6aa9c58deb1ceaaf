import { request } from 'node:https';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCluster, type TestCluster } from '../../../../test/support/simulator.js';

function get(cluster: TestCluster, path: string) {
  const { url, token, caPem } = cluster.simulator;
  return new Promise<unknown>((resolve, reject) => {
    const req = request(
      `${url}${path}`,
      { ca: caPem, headers: { Authorization: `Bearer ${token}` } },
      (res) => {
        let body = '';
        res.on('data', (d: Buffer) => {
          body += d.toString();
        });
        res.on('end', () => resolve(JSON.parse(body)));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

describe('plain lists answered from stored JSON', () => {
  let cluster: TestCluster;
  beforeAll(async () => {
    cluster = await startTestCluster();
  });
  afterAll(async () => {
    await cluster?.stop();
  });

  it('equal the lists built from parsed objects, items without apiVersion/kind', async () => {
    for (const path of [
      '/api/v1/namespaces/default/configmaps',
      '/api/v1/serviceaccounts',
      '/api/v1/nodes',
    ]) {
      const fast = (await get(cluster, path)) as { kind: string; items: Record<string, unknown>[] };
      // A field selector that matches everything takes the parse-and-filter path.
      const slow = await get(cluster, `${path}?fieldSelector=metadata.name!=nothing`);
      expect(fast).toEqual(slow);
      expect(fast.items.length).toBeGreaterThan(0);
      for (const item of fast.items) {
        expect(item.apiVersion).toBeUndefined();
        expect(item.kind).toBeUndefined();
      }
    }
  });
});
