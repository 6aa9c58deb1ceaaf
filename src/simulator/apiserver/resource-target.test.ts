import { describe, expect, it } from 'vitest';
import { allowedMethods, resolveResourcePath } from './resource-target.js';

const methods = (path: string) => {
  const target = resolveResourcePath(path);
  if (!target) throw new Error(`${path} did not resolve`);
  return [...allowedMethods(target)].sort();
};

describe('resolveResourcePath', () => {
  it('resolves collections, objects and declared subresources', () => {
    expect(resolveResourcePath('/api/v1/namespaces/default/pods/web/log')).toMatchObject({
      namespace: 'default',
      name: 'web',
      subresource: 'log',
    });
    expect(resolveResourcePath('/api/v1/namespaces/default/status')).toMatchObject({
      name: 'default',
      subresource: 'status',
    });
    expect(
      resolveResourcePath('/apis/rbac.authorization.k8s.io/v1/clusterroles/admin'),
    ).toMatchObject({ name: 'admin' });
  });

  it('matches no route for undeclared subresources and deeper paths', () => {
    for (const path of [
      '/api/v1/namespaces/default/nope',
      '/api/v1/namespaces/default/pods/web/nope',
      '/api/v1/namespaces/default/configmaps/c/status',
      '/api/v1/nodes/n/proxy',
      '/api/v1/pods/web',
      '/api/v2/pods',
    ]) {
      expect(resolveResourcePath(path), path).toBeUndefined();
    }
  });
});

describe('allowedMethods: the routes a real API server registers', () => {
  it('collections: list/watch, create and deletecollection where the resource has them', () => {
    expect(methods('/api/v1/namespaces/default/pods')).toEqual(['DELETE', 'GET', 'POST']);
    expect(methods('/api/v1/namespaces')).toEqual(['GET', 'POST']);
    expect(methods('/api/v1/pods')).toEqual(['GET']);
    expect(methods('/api/v1/watch/namespaces/default/pods')).toEqual(['GET']);
  });

  it('objects and subresources', () => {
    expect(methods('/api/v1/namespaces/default/pods/web')).toEqual([
      'DELETE',
      'GET',
      'PATCH',
      'PUT',
    ]);
    expect(methods('/api/v1/namespaces/default/pods/web/status')).toEqual(['GET', 'PATCH', 'PUT']);
    expect(methods('/api/v1/namespaces/default/pods/web/exec')).toEqual(['GET', 'POST']);
    expect(methods('/api/v1/namespaces/default/pods/web/log')).toEqual(['GET']);
    expect(methods('/api/v1/namespaces/default/pods/web/binding')).toEqual(['POST']);
    expect(methods('/api/v1/namespaces/default/finalize')).toEqual(['PUT']);
  });
});
