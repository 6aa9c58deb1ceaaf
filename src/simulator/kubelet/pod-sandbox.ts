/**
 * A pod sandbox as containerd's CRI builds it (RunPodSandbox): a shim, the `/pause` process
 * holding the pod's namespaces, and the kubelet's pod files. The namespaces are the pod's own
 * — nested in the node's — or the node's themselves when the spec asks: `hostPID` (pause and
 * the containers live in the node's PID namespace), `hostNetwork` (the node's interfaces,
 * addresses and hostname; the kubelet writes the node's hosts file and DNS), `hostIPC` (the
 * node's System V objects and `/dev/shm`).
 */
import type { KubeObject } from '../kube-object.js';
import { ContainerFileSystem } from '../runtime/fs/container-file-system.js';
import { newContainerLayer } from '../runtime/fs/image-layer.js';
import { MemoryTree } from '../runtime/fs/memory-tree.js';
import type { ContainerImage } from '../runtime/images/container-image.js';
import { IpcNamespace } from '../runtime/process/ipc-namespace.js';
import { MemoryAccount } from '../runtime/process/memory-account.js';
import type { PidNamespace } from '../runtime/process/pid-namespace.js';
import type { ProcessHost, StartedProcess } from '../runtime/process/process-host.js';
import { callbackOutput, emptyInput } from '../runtime/process/streams.js';
import { imageCatalogue } from '../runtime/programs/catalogue.js';
import { podMemoryLimitBytes } from './memory-limits.js';
import type { NodeNamespaces } from './node-namespaces.js';
import { shmTree } from './node-namespaces.js';
import { hostNetworkHostsFile, hostsFile, podHostname, resolvConf } from './pod-files.js';
import type { SandboxNetwork } from './pod-network.js';

type Json = Record<string, unknown>;
const asRecord = (value: unknown): Json =>
  value && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : {};

/** A sandbox: the pod's namespaces, its shim and pause, and the kubelet's pod files. */
export interface PodSandbox {
  id: string;
  network: SandboxNetwork;
  /** What containers see as their hostname: the pod's, or the node's with hostNetwork. */
  hostname: string;
  /** The namespace containers start in when they share one: the pod's (pause is PID 1) or the node's. */
  sharedNamespace?: PidNamespace;
  /** The namespace each container's own PID namespace nests in. */
  parentNamespace: PidNamespace;
  /** `/hosts`, `/hostname`, `/resolv.conf`, bind-mounted into each container. */
  files: MemoryTree;
  /**
   * Writes the kubelet-managed hosts file again: the kubelet does so at every container start
   * (`ensureHostsFile`), so an edit made by hand in a container is gone after a restart.
   */
  writeHosts: () => void;
  /** The pod's IPC namespace, or the node's (hostIPC). */
  ipc: IpcNamespace;
  /** The pod's `/dev/shm` tmpfs, or the node's (hostIPC). */
  shm: MemoryTree;
  /** The pod's memory cgroup, above each container's. */
  memory: MemoryAccount;
  /** containerd-shim-runc-v2: the parent of pause and of every container process on the node. */
  shim: StartedProcess;
  pause: StartedProcess;
}

/** The spec's host namespace switches. */
export function hostNamespaces(pod: KubeObject) {
  const spec = asRecord(pod.spec);
  return {
    hostPID: spec.hostPID === true,
    hostIPC: spec.hostIPC === true,
    hostNetwork: spec.hostNetwork === true,
  };
}

/** Whether the pod resolves names with the node's DNS (kubelet dns.go getPodDNSType). */
function usesNodeDns(pod: KubeObject): boolean {
  const spec = asRecord(pod.spec);
  const policy = typeof spec.dnsPolicy === 'string' ? spec.dnsPolicy : 'ClusterFirst';
  if (policy === 'Default') return true;
  // ClusterFirst on the host network falls back to Default; ClusterFirstWithHostNet does not.
  return policy === 'ClusterFirst' && spec.hostNetwork === true;
}

export function createSandbox(options: {
  id: string;
  pod: KubeObject;
  network: SandboxNetwork;
  host: ProcessHost;
  node: NodeNamespaces;
  pauseImage: ContainerImage;
  clock: { now(): Date };
}): PodSandbox {
  const { pod, network, host, node, clock } = options;
  const { hostPID, hostIPC, hostNetwork } = hostNamespaces(pod);
  const files = new MemoryTree({ clock });
  const fs = ContainerFileSystem.create({ upper: files });
  const hostname = hostNetwork ? network.hostname : podHostname(pod).hostname;
  const hosts = hostNetwork
    ? hostNetworkHostsFile(pod, node.network.hostsFile())
    : hostsFile(pod, [network.podIP]);
  const writeHosts = () => fs.writeFile('/hosts', hosts);
  writeHosts();
  fs.writeFile('/hostname', `${hostname}\n`);
  fs.writeFile('/resolv.conf', usesNodeDns(pod) ? node.network.resolvConf() : resolvConf(pod));
  const nodeNamespace = node.processes.namespace;
  const namespace = hostPID ? nodeNamespace : host.createNamespace(nodeNamespace);
  const shared = asRecord(pod.spec).shareProcessNamespace === true;
  const ipc = hostIPC ? node.ipc : new IpcNamespace();
  const shm = hostIPC ? node.shm : shmTree(clock);
  const shim = node.processes.startShim(options.id);
  const pauseImage = options.pauseImage;
  const pause = host.start({
    argv: ['/pause'],
    env: {},
    cwd: '/',
    stdin: emptyInput,
    stdout: callbackOutput(() => {}),
    stderr: callbackOutput(() => {}),
    fs: ContainerFileSystem.create({
      image: pauseImage.layer,
      upper: newContainerLayer(pauseImage.layer, { clock }),
    }),
    namespace,
    cgroup: host.createCgroup('pause', imageCatalogue(pauseImage)),
    network,
    ipcNamespace: ipc,
    parent: shim.process,
    // pod-facts §6 shows `1 root 0:00 /pause` in a shared PID namespace (the docs' example).
    user: 'root',
  });
  return {
    id: options.id,
    network,
    hostname,
    // hostPID: every container joins the node's namespace, where pause is one process among many.
    ...(hostPID || shared ? { sharedNamespace: namespace } : {}),
    parentNamespace: nodeNamespace,
    files,
    writeHosts,
    ipc,
    shm,
    memory: new MemoryAccount(podMemoryLimitBytes(pod)),
    shim,
    pause,
  };
}

/** The sandbox is torn down: pause, then its shim, which has nothing left to supervise. */
export function stopSandbox(sandbox: PodSandbox): void {
  sandbox.pause.kill('SIGKILL');
  sandbox.shim.kill('SIGKILL');
}
