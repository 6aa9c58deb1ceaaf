/** RoleBinding, ClusterRoleBinding and Lease printers (1.32 columns). */
import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../kube-object.js';
import { leasePrinter } from './lease-printer.js';
import { clusterRoleBindingPrinter, roleBindingPrinter } from './rbac-printers.js';

const NOW = Date.parse('2026-11-23T12:00:00Z');
const CREATED = '2026-11-23T11:59:00Z'; // 60s before NOW

function make(kind: string, fields: Record<string, unknown>, apiVersion = 'v1'): KubeObject {
  return {
    apiVersion,
    kind,
    metadata: { name: 'x', namespace: 'default', creationTimestamp: CREATED },
    ...fields,
  };
}

const names = (printer: { columns: readonly { name: string; priority: number }[] }) =>
  printer.columns.map((c) => (c.priority ? `${c.name}(p1)` : c.name));

describe('rbac binding printers', () => {
  const subjects = [
    { kind: 'User', name: 'alice', apiGroup: 'rbac.authorization.k8s.io' },
    { kind: 'User', name: 'bob', apiGroup: 'rbac.authorization.k8s.io' },
    { kind: 'Group', name: 'devs', apiGroup: 'rbac.authorization.k8s.io' },
    { kind: 'ServiceAccount', name: 'default', namespace: 'kube-system' },
  ];

  it('rolebindings: Name, Role, Age, then Users, Groups, ServiceAccounts wide-only', () => {
    expect(names(roleBindingPrinter)).toEqual([
      'Name',
      'Role',
      'Age',
      'Users(p1)',
      'Groups(p1)',
      'ServiceAccounts(p1)',
    ]);
    const rb = make(
      'RoleBinding',
      {
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'pod-reader' },
        subjects,
      },
      'rbac.authorization.k8s.io/v1',
    );
    expect(roleBindingPrinter.row(rb, NOW).cells).toEqual([
      'x',
      'Role/pod-reader',
      '60s',
      'alice, bob',
      'devs',
      'kube-system/default',
    ]);
  });

  it('clusterrolebindings: same columns, empty subject lists print empty', () => {
    expect(names(clusterRoleBindingPrinter)).toEqual(names(roleBindingPrinter));
    expect(clusterRoleBindingPrinter.columns[3]?.description).toBe(
      'Users in the clusterRoleBinding',
    );
    const crb = make(
      'ClusterRoleBinding',
      { roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view' } },
      'rbac.authorization.k8s.io/v1',
    );
    expect(clusterRoleBindingPrinter.row(crb, NOW).cells).toEqual([
      'x',
      'ClusterRole/view',
      '60s',
      '',
      '',
      '',
    ]);
  });
});

describe('lease printer', () => {
  it('Name, Holder, Age; the holder is empty while unheld', () => {
    expect(names(leasePrinter)).toEqual(['Name', 'Holder', 'Age']);
    const held = make('Lease', { spec: { holderIdentity: 'node01' } }, 'coordination.k8s.io/v1');
    expect(leasePrinter.row(held, NOW).cells).toEqual(['x', 'node01', '60s']);
    expect(leasePrinter.row(make('Lease', { spec: {} }), NOW).cells).toEqual(['x', '', '60s']);
  });
});
