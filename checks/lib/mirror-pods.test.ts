import type { V1Pod } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import type { CheckContext } from './check-context.js';
import { CONFIG_MIRROR, mirrorPods, mirrorRecreated, nodeOwner } from './mirror-pods.js';

/** A context holding fixed pods: the functions only list them. */
function holding(pods: V1Pod[]): CheckContext {
  return { namespace: 'default', list: async () => pods } as unknown as CheckContext;
}

function mirror(created: string, startedAt: string): V1Pod {
  return {
    metadata: {
      name: 'static-web-pod-course-worker',
      creationTimestamp: created as unknown as Date,
      annotations: { [CONFIG_MIRROR]: 'abc' },
      ownerReferences: [
        { apiVersion: 'v1', kind: 'Node', name: 'pod-course-worker', uid: 'n1', controller: true },
      ],
    },
    status: {
      containerStatuses: [
        {
          name: 'web',
          image: 'nginx:1.27',
          imageID: '',
          ready: true,
          restartCount: 0,
          state: { running: { startedAt: startedAt as unknown as Date } },
        },
      ],
    },
  };
}

describe('mirror pods', () => {
  it('finds only annotated <name>-<node> pods, and their Node', async () => {
    const plain: V1Pod = { metadata: { name: 'static-web' } };
    const found = await mirrorPods(
      holding([plain, mirror('2026-01-01T00:00:00Z', '2026-01-01T00:00:01Z')]),
      'static-web',
    );
    expect(found.map((p) => p.metadata?.name)).toEqual(['static-web-pod-course-worker']);
    expect(nodeOwner(found[0] as V1Pod)).toBe('pod-course-worker');
  });

  it('a mirror made before its container started has not been replaced', async () => {
    const ctx = holding([mirror('2026-01-01T00:00:00Z', '2026-01-01T00:00:01Z')]);
    const result = await mirrorRecreated(ctx, 'static-web');
    expect(result.passed).toBe(false);
  });

  it('a mirror younger than its running container was made again', async () => {
    const ctx = holding([mirror('2026-01-01T00:05:00Z', '2026-01-01T00:00:01Z')]);
    const result = await mirrorRecreated(ctx, 'static-web');
    expect(result.passed).toBe(true);
  });
});
