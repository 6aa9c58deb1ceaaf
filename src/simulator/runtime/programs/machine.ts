import { NODE_CAPACITY, NODE_INFO } from '../../cluster-shape.js';

/**
 * The node as every container on it sees it: one kernel, one memory, one disk. Containers do
 * not virtualise these, so `uname -r`, top's `Mem:` line and `df /` inside a pod show the
 * node's — the same numbers `kubectl describe node` reports as capacity.
 */

/** `8129540Ki` → 8129540 (KiB); plain numbers are bytes. */
export function quantityKb(quantity: string): number {
  const match = /^(\d+)(Ki|Mi|Gi)?$/.exec(quantity);
  if (!match) return 0;
  const value = Number(match[1]);
  const unit = match[2];
  if (unit === 'Ki') return value;
  if (unit === 'Mi') return value * 1024;
  if (unit === 'Gi') return value * 1024 * 1024;
  return Math.floor(value / 1024);
}

const memoryKb = quantityKb(NODE_CAPACITY.memory);
const diskKb = quantityKb(NODE_CAPACITY['ephemeral-storage']);

/** The Debian kernel a kind node runs: 6.1.0-28-amd64 is Debian's 6.1.119-1 build. */
export const KERNEL = {
  release: NODE_INFO.kernelVersion,
  version: '#1 SMP PREEMPT_DYNAMIC Debian 6.1.119-1 (2024-11-22)',
  machine: 'x86_64',
};

export const MACHINE = {
  cpus: Number(NODE_CAPACITY.cpu) || 1,
  memory: {
    totalKb: memoryKb,
    // A lightly loaded node: what `free` and top's header show (fractions of a real kind node).
    freeKb: Math.round(memoryKb * 0.61),
    sharedKb: Math.round(memoryKb * 0.0004),
    buffersKb: Math.round(memoryKb * 0.0126),
    cachedKb: Math.round(memoryKb * 0.1526),
  },
  /** `0.08 0.12 0.10`: the node is idle apart from what the simulation runs. */
  loadAverage: '0.08 0.12 0.10',
  /** The node's disk: the overlay snapshots, the kubelet's pod directories, emptyDirs. */
  disk: {
    device: '/dev/vda1',
    totalKb: diskKb,
    usedKb: Math.round(diskKb * 0.2378),
    /** ext4 keeps 5% for root: `Available` is less than size minus used. */
    reservedKb: Math.round(diskKb * 0.05),
    inodes: Math.floor(diskKb / 16),
  },
};

/** A tmpfs without `size=` gets half the RAM, in whole pages. */
export const TMPFS_DEFAULT_KB = Math.floor(memoryKb / 2 / 4) * 4;

/**
 * The kubelet sizes memory-backed volumes (the service account token) by the node's
 * allocatable memory: capacity minus the 100Mi hard eviction threshold.
 */
export const ALLOCATABLE_MEMORY_KB = memoryKb - 100 * 1024;
