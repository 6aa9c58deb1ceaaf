import { describe, expect, it } from 'vitest';
import { Registry } from '../apiserver/registry/registry.js';
import { findResource, type ResourceInfo } from '../apiserver/resources.js';
import { bootstrapCluster } from '../bootstrap.js';
import type { KubeObject } from '../kube-object.js';
import { Store } from '../store/index.js';
import { Authorizer } from './authorizer.js';
import { forbidden } from './forbidden.js';
import { storageRbacSource } from './rbac-authorizer.js';
import type { RequestAttributes } from './request-attributes.js';
import { ClusterRoleAggregator } from './role-aggregation.js';
import { ADMIN_USER, serviceAccountGroups, type UserInfo } from './user-info.js';

const RBAC = 'rbac.authorization.k8s.io';
const info = (resource: string) => findResource(RBAC, 'v1', resource) as ResourceInfo;

const sa: UserInfo = {
  name: 'system:serviceaccount:default:default',
  groups: [...serviceAccountGroups('default'), 'system:authenticated'],
};

function can(
  user: UserInfo,
  verb: string,
  resource: string,
  extra: Partial<RequestAttributes> = {},
): RequestAttributes {
  const [res = '', subresource = ''] = resource.split('/');
  return {
    user,
    verb,
    resourceRequest: true,
    path: '',
    namespace: 'default',
    apiGroup: '',
    apiVersion: 'v1',
    resource: res,
    subresource,
    name: '',
    ...extra,
  };
}

type RbacObject = { kind: string; metadata: KubeObject['metadata']; [field: string]: unknown };

async function cluster() {
  const now = new Date('2026-01-01T00:00:00Z');
  const registry = new Registry(Store.memory(), () => now);
  // The system namespaces, the nodes and the default RBAC policy, as at every start.
  await bootstrapCluster(registry, now);
  const authorizer = new Authorizer(storageRbacSource(registry.storage));
  const create = (resource: string, namespace: string, object: RbacObject) =>
    registry.create(info(resource), namespace, { apiVersion: `${RBAC}/v1`, ...object });
  return { registry, authorizer, create };
}

const saBinding = (name: string, roleKind: string, role: string) => ({
  kind: 'RoleBinding',
  metadata: { name },
  roleRef: { apiGroup: RBAC, kind: roleKind, name: role },
  subjects: [{ kind: 'ServiceAccount', name: 'default' }],
});

describe('RBAC over the default policy', () => {
  it('lets every authenticated user discover the API and review itself, nothing more', async () => {
    const { authorizer } = await cluster();
    const path = (p: string): RequestAttributes => ({
      ...can(sa, 'get', ''),
      resourceRequest: false,
      path: p,
      namespace: '',
    });
    expect(authorizer.authorize(path('/apis/apps/v1')).allowed).toBe(true);
    expect(authorizer.authorize(path('/version')).allowed).toBe(true);
    expect(authorizer.authorize(path('/pod-course/v1/clock')).allowed).toBe(false);
    const review = can(sa, 'create', 'selfsubjectaccessreviews', {
      apiGroup: 'authorization.k8s.io',
      namespace: '',
    });
    expect(authorizer.authorize(review)).toEqual({
      allowed: true,
      reason:
        'RBAC: allowed by ClusterRoleBinding "system:basic-user" of ClusterRole "system:basic-user" to Group "system:authenticated"',
    });
    expect(authorizer.authorize(can(sa, 'list', 'pods'))).toEqual({ allowed: false, reason: '' });
  });

  it('grants view through a RoleBinding in that namespace only', async () => {
    const { authorizer, create } = await cluster();
    await create('rolebindings', 'default', saBinding('sa-view', 'ClusterRole', 'view'));
    expect(authorizer.authorize(can(sa, 'list', 'pods'))).toEqual({
      allowed: true,
      reason:
        'RBAC: allowed by RoleBinding "sa-view/default" of ClusterRole "view" to ServiceAccount "default/default"',
    });
    expect(authorizer.authorize(can(sa, 'get', 'pods/log', { name: 'web' })).allowed).toBe(true);
    expect(
      authorizer.authorize(can(sa, 'list', 'pods', { namespace: 'kube-system' })).allowed,
    ).toBe(false);
    expect(authorizer.authorize(can(sa, 'list', 'pods', { namespace: '' })).allowed).toBe(false);
    expect(authorizer.authorize(can(sa, 'create', 'pods/exec', { name: 'web' })).allowed).toBe(
      false,
    );
    expect(authorizer.authorize(can(sa, 'list', 'secrets')).allowed).toBe(false);
  });

  it('aggregates view into edit and edit into admin', async () => {
    const { authorizer, create } = await cluster();
    const user = (name: string): UserInfo => ({ name, groups: ['system:authenticated'] });
    for (const role of ['view', 'edit', 'admin']) {
      await create('rolebindings', 'default', {
        kind: 'RoleBinding',
        metadata: { name: role },
        roleRef: { apiGroup: RBAC, kind: 'ClusterRole', name: role },
        subjects: [{ kind: 'User', apiGroup: RBAC, name: role }],
      });
    }
    const allowed = (who: string, verb: string, resource: string, group = '') =>
      authorizer.authorize(can(user(who), verb, resource, { apiGroup: group })).allowed;
    expect([allowed('view', 'get', 'pods'), allowed('edit', 'get', 'pods')]).toEqual([true, true]);
    expect([
      allowed('view', 'create', 'pods/exec'),
      allowed('edit', 'create', 'pods/exec'),
    ]).toEqual([false, true]);
    expect([
      allowed('edit', 'create', 'roles', RBAC),
      allowed('admin', 'create', 'roles', RBAC),
    ]).toEqual([false, true]);
    expect(allowed('admin', 'get', 'configmaps')).toBe(true);
  });

  it('names a binding to a missing role in the denial, and still uses the others', async () => {
    const { authorizer, create } = await cluster();
    await create('rolebindings', 'default', saBinding('a', 'Role', 'pod-reader'));
    await create('rolebindings', 'default', saBinding('b', 'ClusterRole', 'nope'));
    const denied = can(sa, 'list', 'pods');
    const decision = authorizer.authorize(denied);
    expect(decision).toEqual({
      allowed: false,
      reason: `RBAC: [role.${RBAC} "pod-reader" not found, clusterrole.${RBAC} "nope" not found]`,
    });
    expect(forbidden(denied, decision.reason).status).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: `pods is forbidden: User "system:serviceaccount:default:default" cannot list resource "pods" in API group "" in the namespace "default": ${decision.reason}`,
      reason: 'Forbidden',
      details: { kind: 'pods' },
      code: 403,
    });
    await create('roles', 'default', {
      kind: 'Role',
      metadata: { name: 'pod-reader' },
      rules: [{ verbs: ['list'], apiGroups: [''], resources: ['pods'] }],
    });
    expect(authorizer.authorize(denied).allowed).toBe(true);
  });

  it('lets system:masters do anything, and keeps the kubeconfig admin in even without its binding', async () => {
    const { authorizer, registry } = await cluster();
    const anything = can({ name: 'root', groups: ['system:masters'] }, 'delete', 'nodes', {
      namespace: '',
      name: 'n1',
    });
    expect(authorizer.authorize(anything)).toEqual({ allowed: true, reason: '' });
    const admin = can(ADMIN_USER, 'patch', 'nodes', { namespace: '', name: 'n1' });
    expect(authorizer.authorize(admin).reason).toBe(
      'RBAC: allowed by ClusterRoleBinding "kubeadm:cluster-admins" of ClusterRole "cluster-admin" to Group "kubeadm:cluster-admins"',
    );
    await registry.delete(info('clusterrolebindings'), '', 'kubeadm:cluster-admins');
    expect(authorizer.authorize(admin)).toEqual({ allowed: true, reason: '' });
  });

  it('keeps aggregated roles up to date when a labelled ClusterRole appears', async () => {
    const { authorizer, create, registry } = await cluster();
    await create('rolebindings', 'default', saBinding('sa-view', 'ClusterRole', 'view'));
    const widgets = can(sa, 'list', 'widgets', { apiGroup: 'example.com' });
    expect(authorizer.authorize(widgets).allowed).toBe(false);
    const aggregator = new ClusterRoleAggregator(registry);
    aggregator.start();
    try {
      await create('clusterroles', '', {
        kind: 'ClusterRole',
        metadata: { name: 'widget-viewer', labels: { [`${RBAC}/aggregate-to-view`]: 'true' } },
        rules: [{ verbs: ['list'], apiGroups: ['example.com'], resources: ['widgets'] }],
      });
      await new Promise((resolve) => setImmediate(resolve));
      await aggregator.idle();
      expect(authorizer.authorize(widgets).allowed).toBe(true);
      // edit aggregates view, so the rule reaches it too.
      const edit = registry.storage.get(`clusterroles.${RBAC}`, '', 'edit');
      expect(JSON.stringify(edit?.rules)).toContain('widgets');
    } finally {
      aggregator.stop();
    }
  });
});
