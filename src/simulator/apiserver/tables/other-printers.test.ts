/**
 * Printers for namespaces, secrets, configmaps, serviceaccounts, services, deployments and
 * replicasets, plus the label selector spelling they share.
 */
import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../kube-object.js';
import { deploymentPrinter, replicaSetPrinter } from './apps-printers.js';
import {
  configMapPrinter,
  namespacePrinter,
  secretPrinter,
  serviceAccountPrinter,
  servicePrinter,
} from './core-printers.js';
import { formatLabelSelector, formatLabels, labelSelectorString } from './selector-format.js';

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

describe('simple core printers', () => {
  it('namespaces: Name, Status (phase), Age', () => {
    expect(names(namespacePrinter)).toEqual(['Name', 'Status', 'Age']);
    expect(
      namespacePrinter.row(make('Namespace', { status: { phase: 'Terminating' } }), NOW).cells,
    ).toEqual(['x', 'Terminating', '60s']);
  });

  it('secrets: Type (Opaque when empty) and the number of data keys as an integer', () => {
    expect(names(secretPrinter)).toEqual(['Name', 'Type', 'Data', 'Age']);
    const secret = make('Secret', {
      type: 'kubernetes.io/tls',
      data: { 'tls.crt': 'YQ==', 'tls.key': 'Yg==' },
    });
    expect(secretPrinter.row(secret, NOW).cells).toEqual(['x', 'kubernetes.io/tls', 2, '60s']);
    expect(secretPrinter.row(make('Secret', {}), NOW).cells).toEqual(['x', 'Opaque', 0, '60s']);
  });

  it('configmaps: Data counts data and binaryData', () => {
    expect(names(configMapPrinter)).toEqual(['Name', 'Data', 'Age']);
    const cm = make('ConfigMap', { data: { a: '1', b: '2' }, binaryData: { c: 'AA==' } });
    expect(configMapPrinter.row(cm, NOW).cells).toEqual(['x', 3, '60s']);
  });

  it('serviceaccounts: Secrets counts the secrets list', () => {
    expect(names(serviceAccountPrinter)).toEqual(['Name', 'Secrets', 'Age']);
    expect(serviceAccountPrinter.row(make('ServiceAccount', {}), NOW).cells).toEqual([
      'x',
      0,
      '60s',
    ]);
  });

  it('services: cluster IP, external IPs, ports and selector', () => {
    expect(names(servicePrinter)).toEqual([
      'Name',
      'Type',
      'Cluster-IP',
      'External-IP',
      'Port(s)',
      'Age',
      'Selector(p1)',
    ]);
    const clusterIP = make('Service', {
      spec: {
        type: 'ClusterIP',
        clusterIP: '10.96.0.12',
        clusterIPs: ['10.96.0.12'],
        ports: [
          { port: 80, protocol: 'TCP' },
          { port: 53, protocol: 'UDP' },
        ],
        selector: { tier: 'fe', app: 'web' },
      },
    });
    expect(servicePrinter.row(clusterIP, NOW).cells).toEqual([
      'x',
      'ClusterIP',
      '10.96.0.12',
      '<none>',
      '80/TCP,53/UDP',
      '60s',
      'app=web,tier=fe',
    ]);
    const lb = make('Service', {
      spec: {
        type: 'LoadBalancer',
        clusterIP: 'None',
        ports: [{ port: 80, nodePort: 30080, protocol: 'TCP' }],
      },
    });
    expect(servicePrinter.row(lb, NOW).cells.slice(1, 5)).toEqual([
      'LoadBalancer',
      'None',
      '<pending>',
      '80:30080/TCP',
    ]);
    const lbReady = make('Service', {
      spec: { type: 'LoadBalancer', externalIPs: ['1.2.3.4'] },
      status: { loadBalancer: { ingress: [{ ip: '5.6.7.8' }, { hostname: 'a.example' }] } },
    });
    expect(servicePrinter.row(lbReady, NOW).cells.slice(2, 5)).toEqual([
      '<none>',
      '5.6.7.8,a.example,1.2.3.4',
      '<none>',
    ]);
    const ext = make('Service', { spec: { type: 'ExternalName', externalName: 'db.example.com' } });
    expect(servicePrinter.row(ext, NOW).cells[3]).toBe('db.example.com');
  });
});

describe('apps printers', () => {
  const template = {
    metadata: { labels: { app: 'web' } },
    spec: {
      containers: [
        { name: 'nginx', image: 'nginx:1.27' },
        { name: 'side', image: 'busybox' },
      ],
    },
  };

  it('deployments: Ready from readyReplicas/replicas, integer cells, wide template columns', () => {
    expect(names(deploymentPrinter)).toEqual([
      'Name',
      'Ready',
      'Up-to-date',
      'Available',
      'Age',
      'Containers(p1)',
      'Images(p1)',
      'Selector(p1)',
    ]);
    const deployment = make(
      'Deployment',
      {
        spec: { replicas: 3, selector: { matchLabels: { app: 'web' } }, template },
        status: { replicas: 4, updatedReplicas: 1, readyReplicas: 4, availableReplicas: 4 },
      },
      'apps/v1',
    );
    expect(deploymentPrinter.row(deployment, NOW).cells).toEqual([
      'x',
      '4/3',
      1,
      4,
      '60s',
      'nginx,side',
      'nginx:1.27,busybox',
      'app=web',
    ]);
    const fresh = make('Deployment', { spec: { template } }, 'apps/v1');
    expect(deploymentPrinter.row(fresh, NOW).cells.slice(1, 4)).toEqual(['0/1', 0, 0]);
    expect(deploymentPrinter.row(fresh, NOW).cells[7]).toBe('');
  });

  it('replicasets: Desired, Current, Ready as integers and a FormatLabelSelector selector', () => {
    expect(names(replicaSetPrinter)).toEqual([
      'Name',
      'Desired',
      'Current',
      'Ready',
      'Age',
      'Containers(p1)',
      'Images(p1)',
      'Selector(p1)',
    ]);
    expect(replicaSetPrinter.columns.slice(1, 4).map((c) => c.type)).toEqual([
      'integer',
      'integer',
      'integer',
    ]);
    const rs = make(
      'ReplicaSet',
      {
        spec: {
          replicas: 3,
          selector: { matchLabels: { app: 'web', 'pod-template-hash': '7c5ddbdf54' } },
          template,
        },
        status: { replicas: 3, readyReplicas: 2 },
      },
      'apps/v1',
    );
    expect(replicaSetPrinter.row(rs, NOW).cells).toEqual([
      'x',
      3,
      3,
      2,
      '60s',
      'nginx,side',
      'nginx:1.27,busybox',
      'app=web,pod-template-hash=7c5ddbdf54',
    ]);
    expect(
      replicaSetPrinter.row(make('ReplicaSet', { spec: { replicas: 0 } }), NOW).cells.slice(1, 4),
    ).toEqual([0, 0, 0]);
    expect(replicaSetPrinter.row(make('ReplicaSet', { spec: {} }), NOW).cells[7]).toBe('<none>');
  });
});

describe('label selector spelling', () => {
  it('sorts requirements by key and spells every operator', () => {
    expect(
      labelSelectorString({
        matchLabels: { tier: 'fe', app: 'web' },
        matchExpressions: [
          { key: 'env', operator: 'In', values: ['prod', 'dev'] },
          { key: 'zone', operator: 'NotIn', values: ['b'] },
          { key: 'canary', operator: 'DoesNotExist' },
          { key: 'owner', operator: 'Exists', values: [] },
        ],
      }),
    ).toBe('app=web,!canary,env in (dev,prod),owner,tier=fe,zone notin (b)');
  });

  it('empty selectors print empty, invalid ones are reported', () => {
    expect(labelSelectorString(undefined)).toBe('');
    expect(labelSelectorString({})).toBe('');
    expect(labelSelectorString({ matchExpressions: [{ key: 'a', operator: 'Bogus' }] })).toBeNull();
    expect(
      labelSelectorString({ matchExpressions: [{ key: 'a', operator: 'In', values: [] }] }),
    ).toBeNull();
    expect(
      formatLabelSelector({ matchExpressions: [{ key: 'a', operator: 'Exists', values: ['x'] }] }),
    ).toBe('<error>');
    expect(formatLabelSelector({})).toBe('<none>');
    expect(formatLabels({})).toBe('<none>');
    expect(formatLabels({ b: '2', a: '1' })).toBe('a=1,b=2');
  });

  it('a deployment with an invalid selector prints <invalid>', () => {
    const d = make(
      'Deployment',
      { spec: { selector: { matchExpressions: [{ key: 'a', operator: 'Nope' }] } } },
      'apps/v1',
    );
    expect(deploymentPrinter.row(d, NOW).cells[7]).toBe('<invalid>');
  });
});
