import { MemoryTree } from './memory-tree.js';
import type { StorageQuota } from './storage-quota.js';
import type { DeviceKind } from './tree-nodes.js';

/**
 * The `/dev` a container runtime mounts in every container (runc's default tmpfs): the
 * character devices, the `/proc/self/fd` links and the `shm`, `pts`, `mqueue` directories.
 * Mount it at `/dev` before `/dev/termination-log`, which then lands inside it, as on a node.
 * `/dev/stdout` and friends point into `/proc`, which the process layer provides.
 */
export function newDevTree(options: { clock: { now(): Date }; quota?: StorageQuota }): MemoryTree {
  const tree = new MemoryTree({ ...options, root: { mode: 0o755 } });
  const devices: [string, DeviceKind][] = [
    ['null', 'null'],
    ['zero', 'zero'],
    ['random', 'random'],
    ['urandom', 'urandom'],
  ];
  for (const [name, device] of devices) tree.createFile(tree.root, name, { mode: 0o666, device });
  const links: [string, string][] = [
    ['fd', '/proc/self/fd'],
    ['stdin', '/proc/self/fd/0'],
    ['stdout', '/proc/self/fd/1'],
    ['stderr', '/proc/self/fd/2'],
    ['core', '/proc/kcore'],
    ['ptmx', 'pts/ptmx'],
  ];
  for (const [name, target] of links) tree.createSymlink(tree.root, name, target);
  tree.mkdir(tree.root, 'pts', { mode: 0o755 });
  tree.mkdir(tree.root, 'shm', { mode: 0o1777 });
  tree.mkdir(tree.root, 'mqueue', { mode: 0o1777 });
  return tree;
}
