import { CLUSTER_NAME, NODE_CAPACITY, NODE_INFO, type NodeShape } from './cluster-shape.js';
import type { KubeObject } from './kube-object.js';

/** The Node object a kind node registers, as `kubectl get node -o yaml` shows it there. */
export function nodeObject(shape: NodeShape, now: string): KubeObject {
  const labels: Record<string, string> = {
    'beta.kubernetes.io/arch': 'amd64',
    'beta.kubernetes.io/os': 'linux',
    'kubernetes.io/arch': 'amd64',
    'kubernetes.io/hostname': shape.name,
    'kubernetes.io/os': 'linux',
    ...(shape.controlPlane
      ? {
          'node-role.kubernetes.io/control-plane': '',
          'node.kubernetes.io/exclude-from-external-load-balancers': '',
        }
      : {}),
    ...shape.extraLabels,
  };
  const condition = (type: string, status: string, reason: string, message: string) => ({
    type,
    status,
    lastHeartbeatTime: now,
    lastTransitionTime: now,
    reason,
    message,
  });
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name: shape.name,
      labels,
      annotations: {
        'kubeadm.alpha.kubernetes.io/cri-socket': 'unix:///run/containerd/containerd.sock',
        'node.alpha.kubernetes.io/ttl': '0',
        'volumes.kubernetes.io/controller-managed-attach-detach': 'true',
      },
    },
    spec: {
      podCIDR: shape.podCIDR,
      podCIDRs: [shape.podCIDR],
      providerID: `kind://docker/${CLUSTER_NAME}/${shape.name}`,
      ...(shape.controlPlane
        ? { taints: [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }] }
        : {}),
    },
    status: {
      capacity: { ...NODE_CAPACITY },
      allocatable: { ...NODE_CAPACITY },
      conditions: [
        condition(
          'MemoryPressure',
          'False',
          'KubeletHasSufficientMemory',
          'kubelet has sufficient memory available',
        ),
        condition(
          'DiskPressure',
          'False',
          'KubeletHasNoDiskPressure',
          'kubelet has no disk pressure',
        ),
        condition(
          'PIDPressure',
          'False',
          'KubeletHasSufficientPID',
          'kubelet has sufficient PID available',
        ),
        condition('Ready', 'True', 'KubeletReady', 'kubelet is posting ready status'),
      ],
      addresses: [
        { type: 'InternalIP', address: shape.internalIP },
        { type: 'Hostname', address: shape.name },
      ],
      daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
      nodeInfo: { ...NODE_INFO },
      images: [],
    },
  };
}

/** The node's heartbeat Lease in `kube-node-lease`, as the kubelet creates it. */
export function nodeLease(nodeName: string, now: Date): KubeObject {
  return {
    apiVersion: 'coordination.k8s.io/v1',
    kind: 'Lease',
    metadata: { name: nodeName, namespace: 'kube-node-lease' },
    spec: {
      holderIdentity: nodeName,
      leaseDurationSeconds: 40,
      // MicroTime: leases carry microseconds.
      renewTime: `${now.toISOString().slice(0, 23)}000Z`,
    },
  };
}
