import { describe, expect, it } from 'vitest';
import { type PolicyRule, ruleAllows, rulesOf } from './policy-rules.js';
import { type RequestAttributes, requestInfo } from './request-attributes.js';

const user = { name: 'alice', groups: [] };

function resource(verb: string, res: string, extra: Partial<RequestAttributes> = {}) {
  return {
    user,
    verb,
    resourceRequest: true,
    path: '',
    namespace: 'default',
    apiGroup: '',
    apiVersion: 'v1',
    resource: res,
    subresource: '',
    name: '',
    ...extra,
  } satisfies RequestAttributes;
}

function path(verb: string, p: string): RequestAttributes {
  return { ...resource(verb, ''), resourceRequest: false, path: p, namespace: '' };
}

describe('ruleAllows', () => {
  const reader: PolicyRule = { verbs: ['get', 'list'], apiGroups: [''], resources: ['pods'] };

  it('needs the verb, the API group and the resource to match', () => {
    expect(ruleAllows(resource('list', 'pods'), reader)).toBe(true);
    expect(ruleAllows(resource('delete', 'pods'), reader)).toBe(false);
    expect(ruleAllows(resource('list', 'pods', { apiGroup: 'apps' }), reader)).toBe(false);
    expect(ruleAllows(resource('list', 'secrets'), reader)).toBe(false);
  });

  it('treats a subresource as its own resource unless the rule names it or */sub', () => {
    const exec = resource('create', 'pods', { subresource: 'exec', name: 'web' });
    expect(ruleAllows(exec, reader)).toBe(false);
    expect(ruleAllows(exec, { verbs: ['create'], apiGroups: [''], resources: ['pods/exec'] })).toBe(
      true,
    );
    expect(ruleAllows(exec, { verbs: ['create'], apiGroups: [''], resources: ['*/exec'] })).toBe(
      true,
    );
    expect(ruleAllows(exec, { verbs: ['create'], apiGroups: [''], resources: ['*/log'] })).toBe(
      false,
    );
    expect(ruleAllows(exec, { verbs: ['*'], apiGroups: ['*'], resources: ['*'] })).toBe(true);
  });

  it('limits a rule with resourceNames to those names (and so never to a list)', () => {
    const named: PolicyRule = { ...reader, resourceNames: ['web'] };
    expect(ruleAllows(resource('get', 'pods', { name: 'web' }), named)).toBe(true);
    expect(ruleAllows(resource('get', 'pods', { name: 'db' }), named)).toBe(false);
    expect(ruleAllows(resource('list', 'pods'), named)).toBe(false);
  });

  it('matches non-resource URLs exactly or by a trailing * prefix', () => {
    const discovery: PolicyRule = { verbs: ['get'], nonResourceURLs: ['/api', '/apis/*'] };
    expect(ruleAllows(path('get', '/api'), discovery)).toBe(true);
    expect(ruleAllows(path('get', '/api/v1'), discovery)).toBe(false);
    expect(ruleAllows(path('get', '/apis/rbac.authorization.k8s.io'), discovery)).toBe(true);
    expect(ruleAllows(path('post', '/api'), discovery)).toBe(false);
    // A resource rule never allows a path, nor a URL rule a resource.
    expect(ruleAllows(path('get', '/api'), reader)).toBe(false);
    expect(ruleAllows(resource('get', 'pods'), discovery)).toBe(false);
  });
});

describe('rulesOf', () => {
  it('reads stored rules defensively, keeping only string lists', () => {
    expect(
      rulesOf({ rules: [{ verbs: ['get', 3], apiGroups: [''], resources: 'pods' }, null] }),
    ).toEqual([{ verbs: ['get'], apiGroups: [''] }]);
    expect(rulesOf({ rules: null })).toEqual([]);
  });
});

describe('requestInfo', () => {
  const info = (method: string, url: string) => requestInfo(method, new URL(url, 'https://x'));

  it('tells list, watch and get apart, and finds namespace, name and subresource', () => {
    expect(info('GET', '/api/v1/namespaces/default/pods')).toMatchObject({
      verb: 'list',
      resourceRequest: true,
      namespace: 'default',
      resource: 'pods',
      name: '',
    });
    expect(info('GET', '/api/v1/namespaces/default/pods?watch=true').verb).toBe('watch');
    expect(info('GET', '/api/v1/watch/namespaces/default/pods/web')).toMatchObject({
      verb: 'watch',
      name: 'web',
    });
    expect(info('GET', '/api/v1/pods').namespace).toBe('');
    expect(info('POST', '/api/v1/namespaces/default/pods/web/exec')).toMatchObject({
      verb: 'create',
      resource: 'pods',
      subresource: 'exec',
      name: 'web',
    });
    expect(info('DELETE', '/api/v1/namespaces/default/pods').verb).toBe('deletecollection');
    expect(info('PATCH', '/apis/rbac.authorization.k8s.io/v1/clusterroles/view')).toMatchObject({
      verb: 'patch',
      apiGroup: 'rbac.authorization.k8s.io',
      resource: 'clusterroles',
      name: 'view',
      namespace: '',
    });
  });

  it('takes a namespace as its own namespace, and its status as a subresource', () => {
    expect(info('GET', '/api/v1/namespaces/kube-system')).toMatchObject({
      namespace: 'kube-system',
      resource: 'namespaces',
      name: 'kube-system',
    });
    expect(info('PUT', '/api/v1/namespaces/x/finalize')).toMatchObject({
      resource: 'namespaces',
      name: 'x',
      subresource: 'finalize',
    });
  });

  it('names the object of a list or watch by metadata.name', () => {
    expect(
      info('GET', '/api/v1/namespaces/default/pods?fieldSelector=metadata.name%3Dweb&watch=1'),
    ).toMatchObject({ verb: 'watch', name: 'web' });
    expect(
      info('GET', '/api/v1/namespaces/default/pods?fieldSelector=metadata.name!%3Dweb').name,
    ).toBe('');
  });

  it('leaves discovery and health paths as non-resource requests', () => {
    for (const p of ['/api', '/api/v1', '/apis', '/apis/apps/v1', '/version', '/openapi/v3']) {
      expect(info('GET', p)).toMatchObject({ resourceRequest: false, verb: 'get', path: p });
    }
  });
});
