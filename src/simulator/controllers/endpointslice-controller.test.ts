import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { NODES } from '../events/memory-cluster.test-support.js';
import type { KubeObject } from '../kube-object.js';
import { PODS } from './controller-context.js';
import { type EndpointCluster, endpointCluster } from './endpoint-cluster.test-support.js';
import { ENDPOINT_SLICES, SERVICES } from './endpoint-pods.js';

let c: EndpointCluster;
beforeEach(async () => {
  c = await endpointCluster();
});
afterEach(() => {
  c.stop();
  expect(c.errors).toEqual([]);
});

const WEB = { selector: { app: 'web' }, ports: [{ port: 80, targetPort: 8080 }] };
const conditions = (slice: KubeObject | undefined) =>
  ((slice?.endpoints ?? []) as { targetRef: { name: string }; conditions: object }[]).map((e) => [
    e.targetRef.name,
    e.conditions,
  ]);

describe('the EndpointSlice controller', () => {
  it('keeps one slice per Service: generated name, labels, owner, endpoints, ports', async () => {
    const service = await c.createService('web', WEB, { app: 'web', tier: 'front' });
    await c.runPod('web-a', '10.244.1.2');
    const [slice, ...rest] = c.slices('web');
    expect(rest).toEqual([]);
    expect(slice?.metadata.name).toMatch(/^web-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    expect(slice?.metadata.generateName).toBe('web-');
    expect(slice?.metadata.labels).toEqual({
      app: 'web',
      tier: 'front',
      'endpointslice.kubernetes.io/managed-by': 'endpointslice-controller.k8s.io',
      'kubernetes.io/service-name': 'web',
    });
    expect(slice?.metadata.ownerReferences).toEqual([
      {
        apiVersion: 'v1',
        kind: 'Service',
        name: 'web',
        uid: service.metadata.uid,
        controller: true,
        blockOwnerDeletion: true,
      },
    ]);
    expect(slice?.addressType).toBe('IPv4');
    const pod = c.registry.storage.get('pods', 'default', 'web-a');
    expect(slice?.endpoints).toEqual([
      {
        addresses: ['10.244.1.2'],
        conditions: { ready: true, serving: true, terminating: false },
        targetRef: { kind: 'Pod', namespace: 'default', name: 'web-a', uid: pod?.metadata.uid },
        nodeName: 'pod-course-worker',
      },
    ]);
    expect(slice?.ports).toEqual([{ name: '', protocol: 'TCP', port: 8080 }]);
  });

  it('keeps an empty placeholder for a Service without endpoints, then fills that very slice', async () => {
    await c.createService('web', WEB);
    const [placeholder] = c.slices('web');
    expect(placeholder).toMatchObject({
      endpoints: null,
      ports: null,
      metadata: { generation: 1 },
    });
    await c.runPod('web-a', '10.244.1.2');
    const [slice, ...rest] = c.slices('web');
    expect(rest).toEqual([]);
    expect(slice?.metadata.name).toBe(placeholder?.metadata.name);
    expect(slice?.metadata.uid).toBe(placeholder?.metadata.uid);
    expect(slice?.metadata.generation).toBe(2);
    // The last pod gone, it is the placeholder again.
    await c.registry.delete(PODS, 'default', 'web-a', { gracePeriodSeconds: 0 });
    await c.settle();
    expect(c.slices('web')).toEqual([
      expect.objectContaining({
        endpoints: null,
        ports: null,
        metadata: expect.objectContaining({ name: placeholder?.metadata.name }),
      }),
    ]);
  });

  it('keeps a terminating pod, not ready but serving, until it is gone', async () => {
    await c.createService('web', WEB);
    await c.runPod('web-a', '10.244.1.2');
    await c.runPod('web-b', '10.244.1.3', { ready: false });
    expect(conditions(c.slices('web')[0])).toEqual([
      ['web-a', { ready: true, serving: true, terminating: false }],
      ['web-b', { ready: false, serving: false, terminating: false }],
    ]);
    await c.registry.delete(PODS, 'default', 'web-a');
    await c.settle();
    expect(conditions(c.slices('web')[0])).toEqual([
      ['web-a', { ready: false, serving: true, terminating: true }],
      ['web-b', { ready: false, serving: false, terminating: false }],
    ]);
  });

  it('groups pods by the ports they offer, and writes the node’s zone', async () => {
    const node = c.registry.storage.get('nodes', '', 'pod-course-worker2') as KubeObject;
    node.metadata.labels = { ...node.metadata.labels, 'topology.kubernetes.io/zone': 'zone-b' };
    await c.registry.update(NODES, '', 'pod-course-worker2', node);
    await c.createService('web', {
      selector: { app: 'web' },
      ports: [{ name: 'http', port: 80, targetPort: 'http' }],
    });
    await c.runPod('web-a', '10.244.1.2', { ports: [{ name: 'http', containerPort: 8080 }] });
    await c.runPod('web-b', '10.244.2.2', {
      node: 'pod-course-worker2',
      ports: [{ name: 'http', containerPort: 9090 }],
    });
    const slices = c
      .slices('web')
      .map((s) => [
        s.ports,
        (s.endpoints as { addresses: string[]; zone?: string }[]).map((e) => [
          e.addresses[0],
          e.zone,
        ]),
      ]);
    expect(slices).toEqual(
      expect.arrayContaining([
        [[{ name: 'http', protocol: 'TCP', port: 8080 }], [['10.244.1.2', undefined]]],
        [[{ name: 'http', protocol: 'TCP', port: 9090 }], [['10.244.2.2', 'zone-b']]],
      ]),
    );
    expect(slices).toHaveLength(2);
  });

  it('puts at most 100 endpoints in a slice', async () => {
    await c.createService('web', WEB);
    for (let i = 1; i <= 101; i++) {
      await c.createPod({
        metadata: { name: `web-${i}`, labels: { app: 'web' } },
        spec: { nodeName: 'pod-course-worker', containers: [{ name: 'web', image: 'nginx' }] },
      });
    }
    for (let i = 1; i <= 101; i++) {
      const pod = c.registry.storage.get('pods', 'default', `web-${i}`) as KubeObject;
      const ip = `10.244.1.${i + 1}`;
      await c.registry.update(
        PODS,
        'default',
        `web-${i}`,
        { ...pod, status: { phase: 'Running', podIP: ip, podIPs: [{ ip }] } },
        { subresource: 'status' },
      );
    }
    await c.settle();
    const sizes = c.slices('web').map((s) => (s.endpoints as unknown[]).length);
    expect(sizes.sort((a, b) => b - a)).toEqual([100, 1]);
  });

  it('leaves Services without a selector alone; the garbage collector removes slices with their Service', async () => {
    await c.createService('external', { ports: [{ port: 80 }] });
    expect(c.slices('external')).toEqual([]);
    await c.createService('web', WEB);
    await c.runPod('web-a', '10.244.1.2');
    expect(c.slices('web')).toHaveLength(1);
    await c.registry.delete(SERVICES, 'default', 'web');
    await c.settle();
    expect(c.slices('web')).toEqual([]);
  });

  it('puts back a slice edited by hand, a second later', async () => {
    await c.createService('web', WEB);
    await c.runPod('web-a', '10.244.1.2');
    const [slice] = c.slices('web');
    await c.registry.update(ENDPOINT_SLICES, 'default', slice?.metadata.name ?? '', {
      ...(slice as KubeObject),
      endpoints: null,
    });
    await c.settle();
    expect(c.slices('web')[0]?.endpoints).toBeNull();
    await c.clock.advance(1000);
    await c.settle();
    expect(conditions(c.slices('web')[0])).toEqual([
      ['web-a', { ready: true, serving: true, terminating: false }],
    ]);
  });
});
