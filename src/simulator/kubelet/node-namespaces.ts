/**
 * What one node shares with the pods that ask for it (`hostPID`, `hostNetwork`, `hostIPC`):
 * its process tree, its network namespace, its System V IPC namespace and its `/dev/shm`
 * (a hostIPC container gets the node's, as containerd bind-mounts it). Every pod's own
 * namespaces hang below these, so the node's view includes them.
 */
import { MemoryTree } from '../runtime/fs/memory-tree.js';
import { StorageQuota } from '../runtime/fs/storage-quota.js';
import { IpcNamespace } from '../runtime/process/ipc-namespace.js';
import type { ProcessHost } from '../runtime/process/process-host.js';
import { NodeNetwork, type PeerNode } from './node-network.js';
import { NodeProcesses } from './node-processes.js';
import type { ClusterNetwork } from './pod-network.js';

/** containerd's and Docker's default `/dev/shm`: a 64M tmpfs. */
export const SHM_BYTES = 64 * 1024 * 1024;

/** A `/dev/shm` tmpfs: world-writable with the sticky bit, 64M. */
export function shmTree(clock: { now(): Date }): MemoryTree {
  return new MemoryTree({ clock, root: { mode: 0o1777 }, quota: new StorageQuota(SHM_BYTES) });
}

export interface NodeNamespaces {
  processes: NodeProcesses;
  network: NodeNetwork;
  ipc: IpcNamespace;
  shm: MemoryTree;
}

export function nodeNamespaces(options: {
  nodeName: string;
  hostIP: string;
  podCIDR: string;
  peers: readonly PeerNode[];
  host: ProcessHost;
  cluster: ClusterNetwork;
  nodeTree: MemoryTree;
  clock: { now(): Date };
}): NodeNamespaces {
  return {
    processes: new NodeProcesses(options),
    network: new NodeNetwork(options),
    ipc: new IpcNamespace(),
    shm: shmTree(options.clock),
  };
}
