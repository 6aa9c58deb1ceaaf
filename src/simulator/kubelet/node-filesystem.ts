/**
 * A node's own disk, as hostPath volumes see it. A kind node is a Debian 12 container
 * (kindest/node), so its root has the usual FHS directories: a hostPath of `/tmp`, `/var/log`
 * or `/var/tmp` with `type: Directory` mounts at once, as on a real node, while `/data` does
 * not exist until someone creates it (the notes' share-volume pod waits in ContainerCreating
 * with a FailedMount event until then). Only directories: what a learner can reach of the
 * node's files through hostPath starts out empty but present.
 */
import { ContainerFileSystem } from '../runtime/fs/container-file-system.js';
import { MemoryTree } from '../runtime/fs/memory-tree.js';

/** Directories of a kind node's root (and the kubelet's own), with their modes. */
const DIRECTORIES: readonly [string, number][] = [
  ['/boot', 0o755],
  ['/dev', 0o755],
  ['/etc', 0o755],
  ['/etc/kubernetes', 0o755],
  ['/etc/kubernetes/manifests', 0o755],
  ['/home', 0o755],
  ['/kind', 0o755],
  ['/media', 0o755],
  ['/mnt', 0o755],
  ['/opt', 0o755],
  ['/proc', 0o555],
  ['/root', 0o700],
  ['/run', 0o755],
  ['/srv', 0o755],
  ['/sys', 0o555],
  ['/tmp', 0o1777],
  ['/usr', 0o755],
  ['/usr/bin', 0o755],
  ['/usr/lib', 0o755],
  ['/usr/local', 0o755],
  ['/usr/sbin', 0o755],
  ['/var', 0o755],
  ['/var/cache', 0o755],
  ['/var/lib', 0o755],
  ['/var/lib/kubelet', 0o700],
  ['/var/lib/kubelet/pods', 0o750],
  ['/var/local', 0o755],
  ['/var/log', 0o755],
  ['/var/log/containers', 0o755],
  ['/var/log/pods', 0o755],
  ['/var/opt', 0o755],
  ['/var/spool', 0o755],
  ['/var/tmp', 0o1777],
];

/** merged-/usr Debian: these are symlinks into /usr. */
const SYMLINKS: readonly [string, string][] = [
  ['/bin', 'usr/bin'],
  ['/lib', 'usr/lib'],
  ['/sbin', 'usr/sbin'],
];

export function nodeFileSystem(clock: { now(): Date }): MemoryTree {
  const tree = new MemoryTree({ clock });
  const fs = ContainerFileSystem.create({ upper: tree });
  for (const [path, mode] of DIRECTORIES) {
    fs.mkdir(path, { mode });
    // mkdir applies no umask here, but chmod makes the sticky bit certain.
    fs.chmod(path, mode);
  }
  for (const [path, target] of SYMLINKS) fs.symlink(target, path);
  return tree;
}
