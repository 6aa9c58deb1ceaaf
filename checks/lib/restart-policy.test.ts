import type { V1Pod } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { policyMeaning, restartPolicyOf, restartsAfter } from './restart-policy.js';

const pod = (restartPolicy?: string) => ({ spec: { containers: [], restartPolicy } }) as V1Pod;

describe('restart policy', () => {
  it('reads the policy, Always when absent', () => {
    expect(restartPolicyOf(pod('Never'))).toBe('Never');
    expect(restartPolicyOf(pod('OnFailure'))).toBe('OnFailure');
    expect(restartPolicyOf(pod())).toBe('Always');
  });

  it('restarts after exit 0 only under Always, after a failure under Always and OnFailure', () => {
    const table = (['Always', 'OnFailure', 'Never'] as const).map((p) => [
      p,
      restartsAfter(p, 0),
      restartsAfter(p, 1),
    ]);
    expect(table).toEqual([
      ['Always', true, true],
      ['OnFailure', false, true],
      ['Never', false, false],
    ]);
  });

  it('explains the policy for the exit code in both languages', () => {
    expect(policyMeaning('Always', 0).en).toBe(
      'restartPolicy is Always (the default when the field is left out): after exit code 0 the kubelet restarts the container',
    );
    expect(policyMeaning('Never', 1).en).toBe(
      'restartPolicy is Never: after exit code 1 the kubelet does not restart the container',
    );
    expect(policyMeaning('OnFailure', 1).zh).toContain('restartPolicy 是 OnFailure');
  });
});
