import type { FileSystem } from '../fs/file-system.js';
import type { ProcessContext } from '../process/contracts.js';
import type { DiskSpace, MountEntry } from '../process/system-views.js';
import { treeKb } from './disk-usage.js';
import { ALLOCATABLE_MEMORY_KB, MACHINE, TMPFS_DEFAULT_KB } from './machine.js';

/**
 * The mount table a container process sees (`/proc/mounts`): the runtime view if the process
 * was given one, otherwise what containerd and runc build for a pod's container — the overlay
 * root, the OCI default mounts, the kubelet's bind mounts (volumes, `/etc/hosts`…), the
 * sandbox's `/dev/shm`, and the read-only and masked `/proc` and `/sys` paths — with the
 * container filesystem's own mount points and disk usage filled in.
 */
export function mountTable(context: Pick<ProcessContext, 'fs' | 'mounts'>): MountEntry[] {
  return context.mounts?.() ?? containerMounts(context.fs);
}

/** What `ContainerFileSystem` offers beyond the `FileSystem` contract. */
interface MountAware {
  mounts(): { path: string; readOnly: boolean }[];
  usage(path: string): { usedBytes: number; maxBytes: number; usedEntries: number };
}

function mountAware(fs: FileSystem): (FileSystem & MountAware) | undefined {
  const candidate = fs as Partial<MountAware>;
  return typeof candidate.mounts === 'function' && typeof candidate.usage === 'function'
    ? (fs as FileSystem & MountAware)
    : undefined;
}

const SNAPSHOTS = '/var/lib/containerd/io.containerd.snapshotter.v1.overlayfs/snapshots';
const PSEUDO = 'nosuid,nodev,noexec,relatime';
const DEV_TMPFS_KB = 65536;

/** The kubelet's files, in the order its mounts reach the container after containerd sorts. */
const POD_FILES = ['/etc/hosts', '/dev/termination-log', '/etc/hostname', '/etc/resolv.conf'];

/**
 * The table for a container filesystem. `memoryBacked` names the volume mount paths the
 * kubelet backs with memory (secret, projected, downwardAPI, emptyDir `medium: Memory`: tmpfs);
 * every other volume lives on the node's disk. Without it, only the service account token
 * volume, at its well-known path, is taken for a tmpfs.
 */
export function containerMounts(fs: FileSystem, memoryBacked?: Iterable<string>): MountEntry[] {
  const aware = mountAware(fs);
  const inMemory = memoryPaths(fs, memoryBacked);
  const table = aware?.mounts() ?? [{ path: '/', readOnly: false }];
  const rootReadOnly = table[0]?.readOnly ?? false;
  const disk = (path: string) => () => diskSpace(aware, path);
  const tmpfs = (path: string, totalKb: number) => () => tmpfsSpace(fs, path, totalKb);
  const devKb = () => emptyTmpfs(DEV_TMPFS_KB);
  const entries: MountEntry[] = [
    {
      source: 'overlay',
      target: '/',
      type: 'overlay',
      options: `${rootReadOnly ? 'ro' : 'rw'},relatime,lowerdir=${SNAPSHOTS}/21/fs,upperdir=${SNAPSHOTS}/34/fs,workdir=${SNAPSHOTS}/34/work`,
      device: 'overlay',
      space: disk('/'),
    },
    pseudo('proc', '/proc', 'proc', `rw,${PSEUDO}`),
    {
      source: 'tmpfs',
      target: '/dev',
      type: 'tmpfs',
      options: `rw,nosuid,size=${DEV_TMPFS_KB}k,mode=755`,
      device: 'tmpfs:/dev',
      space: devKb,
    },
    pseudo('devpts', '/dev/pts', 'devpts', 'rw,nosuid,noexec,relatime,gid=5,mode=620,ptmxmode=666'),
    pseudo('mqueue', '/dev/mqueue', 'mqueue', `rw,${PSEUDO}`),
    pseudo('sysfs', '/sys', 'sysfs', `ro,${PSEUDO}`),
    pseudo('cgroup', '/sys/fs/cgroup', 'cgroup2', `ro,${PSEUDO}`),
  ];
  // runc's /dev tmpfs is listed above with the OCI defaults, whether or not the fs mounts one.
  const volumes = table
    .slice(1)
    .filter((mount) => mount.path !== '/dev')
    .map((mount, order) => ({ ...mount, order }));
  if (!volumes.some((mount) => mount.path === '/dev/shm')) {
    volumes.push({ path: '/dev/shm', readOnly: false, order: volumes.length });
  }
  // containerd orders mounts by depth (stable), so parents are mounted before children.
  volumes.sort((a, b) => depth(a.path) - depth(b.path) || rank(a) - rank(b) || a.order - b.order);
  for (const mount of volumes) {
    const mode = mount.readOnly ? 'ro' : 'rw';
    if (mount.path === '/dev/shm') {
      entries.push({
        source: 'shm',
        target: '/dev/shm',
        type: 'tmpfs',
        options: `${mode},${PSEUDO},size=${DEV_TMPFS_KB}k`,
        device: 'shm',
        space: tmpfs('/dev/shm', DEV_TMPFS_KB),
      });
    } else if (inMemory(mount.path)) {
      // Memory-backed volumes are tmpfs sized by the node's allocatable memory.
      entries.push({
        source: 'tmpfs',
        target: mount.path,
        type: 'tmpfs',
        options: `${mode},relatime,size=${ALLOCATABLE_MEMORY_KB}k`,
        device: `tmpfs:${mount.path}`,
        space: tmpfs(mount.path, ALLOCATABLE_MEMORY_KB),
      });
    } else {
      // The kubelet's pod directory and emptyDirs live on the node's disk: one device.
      entries.push({
        source: MACHINE.disk.device,
        target: mount.path,
        type: 'ext4',
        options: `${mode},relatime`,
        device: MACHINE.disk.device,
        space: disk(mount.path),
      });
    }
  }
  for (const path of ['/proc/bus', '/proc/fs', '/proc/irq', '/proc/sys', '/proc/sysrq-trigger']) {
    entries.push(pseudo('proc', path, 'proc', `ro,${PSEUDO}`));
  }
  // runc masks these: empty read-only tmpfs over directories, /dev/null over files.
  const masked = (path: string, file: boolean): MountEntry =>
    file
      ? {
          source: 'tmpfs',
          target: path,
          type: 'tmpfs',
          options: `rw,nosuid,size=${DEV_TMPFS_KB}k,mode=755`,
          device: 'tmpfs:/dev',
          space: devKb,
        }
      : {
          source: 'tmpfs',
          target: path,
          type: 'tmpfs',
          options: 'ro,relatime',
          device: `tmpfs:${path}`,
          space: () => emptyTmpfs(TMPFS_DEFAULT_KB),
        };
  entries.push(
    masked('/proc/acpi', false),
    masked('/proc/kcore', true),
    masked('/proc/keys', true),
    masked('/proc/timer_list', true),
    masked('/proc/scsi', false),
    masked('/sys/firmware', false),
  );
  return entries;
}

function memoryPaths(fs: FileSystem, paths: Iterable<string> | undefined) {
  if (paths === undefined)
    return (path: string) => /\/secrets\/kubernetes\.io\/serviceaccount$/.test(path);
  // The table has canonical paths (`/run/…` where the spec said `/var/run/…`).
  const canonical = new Set<string>();
  for (const path of paths) {
    try {
      canonical.add(fs.realpath(path));
    } catch {
      canonical.add(path);
    }
  }
  return (path: string) => canonical.has(path);
}

function pseudo(source: string, target: string, type: string, options: string): MountEntry {
  return { source, target, type, options, device: `${type}:${target}` };
}

function depth(path: string): number {
  return path.split('/').filter(Boolean).length;
}

/** Volumes come first at their depth (the kubelet lists them first), then its files. */
function rank(mount: { path: string }): number {
  const at = POD_FILES.indexOf(mount.path);
  if (at >= 0) return at + 1;
  return mount.path === '/dev/shm' ? POD_FILES.length + 1 : 0;
}

/**
 * The node's disk as one mount of it sees it: the node's own use plus what this simulation
 * wrote. The simulated disk is far smaller than the node's; once it is full (writes fail with
 * ENOSPC) nothing is available any more, so `df` shows 100% where the writes failed.
 */
function diskSpace(fs: MountAware | undefined, path: string): DiskSpace {
  const { totalKb, usedKb: baseKb, reservedKb, inodes } = MACHINE.disk;
  let writtenKb = 0;
  let entries = 0;
  let roomKb = Number.POSITIVE_INFINITY;
  try {
    const usage = fs?.usage(path);
    if (usage) {
      writtenKb = Math.ceil(usage.usedBytes / 1024);
      entries = usage.usedEntries;
      roomKb = Math.floor((usage.maxBytes - usage.usedBytes) / 1024);
    }
  } catch {
    // A mount point that vanished: the node's figures alone.
  }
  const usedKb = baseKb + writtenKb;
  const availableKb = roomKb <= 0 ? 0 : Math.max(0, totalKb - usedKb - reservedKb);
  const usedInodes = Math.round(inodes * 0.08) + entries;
  return { totalKb, usedKb, availableKb, inodes, freeInodes: inodes - usedInodes };
}

function tmpfsSpace(fs: FileSystem, path: string, totalKb: number): DiskSpace {
  const usedKb = treeKb(fs, path, { memory: true });
  return {
    totalKb,
    usedKb,
    availableKb: Math.max(0, totalKb - usedKb),
    inodes: totalKb / 4,
    freeInodes: totalKb / 4 - 1,
  };
}

function emptyTmpfs(totalKb: number): DiskSpace {
  return {
    totalKb,
    usedKb: 0,
    availableKb: totalKb,
    inodes: totalKb / 4,
    freeInodes: totalKb / 4 - 1,
  };
}
