import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import {
  KIND_CLUSTER_NAME,
  KIND_NODES,
  kindClusterConfig,
} from '../../src/cluster/kind/kind-config.js';
import { CLUSTER_NAME, NODES } from '../../src/simulator/cluster-shape.js';

interface ConfigNode {
  role: 'control-plane' | 'worker';
  labels?: Record<string, string>;
}

/**
 * kind's node naming (pkg/cluster/internal/create: `<cluster>-<role>` plus a 1-based suffix
 * from the second node of a role on), applied to the generated config: these are the names a
 * learner sees in `kubectl get nodes` on kind, and the simulator must show the same.
 */
function kindNodeNames(cluster: string, roles: ConfigNode['role'][]) {
  const seen = new Map<string, number>();
  return roles.map((role) => {
    const count = (seen.get(role) ?? 0) + 1;
    seen.set(role, count);
    return `${cluster}-${role}${count === 1 ? '' : count}`;
  });
}

describe('the kind cluster and the simulator have the same shape', () => {
  const config = parse(kindClusterConfig({ dockerHubHostsDir: '/tmp/hosts' })) as {
    name: string;
    nodes: ConfigNode[];
  };
  const names = kindNodeNames(
    config.name,
    config.nodes.map((node) => node.role),
  );

  it('has the same cluster name and node names, in order', () => {
    expect(config.name).toBe(CLUSTER_NAME);
    expect(KIND_CLUSTER_NAME).toBe(CLUSTER_NAME);
    expect(names).toEqual(NODES.map((node) => node.name));
    expect(KIND_NODES.map((node) => node.name)).toEqual(names);
  });

  it('puts the control plane and the extra labels on the same nodes', () => {
    for (const [index, node] of NODES.entries()) {
      const kindNode = config.nodes[index];
      expect(kindNode?.role === 'control-plane', node.name).toBe(node.controlPlane);
      expect(kindNode?.labels ?? {}, node.name).toEqual(node.extraLabels);
    }
  });
});
