import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../kube-object.js';
import { propagationFinalizers } from '../registry/deletion.js';
import { findResource, type ResourceInfo } from '../resources.js';
import { ApiError } from '../status.js';
import { propagationOptions } from './propagation-policy.js';

const DEPLOYMENTS = findResource('apps', 'v1', 'deployments') as ResourceInfo;
const object = (finalizers?: string[]): KubeObject => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', ...(finalizers ? { finalizers } : {}) },
});

describe('deletion propagation', () => {
  it('turns Orphan and Foreground into the garbage collector’s finalizers', () => {
    expect(propagationFinalizers(DEPLOYMENTS, object(), 'Orphan', undefined)).toEqual(['orphan']);
    expect(propagationFinalizers(DEPLOYMENTS, object(['a.io/x']), 'Foreground', undefined)).toEqual(
      ['a.io/x', 'foregroundDeletion'],
    );
    expect(propagationFinalizers(DEPLOYMENTS, object(), 'Background', undefined)).toBeUndefined();
    expect(propagationFinalizers(DEPLOYMENTS, object(['orphan']), 'Background', undefined)).toEqual(
      [],
    );
    expect(propagationFinalizers(DEPLOYMENTS, object(), undefined, true)).toEqual(['orphan']);
    // No policy: a finalizer already there stands.
    expect(
      propagationFinalizers(DEPLOYMENTS, object(['orphan']), undefined, undefined),
    ).toBeUndefined();
  });

  it('refuses an unknown policy, or both fields, as ValidateDeleteOptions does', () => {
    expect(propagationOptions('Orphan', undefined)).toEqual({ propagationPolicy: 'Orphan' });
    const refused = (policy: string | undefined, orphan: boolean | undefined) => {
      try {
        propagationOptions(policy, orphan);
      } catch (error) {
        return (error as ApiError).status;
      }
      return undefined;
    };
    expect(refused('Sideways', undefined)).toMatchObject({
      code: 422,
      reason: 'Invalid',
      message:
        'DeleteOptions.meta.k8s.io "" is invalid: propagationPolicy: Unsupported value: "Sideways": supported values: "Foreground", "Background", "Orphan", "nil"',
      details: { group: 'meta.k8s.io', kind: 'DeleteOptions' },
    });
    expect(refused('Orphan', true)?.message).toBe(
      'DeleteOptions.meta.k8s.io "" is invalid: propagationPolicy: Invalid value: "Orphan": orphanDependents and deletionPropagation cannot be both set',
    );
    expect(ApiError).toBeDefined();
  });
});
