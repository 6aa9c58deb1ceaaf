import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../kube-object.js';
import { memoryLimitBytes, podMemoryLimitBytes } from './memory-limits.js';

const limited = (name: string, memory?: string, extra: Record<string, unknown> = {}) => ({
  name,
  ...(memory ? { resources: { limits: { memory } } } : {}),
  ...extra,
});
const pod = (spec: Record<string, unknown>): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'p' },
  spec,
});

describe('memory limits', () => {
  it('reads a container’s limit in bytes', () => {
    expect(memoryLimitBytes(limited('a', '64Mi'))).toBe(64 * 1024 * 1024);
    expect(memoryLimitBytes(limited('a', '1G'))).toBe(1e9);
    expect(memoryLimitBytes(limited('a'))).toBeUndefined();
  });

  it('limits the pod to the sum of its containers, or its largest init container', () => {
    expect(
      podMemoryLimitBytes(pod({ containers: [limited('a', '64Mi'), limited('b', '32Mi')] })),
    ).toBe(96 * 1024 * 1024);
    expect(
      podMemoryLimitBytes(
        pod({
          initContainers: [
            limited('init', '200Mi'),
            limited('side', '16Mi', { restartPolicy: 'Always' }),
          ],
          containers: [limited('a', '64Mi')],
        }),
      ),
    ).toBe(200 * 1024 * 1024);
    // One unlimited container: no pod-level limit at all.
    expect(
      podMemoryLimitBytes(pod({ containers: [limited('a', '64Mi'), limited('b')] })),
    ).toBeUndefined();
  });
});
