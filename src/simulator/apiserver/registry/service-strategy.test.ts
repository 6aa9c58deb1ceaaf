import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { KubeObject } from '../../kube-object.js';
import { Store } from '../../store/index.js';
import { tempDir } from '../../store/test-helpers.js';
import { ensureKubernetesService } from '../kubernetes-service.js';
import { findResource, type ResourceInfo } from '../resources.js';
import { ApiError } from '../status.js';
import { Registry } from './registry.js';

const SERVICES = findResource('', 'v1', 'services') as ResourceInfo;
const NAMESPACES = findResource('', 'v1', 'namespaces') as ResourceInfo;

function service(name: string, spec: Record<string, unknown>): KubeObject {
  return { apiVersion: 'v1', kind: 'Service', metadata: { name }, spec };
}

/** The 422's message, as kubectl prints it after `The Service "x" is invalid: `. */
async function rejection(write: Promise<unknown>): Promise<string> {
  try {
    await write;
  } catch (error) {
    if (error instanceof ApiError) return error.status.message ?? '';
    throw error;
  }
  throw new Error('expected the write to be refused');
}

describe('Services: defaults, allocation and validation', () => {
  let store: Store;
  let registry: Registry;
  let cleanup: () => Promise<void>;
  beforeEach(async () => {
    const temp = await tempDir();
    cleanup = temp.cleanup;
    store = await Store.open(temp.dir);
    registry = new Registry(store, () => new Date('2025-01-01T10:00:00Z'));
    await registry.create(NAMESPACES, '', {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'default' },
    });
    await ensureKubernetesService(registry);
  });
  afterEach(async () => {
    await store.close();
    await cleanup();
  });

  it('the kubernetes Service holds 10.96.0.1, port 443 named https in front of 6443', () => {
    const kubernetes = registry.get(SERVICES, 'default', 'kubernetes');
    expect(kubernetes.metadata.labels).toEqual({ component: 'apiserver', provider: 'kubernetes' });
    expect(kubernetes.spec).toEqual({
      clusterIP: '10.96.0.1',
      clusterIPs: ['10.96.0.1'],
      internalTrafficPolicy: 'Cluster',
      ipFamilies: ['IPv4'],
      ipFamilyPolicy: 'SingleStack',
      ports: [{ name: 'https', port: 443, protocol: 'TCP', targetPort: 6443 }],
      sessionAffinity: 'None',
      type: 'ClusterIP',
    });
    expect(kubernetes.status).toEqual({ loadBalancer: {} });
  });

  it('a ClusterIP Service gets an address of 10.96.0.0/12 past the static band, and TCP', async () => {
    const created = await registry.create(
      SERVICES,
      'default',
      service('web', { selector: { app: 'web' }, ports: [{ port: 80 }] }),
    );
    const spec = created.spec as Record<string, unknown>;
    const ip = spec.clusterIP as string;
    const [a, b, c] = ip.split('.').map(Number);
    expect(a).toBe(10);
    expect((b ?? 0) >= 96 && (b ?? 0) <= 111).toBe(true);
    expect(b === 96 && c === 0).toBe(false);
    expect(spec).toMatchObject({
      clusterIPs: [ip],
      ports: [{ port: 80, protocol: 'TCP', targetPort: 80 }],
      type: 'ClusterIP',
      sessionAffinity: 'None',
    });
  });

  it('NodePort Services get a node port of 30000-32767 and the external traffic policy', async () => {
    const created = await registry.create(
      SERVICES,
      'default',
      service('np', { type: 'NodePort', ports: [{ port: 80, targetPort: 'http' }] }),
    );
    const spec = created.spec as { ports: { nodePort: number }[]; externalTrafficPolicy: string };
    expect(spec.ports[0]?.nodePort).toBeGreaterThanOrEqual(30000);
    expect(spec.ports[0]?.nodePort).toBeLessThanOrEqual(32767);
    expect(spec.externalTrafficPolicy).toBe('Cluster');
  });

  it('refuses an address taken or out of range with the allocator’s words', async () => {
    expect(
      await rejection(
        registry.create(
          SERVICES,
          'default',
          service('dup', { clusterIP: '10.96.0.1', ports: [{ port: 80 }] }),
        ),
      ),
    ).toBe(
      'Service "dup" is invalid: spec.clusterIPs: Invalid value: []string{"10.96.0.1"}: failed to allocate IP 10.96.0.1: provided IP is already allocated',
    );
    expect(
      await rejection(
        registry.create(
          SERVICES,
          'default',
          service('out', { clusterIP: '10.0.0.5', ports: [{ port: 80 }] }),
        ),
      ),
    ).toBe(
      'Service "out" is invalid: spec.clusterIPs: Invalid value: []string{"10.0.0.5"}: failed to allocate IP 10.0.0.5: the provided IP (10.0.0.5) is not in the valid range. The range of valid IPs is 10.96.0.0/12',
    );
  });

  it('validates names, ports, protocol and type as ValidateService does', async () => {
    expect(
      await rejection(
        registry.create(
          SERVICES,
          'default',
          service('bad', { type: 'Foo', ports: [{ port: 0, protocol: 'tcp' }, { port: 81 }] }),
        ),
      ),
    ).toBe(
      'Service "bad" is invalid: [spec.ports[0].name: Required value, spec.ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive, spec.ports[0].protocol: Unsupported value: "tcp": supported values: "SCTP", "TCP", "UDP", spec.ports[0].targetPort: Invalid value: 0: must be between 1 and 65535, inclusive, spec.ports[1].name: Required value, spec.type: Unsupported value: "Foo": supported values: "ClusterIP", "ExternalName", "LoadBalancer", "NodePort"]',
    );
    expect(await rejection(registry.create(SERVICES, 'default', service('none', {})))).toBe(
      'Service "none" is invalid: spec.ports: Required value',
    );
  });

  it('keeps the address when an update leaves it out, and refuses a new one', async () => {
    const created = await registry.create(
      SERVICES,
      'default',
      service('web', { selector: { app: 'web' }, ports: [{ port: 80 }] }),
    );
    const ip = (created.spec as { clusterIP: string }).clusterIP;
    const replaced = await registry.update(SERVICES, 'default', 'web', {
      ...service('web', { selector: { app: 'web' }, ports: [{ port: 8080 }] }),
      metadata: { name: 'web', resourceVersion: created.metadata.resourceVersion },
    } as KubeObject);
    expect((replaced.spec as { clusterIP: string }).clusterIP).toBe(ip);
    expect(
      await rejection(
        registry.update(SERVICES, 'default', 'web', {
          ...replaced,
          spec: { ...(replaced.spec as object), clusterIP: '10.96.5.5', clusterIPs: ['10.96.5.5'] },
        }),
      ),
    ).toBe(
      'Service "web" is invalid: spec.clusterIPs[0]: Invalid value: []string{"10.96.5.5"}: may not change once set',
    );
  });
});
