import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PODS } from './controller-context.js';
import { type EndpointCluster, endpointCluster } from './endpoint-cluster.test-support.js';
import { ENDPOINTS, SERVICES } from './endpoint-pods.js';

let c: EndpointCluster;
beforeEach(async () => {
  c = await endpointCluster();
});
afterEach(() => {
  c.stop();
  expect(c.errors).toEqual([]);
});

const WEB = { selector: { app: 'web' }, ports: [{ port: 80, targetPort: 8080 }] };
const target = (name: string) => ({
  kind: 'Pod',
  namespace: 'default',
  name,
  uid: c.registry.storage.get('pods', 'default', name)?.metadata.uid,
});

describe('the endpoints controller', () => {
  it('lists ready pods in addresses and the others in notReadyAddresses, sorted by IP', async () => {
    const service = await c.createService('web', WEB);
    await c.runPod('web-b', '10.244.1.12');
    await c.runPod('web-a', '10.244.1.9');
    await c.runPod('web-c', '10.244.2.5', { ready: false, node: 'pod-course-worker2' });
    await c.runPod('other', '10.244.2.6', { labels: { app: 'other' } });
    const endpoints = c.endpoints('web');
    expect(endpoints?.metadata.labels).toEqual({ app: 'web' });
    expect(endpoints?.subsets).toEqual([
      {
        // Byte order of the strings, as Go compares them: "10.244.1.12" < "10.244.1.9".
        addresses: [
          { ip: '10.244.1.12', nodeName: 'pod-course-worker', targetRef: target('web-b') },
          { ip: '10.244.1.9', nodeName: 'pod-course-worker', targetRef: target('web-a') },
        ],
        notReadyAddresses: [
          { ip: '10.244.2.5', nodeName: 'pod-course-worker2', targetRef: target('web-c') },
        ],
        ports: [{ port: 8080, protocol: 'TCP' }],
      },
    ]);
    // The Service's creation is the first trigger time; later, the pods' Ready transitions.
    expect(endpoints?.metadata.annotations).toEqual({
      'endpoints.kubernetes.io/last-change-trigger-time': service.metadata.creationTimestamp,
    });
    const managed = endpoints?.metadata.managedFields as { manager: string }[];
    expect(managed.map((m) => m.manager)).toEqual(['kube-controller-manager']);
  });

  it('follows readiness, drops a pod being deleted at once, and one that is gone', async () => {
    await c.createService('web', WEB);
    await c.runPod('web-a', '10.244.1.2', { ready: false });
    expect(c.endpoints('web')?.subsets).toEqual([
      expect.objectContaining({
        notReadyAddresses: [expect.objectContaining({ ip: '10.244.1.2' })],
      }),
    ]);
    await c.clock.advance(5000);
    await c.setReady('web-a', true);
    const ready = c.endpoints('web');
    expect(ready?.subsets).toEqual([
      expect.objectContaining({ addresses: [expect.objectContaining({ ip: '10.244.1.2' })] }),
    ]);
    expect(ready?.metadata.annotations?.['endpoints.kubernetes.io/last-change-trigger-time']).toBe(
      '2025-03-01T10:00:05Z',
    );
    // Graceful deletion: the pod is still there, terminating, but no longer an endpoint.
    await c.registry.delete(PODS, 'default', 'web-a');
    await c.settle();
    expect(
      c.registry.storage.get('pods', 'default', 'web-a')?.metadata.deletionTimestamp,
    ).toBeDefined();
    const emptied = c.endpoints('web');
    expect(emptied?.subsets).toBeUndefined();
    // No pod's Ready transition changed: the trigger annotation goes.
    expect(emptied?.metadata.annotations).toBeUndefined();
  });

  it('resolves a named targetPort against the container ports, per pod', async () => {
    await c.createService('web', {
      selector: { app: 'web' },
      ports: [{ name: 'http', port: 80, targetPort: 'web-port' }],
    });
    await c.runPod('web-a', '10.244.1.2', { ports: [{ name: 'web-port', containerPort: 8080 }] });
    await c.runPod('web-b', '10.244.1.3', { ports: [{ name: 'web-port', containerPort: 9090 }] });
    // No port of that name: the pod is left out.
    await c.runPod('web-c', '10.244.1.4');
    const subsets = c.endpoints('web')?.subsets as {
      addresses: { ip: string }[];
      ports: unknown;
    }[];
    expect(subsets.map((s) => [s.addresses.map((a) => a.ip), s.ports])).toEqual([
      [['10.244.1.2'], [{ name: 'http', port: 8080, protocol: 'TCP' }]],
      [['10.244.1.3'], [{ name: 'http', port: 9090, protocol: 'TCP' }]],
    ]);
  });

  it('marks a headless Service’s endpoints, and lists a port-less headless Service’s addresses', async () => {
    await c.createService('db', { clusterIP: 'None', selector: { app: 'web' } });
    await c.runPod('web-a', '10.244.1.2');
    const endpoints = c.endpoints('db');
    expect(endpoints?.metadata.labels).toEqual({
      app: 'db',
      'service.kubernetes.io/headless': '',
    });
    expect(endpoints?.subsets).toEqual([
      { addresses: [expect.objectContaining({ ip: '10.244.1.2' })] },
    ]);
  });

  it('removes the Endpoints with its Service, and recreates one deleted by hand', async () => {
    await c.createService('web', WEB);
    await c.runPod('web-a', '10.244.1.2');
    await c.registry.delete(ENDPOINTS, 'default', 'web');
    await c.settle();
    expect(c.endpoints('web')?.subsets).toHaveLength(1);
    await c.registry.delete(SERVICES, 'default', 'web');
    await c.settle();
    expect(c.endpoints('web')).toBeUndefined();
  });

  it('leaves the Endpoints of a Service without a selector to the user', async () => {
    await c.createService('external', { ports: [{ port: 80 }] });
    expect(c.endpoints('external')).toBeUndefined();
    const subsets = [{ addresses: [{ ip: '192.0.2.10' }], ports: [{ port: 80, protocol: 'TCP' }] }];
    await c.registry.create(ENDPOINTS, 'default', {
      apiVersion: 'v1',
      kind: 'Endpoints',
      metadata: { name: 'external' },
      subsets,
    });
    await c.runPod('web-a', '10.244.1.2');
    expect(c.endpoints('external')?.subsets).toEqual(subsets);
  });

  it('keeps the kubernetes Service’s endpoints at the control plane’s address on 6443', async () => {
    expect(c.endpoints('kubernetes')).toMatchObject({
      metadata: { labels: { 'endpointslice.kubernetes.io/skip-mirror': 'true' } },
      subsets: [
        {
          addresses: [{ ip: '172.18.0.2' }],
          ports: [{ name: 'https', port: 6443, protocol: 'TCP' }],
        },
      ],
    });
    expect(c.slices('kubernetes')).toEqual([
      expect.objectContaining({
        metadata: expect.objectContaining({
          name: 'kubernetes',
          labels: { 'kubernetes.io/service-name': 'kubernetes' },
        }),
        addressType: 'IPv4',
        endpoints: [{ addresses: ['172.18.0.2'], conditions: { ready: true } }],
        ports: [{ name: 'https', protocol: 'TCP', port: 6443 }],
      }),
    ]);
    // Deleted, it comes back at the reconciler's next round (every 10 s).
    await c.registry.delete(ENDPOINTS, 'default', 'kubernetes');
    await c.clock.advance(10_000);
    await c.settle();
    expect(c.endpoints('kubernetes')?.subsets).toHaveLength(1);
  });
});
