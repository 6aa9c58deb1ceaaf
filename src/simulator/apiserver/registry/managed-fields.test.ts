import { describe, expect, it } from 'vitest';
import { memoryCluster, PODS } from '../../events/memory-cluster.test-support.js';
import { cloneObject } from '../../kube-object.js';

describe('managedFields', () => {
  it('gives a status write (kubelet) status fields only, whatever metadata the pod has', async () => {
    const cluster = await memoryCluster();
    const pod = await cluster.registry.create(
      PODS,
      'default',
      {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: 'web', labels: { run: 'web' }, annotations: { note: 'x' } },
        spec: { containers: [{ name: 'web', image: 'nginx' }] },
      },
      { fieldManager: 'kubectl-run' },
    );
    const next = cloneObject(pod);
    next.status = { ...(pod.status as object), phase: 'Running', podIP: '10.244.1.5' };
    const written = await cluster.registry.update(PODS, 'default', 'web', next, {
      subresource: 'status',
      fieldManager: 'kubelet',
    });
    const entries = written.metadata.managedFields as {
      manager: string;
      subresource?: string;
      fieldsV1: Record<string, Record<string, unknown>>;
    }[];
    expect(entries.map((e) => [e.manager, e.subresource])).toEqual([
      ['kubectl-run', undefined],
      ['kubelet', 'status'],
    ]);
    expect(Object.keys(entries[0]?.fieldsV1 ?? {})).toEqual(['f:metadata', 'f:spec']);
    expect(Object.keys(entries[1]?.fieldsV1 ?? {})).toEqual(['f:status']);
    expect(entries[1]?.fieldsV1['f:status']).toMatchObject({ 'f:phase': {}, 'f:podIP': {} });
  });
});
