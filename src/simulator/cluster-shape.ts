/**
 * The simulated cluster's nodes, by default shaped like a three-node kind cluster (`kind create
 * cluster` with one control plane and two workers, Kubernetes v1.32): the same names, well-known
 * labels, taints, addresses and node info a learner sees there. The kind config of `pod-course
 * kind create` labels `pod-course-worker` with `disktype=ssd` as well. Other shapes (more
 * workers, as the bench's 500 pods need) are data passed to `startSimulator`.
 */

export interface NodeShape {
  name: string;
  internalIP: string;
  podCIDR: string;
  controlPlane: boolean;
  extraLabels: Record<string, string>;
}

export const CLUSTER_NAME = 'pod-course';

/** The nodes of a simulated cluster: data, so a bench or a lesson can ask for a bigger one. */
export interface ClusterShape {
  readonly nodes: readonly NodeShape[];
}

export const CONTROL_PLANE_NAME = `${CLUSTER_NAME}-control-plane`;

/** Workers fit in 172.18.0.3–254 (.1 is the docker bridge, .2 the control plane). */
export const MAX_WORKERS = 252;

/**
 * kind's naming for a cluster with one control plane and `workers` workers: `pod-course-worker`,
 * `pod-course-worker2`, …, addresses handed out in order on kind's docker network
 * (172.18.0.0/16, the control plane first) and one /24 of 10.244.0.0/16 each for pods.
 */
export function kindShape(workers: number): ClusterShape {
  if (!Number.isInteger(workers) || workers < 0 || workers > MAX_WORKERS)
    throw new RangeError(`workers must be an integer from 0 to ${MAX_WORKERS}, got ${workers}`);
  const nodes: NodeShape[] = [
    {
      name: CONTROL_PLANE_NAME,
      internalIP: '172.18.0.2',
      podCIDR: '10.244.0.0/24',
      controlPlane: true,
      extraLabels: {},
    },
  ];
  for (let i = 1; i <= workers; i++) {
    nodes.push({
      name: `${CLUSTER_NAME}-worker${i === 1 ? '' : i}`,
      internalIP: `172.18.0.${i + 2}`,
      podCIDR: `10.244.${i}.0/24`,
      controlPlane: false,
      // The kind config of `pod-course kind create` labels the first worker for nodeSelector lessons.
      extraLabels: i === 1 ? { disktype: 'ssd' } : {},
    });
  }
  return { nodes };
}

/** The default: the three-node kind cluster the course's lessons are written against. */
export const KIND_CLUSTER: ClusterShape = kindShape(2);

export const NODES: readonly NodeShape[] = KIND_CLUSTER.nodes;

export const NODE_CAPACITY = {
  cpu: '2',
  'ephemeral-storage': '61202244Ki',
  'hugepages-1Gi': '0',
  'hugepages-2Mi': '0',
  memory: '8129540Ki',
  pods: '110',
};

export const NODE_INFO = {
  architecture: 'amd64',
  bootID: '',
  containerRuntimeVersion: 'containerd://1.7.24',
  kernelVersion: '6.1.0-28-amd64',
  kubeProxyVersion: 'v1.32.4',
  kubeletVersion: 'v1.32.4',
  machineID: '',
  operatingSystem: 'linux',
  osImage: 'Debian GNU/Linux 12 (bookworm)',
  systemUUID: '',
};

export const SYSTEM_NAMESPACES = [
  'default',
  'kube-node-lease',
  'kube-public',
  'kube-system',
] as const;
