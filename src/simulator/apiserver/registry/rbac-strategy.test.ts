import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../kube-object.js';
import { findResource } from '../resources.js';
import { defaultBinding, rbacStrategy, validateRoleRefUpdate } from './rbac-strategy.js';

const GROUP = 'rbac.authorization.k8s.io';

function binding(roleRef: Record<string, unknown>, subjects: unknown[] = []): KubeObject {
  return {
    apiVersion: `${GROUP}/v1`,
    kind: 'RoleBinding',
    metadata: { name: 'b', namespace: 'default' },
    roleRef,
    subjects,
  };
}

describe('RBAC defaults and validation', () => {
  it('defaults roleRef.apiGroup and the apiGroup of User and Group subjects only', () => {
    const object = binding({ kind: 'Role', name: 'r' }, [
      { kind: 'User', name: 'u' },
      { kind: 'Group', name: 'g' },
      { kind: 'ServiceAccount', name: 's' },
    ]);
    defaultBinding(object);
    expect(object.roleRef).toEqual({ apiGroup: GROUP, kind: 'Role', name: 'r' });
    expect(object.subjects).toEqual([
      { kind: 'User', name: 'u', apiGroup: GROUP },
      { kind: 'Group', name: 'g', apiGroup: GROUP },
      { kind: 'ServiceAccount', name: 's' },
    ]);
  });

  it('refuses a new roleRef, printing it as Go %#v', () => {
    const old = binding({ apiGroup: GROUP, kind: 'Role', name: 'a' });
    expect(validateRoleRefUpdate(old, old)).toEqual([]);
    expect(
      validateRoleRefUpdate(binding({ apiGroup: GROUP, kind: 'Role', name: 'b' }), old),
    ).toEqual([
      {
        field: 'roleRef',
        reason: 'FieldValueInvalid',
        body: 'Invalid value: rbac.RoleRef{APIGroup:"rbac.authorization.k8s.io", Kind:"Role", Name:"b"}: cannot change roleRef',
      },
    ]);
  });

  it('checks rules of a ClusterRole: non-resource URLs alone are fine cluster-wide', () => {
    const info = findResource(GROUP, 'v1', 'clusterroles');
    const strategy = info && rbacStrategy(info);
    if (!strategy) throw new Error('clusterroles are not served');
    const role = (rules: unknown[]): KubeObject => ({
      apiVersion: `${GROUP}/v1`,
      kind: 'ClusterRole',
      metadata: { name: 'c' },
      rules,
    });
    expect(
      strategy.validateCreate(role([{ verbs: ['get'], nonResourceURLs: ['/healthz'] }])),
    ).toEqual([]);
    expect(
      strategy
        .validateCreate(role([{ verbs: ['get'], nonResourceURLs: ['/x'], resources: ['pods'] }]))
        .map((e) => `${e.field}: ${e.body}`),
    ).toEqual([
      'rules[0].nonResourceURLs: Invalid value: []string{"/x"}: rules cannot apply to both regular resources and non-resource URLs',
    ]);
  });
});
