/**
 * `resourceFieldRef` numbers (pod-facts §5.5): the container's request or limit over the
 * divisor, rounded up; a missing limit is the node's allocatable amount, a missing request 0.
 */
import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../kube-object.js';
import { resourceFieldValue } from './resource-field-ref.js';

const pod = (resources: Record<string, unknown> = {}): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'p', namespace: 'default' },
  spec: { containers: [{ name: 'app', image: 'busybox', resources }] },
});

const limited = pod({
  requests: { cpu: '125m', memory: '32Mi' },
  limits: { cpu: '250m', memory: '64Mi' },
});

const value = (p: KubeObject, resource: string, divisor?: string) =>
  resourceFieldValue(p, { containerName: 'app', resource, ...(divisor ? { divisor } : {}) });

describe('resourceFieldValue', () => {
  it('rounds a fraction of the default divisor 1 up (125m cpu → 1)', () => {
    expect(value(limited, 'requests.cpu')).toBe('1');
    expect(value(limited, 'limits.cpu')).toBe('1');
    expect(value(limited, 'requests.memory')).toBe('33554432');
    expect(value(limited, 'limits.memory')).toBe('67108864');
  });

  it('divides by the divisor: 1m for cpu, 1Mi for memory', () => {
    expect(value(limited, 'limits.cpu', '1m')).toBe('250');
    expect(value(limited, 'requests.cpu', '1m')).toBe('125');
    expect(value(limited, 'limits.memory', '1Mi')).toBe('64');
    expect(value(limited, 'requests.memory', '1k')).toBe('33555');
  });

  it("uses the node's allocatable 2 CPUs and 8129540Ki when no limit is set", () => {
    const bare = pod();
    expect(value(bare, 'limits.cpu')).toBe('2');
    expect(value(bare, 'limits.cpu', '1m')).toBe('2000');
    expect(value(bare, 'limits.memory')).toBe(String(8_129_540 * 1024));
    // 8129540Ki / 1Mi = 7939.0039…, rounded up.
    expect(value(bare, 'limits.memory', '1Mi')).toBe('7940');
    expect(value(bare, 'requests.cpu')).toBe('0');
    expect(value(bare, 'requests.memory')).toBe('0');
  });

  it("reads the env's own container when the ref names none", () => {
    const own = { name: 'other', resources: { limits: { cpu: '1500m' } } };
    expect(resourceFieldValue(limited, { resource: 'limits.cpu' }, own)).toBe('2');
    expect(
      resourceFieldValue(limited, { resource: 'limits.cpu', containerName: 'nope' }),
    ).toBeUndefined();
  });
});
