import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../kube-object.js';
import { nodePrinter, nodeRoles } from './node-printer.js';

const NOW = Date.parse('2026-11-23T12:00:00Z');

function makeNode(
  conditions: unknown[],
  extra: { labels?: Record<string, string>; unschedulable?: boolean; status?: object } = {},
): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name: 'node01',
      creationTimestamp: '2026-11-20T12:00:00Z',
      labels: extra.labels ?? {},
    },
    spec: extra.unschedulable ? { unschedulable: true } : {},
    status: { conditions, ...extra.status },
  };
}

const ready = (status: string) => ({ type: 'Ready', status, reason: 'KubeletReady' });

describe('node printer', () => {
  it('has the 1.32 columns', () => {
    expect(nodePrinter.columns.map((c) => `${c.name}:${c.priority}`)).toEqual([
      'Name:0',
      'Status:0',
      'Roles:0',
      'Age:0',
      'Version:0',
      'Internal-IP:1',
      'External-IP:1',
      'OS-Image:1',
      'Kernel-Version:1',
      'Container-Runtime:1',
    ]);
    expect(nodePrinter.columns[0]?.format).toBe('name');
  });

  it.each([
    [[ready('True')], false, 'Ready'],
    [[ready('False')], false, 'NotReady'],
    [[ready('Unknown')], false, 'NotReady'],
    [[{ type: 'MemoryPressure', status: 'False' }], false, 'Unknown'],
    [[], false, 'Unknown'],
    [[ready('True')], true, 'Ready,SchedulingDisabled'],
    [[ready('False')], true, 'NotReady,SchedulingDisabled'],
    [[], true, 'Unknown,SchedulingDisabled'],
  ])('conditions %j, unschedulable %s → %s', (conditions, unschedulable, status) => {
    expect(nodePrinter.row(makeNode(conditions, { unschedulable }), NOW).cells[1]).toBe(status);
  });

  it('roles from node-role labels and kubernetes.io/role, sorted and de-duplicated', () => {
    expect(
      nodeRoles({
        'node-role.kubernetes.io/worker': '',
        'node-role.kubernetes.io/control-plane': '',
        'node-role.kubernetes.io/': 'ignored',
        'kubernetes.io/role': 'worker',
        'kubernetes.io/hostname': 'node01',
      }),
    ).toEqual(['control-plane', 'worker']);
    expect(nodeRoles({ 'kubernetes.io/role': '' })).toEqual([]);
  });

  it('prints a full row, <none> roles and <unknown> node info', () => {
    const node = makeNode([ready('True')], {
      labels: { 'node-role.kubernetes.io/control-plane': '' },
      status: {
        addresses: [
          { type: 'Hostname', address: 'node01' },
          { type: 'InternalIP', address: '172.18.0.3' },
        ],
        nodeInfo: {
          kubeletVersion: 'v1.32.4',
          osImage: 'Debian GNU/Linux 12 (bookworm)',
          kernelVersion: '6.8.0',
          containerRuntimeVersion: 'containerd://1.7.24',
        },
      },
    });
    expect(nodePrinter.row(node, NOW).cells).toEqual([
      'node01',
      'Ready',
      'control-plane',
      '3d',
      'v1.32.4',
      '172.18.0.3',
      '<none>',
      'Debian GNU/Linux 12 (bookworm)',
      '6.8.0',
      'containerd://1.7.24',
    ]);
    expect(nodePrinter.row(makeNode([]), NOW).cells.slice(2)).toEqual([
      '<none>',
      '3d',
      '',
      '<none>',
      '<none>',
      '<unknown>',
      '<unknown>',
      '<unknown>',
    ]);
  });
});
