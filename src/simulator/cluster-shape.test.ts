import { describe, expect, it } from 'vitest';
import { KIND_CLUSTER, kindShape, MAX_WORKERS, NODES } from './cluster-shape.js';

describe('cluster shapes', () => {
  it('the default is the three-node kind cluster the lessons are written against', () => {
    expect(NODES).toBe(KIND_CLUSTER.nodes);
    expect(NODES).toEqual([
      {
        name: 'pod-course-control-plane',
        internalIP: '172.18.0.2',
        podCIDR: '10.244.0.0/24',
        controlPlane: true,
        extraLabels: {},
      },
      {
        name: 'pod-course-worker',
        internalIP: '172.18.0.3',
        podCIDR: '10.244.1.0/24',
        controlPlane: false,
        extraLabels: { disktype: 'ssd' },
      },
      {
        name: 'pod-course-worker2',
        internalIP: '172.18.0.4',
        podCIDR: '10.244.2.0/24',
        controlPlane: false,
        extraLabels: {},
      },
    ]);
  });

  it('more workers follow kind naming, each with its own address and pod range', () => {
    const { nodes } = kindShape(5);
    expect(nodes.map((n) => n.name)).toEqual([
      'pod-course-control-plane',
      'pod-course-worker',
      'pod-course-worker2',
      'pod-course-worker3',
      'pod-course-worker4',
      'pod-course-worker5',
    ]);
    expect(nodes[5]).toEqual({
      name: 'pod-course-worker5',
      internalIP: '172.18.0.7',
      podCIDR: '10.244.5.0/24',
      controlPlane: false,
      extraLabels: {},
    });
    const largest = kindShape(MAX_WORKERS).nodes;
    expect(new Set(largest.map((n) => n.internalIP)).size).toBe(MAX_WORKERS + 1);
    expect(new Set(largest.map((n) => n.podCIDR)).size).toBe(MAX_WORKERS + 1);
    expect(largest.at(-1)?.internalIP).toBe('172.18.0.254');
  });

  it('refuses a worker count that has no addresses', () => {
    expect(() => kindShape(MAX_WORKERS + 1)).toThrow(RangeError);
    expect(() => kindShape(-1)).toThrow(RangeError);
    expect(() => kindShape(1.5)).toThrow(RangeError);
  });
});
