import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../kube-object.js';
import { ApiError } from '../status.js';
import { humanDuration, parseIncludeObject, renderTable, renderWatchTable } from './index.js';
import type { TableOptions } from './types.js';

const now = new Date('2026-11-23T12:02:05Z');

function pod(name: string, extra: Partial<KubeObject> = {}): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace: 'default',
      uid: `uid-${name}`,
      resourceVersion: '101',
      creationTimestamp: '2026-11-23T12:01:55Z',
      labels: { app: 'web' },
      managedFields: [{ manager: 'kubectl-run', operation: 'Update' }],
    },
    spec: { containers: [{ name: 'c', image: 'nginx' }], nodeName: 'node01' },
    status: {
      phase: 'Running',
      podIP: '10.244.0.2',
      conditions: [{ type: 'Ready', status: 'True' }],
      containerStatuses: [{ name: 'c', ready: true, restartCount: 0, state: { running: {} } }],
    },
    ...extra,
  };
}

const options = (o: Partial<TableOptions> = {}): TableOptions => ({
  now,
  includeObject: 'Metadata',
  resourceVersion: '102',
  ...o,
});

describe('renderTable', () => {
  it('renders the minimal pod table of kubectl-protocol §7 with a PartialObjectMetadata row', () => {
    const table = renderTable('pods', [pod('web')], options());
    expect(table.kind).toBe('Table');
    expect(table.apiVersion).toBe('meta.k8s.io/v1');
    expect(table.metadata).toEqual({ resourceVersion: '102' });
    expect(table.columnDefinitions?.map((c) => c.name)).toEqual([
      'Name',
      'Ready',
      'Status',
      'Restarts',
      'Age',
      'IP',
      'Node',
      'Nominated Node',
      'Readiness Gates',
    ]);
    for (const c of table.columnDefinitions ?? []) {
      expect(Object.keys(c).sort()).toEqual(['description', 'format', 'name', 'priority', 'type']);
    }
    expect(table.rows).toHaveLength(1);
    expect(table.rows[0]?.cells).toEqual([
      'web',
      '1/1',
      'Running',
      '0',
      '10s',
      '10.244.0.2',
      'node01',
      '<none>',
      '<none>',
    ]);
    expect(table.rows[0]?.object).toEqual({
      kind: 'PartialObjectMetadata',
      apiVersion: 'meta.k8s.io/v1',
      metadata: pod('web').metadata,
    });
    expect(table.rows[0]).not.toHaveProperty('conditions');
  });

  it('carries the full object for includeObject=Object and nothing for None', () => {
    const p = pod('web');
    expect(renderTable('pods', [p], options({ includeObject: 'Object' })).rows[0]?.object).toEqual(
      p,
    );
    expect(renderTable('pods', [p], options({ includeObject: 'None' })).rows[0]).not.toHaveProperty(
      'object',
    );
  });

  it('returns the continue token and an empty rows array for an empty list', () => {
    const table = renderTable('pods', [], options({ continueToken: 'abc' }));
    expect(table.metadata).toEqual({ resourceVersion: '102', continue: 'abc' });
    expect(table.rows).toEqual([]);
    expect(renderTable('pods', [], options({ resourceVersion: '' })).metadata).toEqual({});
  });

  it('adds the Completed row condition for finished pods', () => {
    const done = pod('done', {
      status: {
        phase: 'Succeeded',
        containerStatuses: [
          { name: 'c', state: { terminated: { exitCode: 0, reason: 'Completed' } } },
        ],
      },
    });
    const row = renderTable('pods', [done], options()).rows[0];
    expect(row?.cells[2]).toBe('Completed');
    expect(row?.conditions).toEqual([
      {
        type: 'Completed',
        status: 'True',
        reason: 'Succeeded',
        message: 'The pod has completed successfully.',
      },
    ]);
  });

  it('uses the default Name / Created At table for types without a printer (Roles, ClusterRoles)', () => {
    const role: KubeObject = {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'Role',
      metadata: {
        name: 'pod-reader',
        namespace: 'default',
        creationTimestamp: '2026-11-23T10:00:00Z',
      },
      rules: [],
    };
    for (const resource of [
      'roles.rbac.authorization.k8s.io',
      'clusterroles.rbac.authorization.k8s.io',
      'widgets.example.com',
    ]) {
      const table = renderTable(resource, [role], options());
      expect(table.columnDefinitions?.map((c) => [c.name, c.type, c.format])).toEqual([
        ['Name', 'string', 'name'],
        ['Created At', 'date', ''],
      ]);
      expect(table.rows[0]?.cells).toEqual(['pod-reader', '2026-11-23T10:00:00Z']);
    }
    const noTime: KubeObject = { apiVersion: 'v1', kind: 'X', metadata: { name: 'n' } };
    expect(renderTable('x', [noTime], options()).rows[0]?.cells).toEqual([
      'n',
      '0001-01-01T00:00:00Z',
    ]);
  });

  it('routes each resource to its printer', () => {
    const first = (resource: string) =>
      renderTable(resource, [], options()).columnDefinitions?.map((c) => c.name);
    expect(first('nodes')?.[1]).toBe('Status');
    expect(first('events')?.[0]).toBe('Last Seen');
    expect(first('events.events.k8s.io')?.[0]).toBe('Last Seen');
    expect(first('secrets')).toEqual(['Name', 'Type', 'Data', 'Age']);
    expect(first('configmaps')).toEqual(['Name', 'Data', 'Age']);
    expect(first('serviceaccounts')).toEqual(['Name', 'Secrets', 'Age']);
    expect(first('namespaces')).toEqual(['Name', 'Status', 'Age']);
    expect(first('deployments.apps')?.[1]).toBe('Ready');
    expect(first('replicasets.apps')?.[1]).toBe('Desired');
    expect(first('rolebindings.rbac.authorization.k8s.io')?.[1]).toBe('Role');
    expect(first('clusterrolebindings.rbac.authorization.k8s.io')?.[1]).toBe('Role');
    expect(first('leases.coordination.k8s.io')).toEqual(['Name', 'Holder', 'Age']);
    expect(first('services')?.[2]).toBe('Cluster-IP');
  });

  it('hands out fresh column definitions each time', () => {
    const a = renderTable('pods', [], options());
    a.columnDefinitions?.splice(0);
    expect(renderTable('pods', [], options()).columnDefinitions).toHaveLength(9);
  });
});

describe('renderWatchTable', () => {
  it('sends column definitions only when asked, null otherwise', () => {
    const first = renderWatchTable('pods', pod('web'), options(), true);
    const later = renderWatchTable('pods', pod('web'), options(), false);
    expect(first.columnDefinitions).toHaveLength(9);
    expect(later.columnDefinitions).toBeNull();
    expect(later.rows).toHaveLength(1);
    expect(JSON.parse(JSON.stringify(later))).toMatchObject({ columnDefinitions: null });
  });

  it("uses the object's resourceVersion like the real server", () => {
    const p = pod('web');
    p.metadata.resourceVersion = '205';
    expect(renderWatchTable('pods', p, options(), true).metadata).toEqual({
      resourceVersion: '205',
    });
    delete p.metadata.resourceVersion;
    expect(renderWatchTable('pods', p, options(), true).metadata).toEqual({
      resourceVersion: '102',
    });
  });

  it('renders a deleting pod as Terminating', () => {
    const p = pod('web');
    p.metadata.deletionTimestamp = '2026-11-23T12:02:35Z';
    expect(renderWatchTable('pods', p, options(), false).rows[0]?.cells[2]).toBe('Terminating');
  });
});

describe('parseIncludeObject', () => {
  it('defaults to Metadata and accepts the three policies', () => {
    expect(parseIncludeObject(null)).toBe('Metadata');
    expect(parseIncludeObject('')).toBe('Metadata');
    expect(parseIncludeObject('None')).toBe('None');
    expect(parseIncludeObject('Metadata')).toBe('Metadata');
    expect(parseIncludeObject('Object')).toBe('Object');
  });

  it('rejects anything else with a 400 BadRequest', () => {
    let error: unknown;
    try {
      parseIncludeObject('object');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status).toMatchObject({
      kind: 'Status',
      status: 'Failure',
      reason: 'BadRequest',
      code: 400,
      message: 'unrecognized includeObject value: "object"',
    });
    expect(() => parseIncludeObject('a"b\n')).toThrow(
      'unrecognized includeObject value: "a\\"b\\n"',
    );
  });
});

describe('public humanDuration', () => {
  it('is exported from the index', () => {
    expect(humanDuration(125_000)).toBe('2m5s');
  });
});
