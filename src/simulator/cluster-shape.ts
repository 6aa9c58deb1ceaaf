/**
 * The simulated cluster's nodes, shaped like a three-node kind cluster (`kind create cluster`
 * with one control plane and two workers, Kubernetes v1.32): the same names, well-known labels,
 * taints, addresses and node info a learner sees there. The kind config of `pod-course kind
 * create` labels `pod-course-worker` with `disktype=ssd` as well.
 */

export interface NodeShape {
  name: string;
  internalIP: string;
  podCIDR: string;
  controlPlane: boolean;
  extraLabels: Record<string, string>;
}

export const CLUSTER_NAME = 'pod-course';

export const NODES: readonly NodeShape[] = [
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
];

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
