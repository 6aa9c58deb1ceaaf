/**
 * What a process can see of the machine around it, beyond files and processes: its network
 * namespace's interfaces and routes (`ip`), its mount namespace's table (`mount`, `df`,
 * `/proc/mounts`) and its IPC namespace's objects (`ipcs`). The kubelet hands a pod's views to
 * the process host; a `hostNetwork`/`hostIPC` pod gets the node's instead, and the programs that
 * print them need not know which they were given. Programs fall back to a pod's usual view
 * (derived from the pod IP and the container's filesystem) when none is given.
 */

/** One address of an interface, as `ip addr` prints it. */
export interface InterfaceAddress {
  family: 'inet' | 'inet6';
  address: string;
  prefixLength: number;
  /** IPv4 broadcast (`brd 10.244.1.255`). */
  broadcast?: string;
  scope: 'host' | 'link' | 'global';
}

/** A network interface of a network namespace. */
export interface NetworkInterface {
  /** ifindex in this namespace (`2: eth0`). */
  index: number;
  name: string;
  /**
   * ifindex of a veth's peer in the other namespace (`eth0@if7`); `ip` shows `@ifN` and
   * M-DOWN because no interface of this namespace has that index.
   */
  peerIndex?: number;
  linkType: 'loopback' | 'ether';
  /** `LOOPBACK`, `BROADCAST`, `MULTICAST`, `UP`, `LOWER_UP`… in the kernel's order. */
  flags: string[];
  mtu: number;
  qdisc: string;
  /** txqueuelen; left out of the output when 0. */
  queueLength: number;
  mac: string;
  linkBroadcast: string;
  addresses: InterfaceAddress[];
}

/** `lo`, the same in every network namespace (a pod's and a node's alike). */
export const LOOPBACK: NetworkInterface = {
  index: 1,
  name: 'lo',
  linkType: 'loopback',
  flags: ['LOOPBACK', 'UP', 'LOWER_UP'],
  mtu: 65536,
  qdisc: 'noqueue',
  queueLength: 1000,
  mac: '00:00:00:00:00:00',
  linkBroadcast: '00:00:00:00:00:00',
  addresses: [
    { family: 'inet', address: '127.0.0.1', prefixLength: 8, scope: 'host' },
    { family: 'inet6', address: '::1', prefixLength: 128, scope: 'host' },
  ],
};

/** A route of the main table (`ip route`). */
export interface NetworkRoute {
  /** `default`, a prefix (`10.244.1.0/24`) or a host (`10.244.1.1`). */
  destination: string;
  gateway?: string;
  device: string;
  /** Printed only when not `global` (universe). */
  scope?: 'link' | 'host';
  /** Preferred source address (`src 10.244.1.5`). */
  source?: string;
}

/** statfs(2) of a mounted filesystem, in KiB (what `df` prints with its default 1K blocks). */
export interface DiskSpace {
  totalKb: number;
  usedKb: number;
  availableKb: number;
  inodes: number;
  freeInodes: number;
}

/** One line of `/proc/mounts` as a process sees it. */
export interface MountEntry {
  /** `overlay`, `proc`, `tmpfs`, `/dev/vda1`, `shm`. */
  source: string;
  /** Canonical mount point inside the container. */
  target: string;
  /** `overlay`, `tmpfs`, `ext4`, `proc`… */
  type: string;
  /** `rw,relatime`, as in `/proc/mounts`. */
  options: string;
  /**
   * Which filesystem this is: bind mounts of one disk share it (the node's disk behind
   * `/etc/hosts` and every emptyDir), and GNU `df` shows such a filesystem once.
   */
  device: string;
  /** Undefined for pseudo filesystems (`proc`, `sysfs`…), which have no blocks. */
  space?(): DiskSpace;
}

/** A System V shared memory segment (`ipcs -m`). */
export interface SharedMemorySegment {
  key: number;
  id: number;
  owner: string;
  perms: number;
  bytes: number;
  attached: number;
}

/** A System V semaphore set (`ipcs -s`). */
export interface SemaphoreSet {
  key: number;
  id: number;
  owner: string;
  perms: number;
  semaphores: number;
}

/** A System V message queue (`ipcs -q`). */
export interface MessageQueue {
  key: number;
  id: number;
  owner: string;
  perms: number;
  usedBytes: number;
  messages: number;
}

/** The objects of an IPC namespace: a new pod's is empty, the node's (hostIPC) may not be. */
export interface IpcObjects {
  sharedMemory: SharedMemorySegment[];
  semaphores: SemaphoreSet[];
  messageQueues: MessageQueue[];
}
