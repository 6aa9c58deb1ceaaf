import { describe, expect, it } from 'vitest';
import { memoryCluster } from '../events/memory-cluster.test-support.js';
import { findResource, type ResourceInfo } from './resources.js';
import { ApiError, type FieldError, invalid, invalidObject, qualifiedKind } from './status.js';

const REQUIRED: FieldError = {
  field: 'spec.selector',
  reason: 'FieldValueRequired',
  body: 'Required value',
};

describe('422 Invalid (apierrors.NewInvalid)', () => {
  it('names the kind with its group, as schema.GroupKind prints it', () => {
    expect(qualifiedKind('Pod', '')).toBe('Pod');
    expect(qualifiedKind('Deployment', 'apps')).toBe('Deployment.apps');
    expect(invalidObject('Deployment', 'apps', 'web', [REQUIRED]).status).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'Deployment.apps "web" is invalid: spec.selector: Required value',
      reason: 'Invalid',
      details: {
        name: 'web',
        group: 'apps',
        kind: 'Deployment',
        causes: [
          { reason: 'FieldValueRequired', message: 'Required value', field: 'spec.selector' },
        ],
      },
      code: 422,
    });
    // Core kinds have nothing to add; `invalid` keeps the bare kind for callers that need it.
    expect(invalidObject('Pod', '', 'p', [REQUIRED]).message).toBe(
      invalid('Pod', '', 'p', [REQUIRED]).message,
    );
    expect(invalid('Deployment', 'apps', 'web', [REQUIRED]).message).toBe(
      'Deployment "web" is invalid: spec.selector: Required value',
    );
  });

  it('is what the registry answers for apps, rbac and discovery objects', async () => {
    const { registry } = await memoryCluster();
    const info = (group: string, resource: string) =>
      findResource(group, 'v1', resource) as ResourceInfo;
    const refused = async (group: string, resource: string, object: object) => {
      const error = await registry
        .create(info(group, resource), 'default', object as never)
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ApiError);
      return (error as ApiError).message;
    };
    expect(
      await refused('apps', 'deployments', {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'web' },
        spec: { template: { spec: { containers: [{ name: 'c', image: 'nginx' }] } } },
      }),
    ).toMatch(/^Deployment\.apps "web" is invalid: \[?spec\.selector: Required value/);
    expect(
      await refused('rbac.authorization.k8s.io', 'roles', {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'Role',
        metadata: { name: 'half' },
        rules: [{ resources: ['pods'] }],
      }),
    ).toMatch(/^Role\.rbac\.authorization\.k8s\.io "half" is invalid: \[rules\[0\]\.verbs/);
    expect(
      await refused('discovery.k8s.io', 'endpointslices', {
        apiVersion: 'discovery.k8s.io/v1',
        kind: 'EndpointSlice',
        metadata: { name: 'Bad_Name' },
        addressType: 'IPv4',
        endpoints: [],
      }),
    ).toMatch(/^EndpointSlice\.discovery\.k8s\.io "Bad_Name" is invalid: metadata\.name/);
  });
});
