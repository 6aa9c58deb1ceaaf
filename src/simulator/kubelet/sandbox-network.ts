/**
 * A sandbox's network, set up and torn down as the CNI plugin (kindnet's ptp) and containerd
 * do it: a namespace of the pod's own with an address of the node's pod CIDR and a veth on the
 * node — or, for hostNetwork, a share of the node's namespace, the pod IP being the node's.
 */
import type { KubeObject } from '../kube-object.js';
import type { KubeletContext } from './kubelet-context.js';
import { podHostname } from './pod-files.js';
import { PodSandboxNetwork, type SandboxNetwork } from './pod-network.js';
import { hostNamespaces } from './pod-sandbox.js';

export function openSandboxNetwork(kubelet: KubeletContext, pod: KubeObject): SandboxNetwork {
  const node = kubelet.runtime.node.network;
  if (hostNamespaces(pod).hostNetwork) return node.namespace.lease();
  const network = new PodSandboxNetwork(
    kubelet.ips.allocate(),
    podHostname(pod).hostname,
    kubelet.network,
  );
  kubelet.network.register(network);
  node.attach(network.podIP);
  return network;
}

/** CNI DEL: the veth goes and the address returns to the pool (never the node's own). */
export function closeSandboxNetwork(
  kubelet: KubeletContext,
  pod: KubeObject,
  network: SandboxNetwork,
): void {
  network.close();
  if (hostNamespaces(pod).hostNetwork) return;
  kubelet.runtime.node.network.detach(network.podIP);
  kubelet.ips.release(network.podIP);
}
