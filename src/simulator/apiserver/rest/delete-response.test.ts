import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../kube-object.js';
import { findResource } from '../resources.js';
import { deletedStatus } from './delete-response.js';

describe('deletedStatus (finalizeDelete)', () => {
  const object: KubeObject = {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'c', uid: 'u-1' },
  };

  it('names the object by resource, with its uid', () => {
    const info = findResource('', 'v1', 'configmaps');
    if (!info) throw new Error('configmaps are not served');
    expect(deletedStatus(info, object)).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Success',
      details: { name: 'c', kind: 'configmaps', uid: 'u-1' },
    });
  });

  it('carries the group of a non-core resource', () => {
    const info = findResource('rbac.authorization.k8s.io', 'v1', 'roles');
    if (!info) throw new Error('roles are not served');
    expect(deletedStatus(info, object).details).toEqual({
      name: 'c',
      group: 'rbac.authorization.k8s.io',
      kind: 'roles',
      uid: 'u-1',
    });
  });
});
