import { Backing, isDirectory } from './backing.js';
import { FsError } from './file-system.js';
import { asSyscall, fault, splitPath } from './fs-fault.js';
import type { MemoryTree } from './memory-tree.js';
import { MountNamespace } from './mount-namespace.js';
import type { InodeNode } from './tree-nodes.js';

/** One entry of a container's mount table. */
export interface VolumeMount {
  /** `mountPath`: absolute, in the container; symlinks on the way resolve inside the container. */
  path: string;
  /** The storage: an emptyDir, a configMap volume, the node's disk for hostPath, the pod's files. */
  tree: MemoryTree;
  /**
   * What of the tree to show (default `/`): a `subPath`, a hostPath directory, or one file
   * (`/etc/hosts`). Resolved once, at mount time, like a bind mount: renaming it later in the
   * tree does not move the mount, and an atomic-writer update never reaches a subPath mount.
   */
  source?: string;
  readOnly?: boolean;
  /**
   * A memory-backed volume (tmpfs: `/dev/shm`, an emptyDir with `medium: Memory`): what this
   * container writes into it is charged to its memory cgroup, and what it deletes uncharged.
   */
  memory?: MemoryCharge;
}

/** Where a tmpfs write is charged: the writing container's memory cgroup. */
export interface MemoryCharge {
  charge(bytes: number): void;
}

/**
 * Mounts every volume, parents before children. Missing mount points are created as the
 * runtime does (directories, or an empty file for a file mount) — even on a read-only root or
 * inside a read-only volume, because the runtime makes them before it remounts read-only.
 */
export function mountVolumes(ns: MountNamespace, mounts: readonly VolumeMount[]): void {
  const ordered = [...mounts].sort((a, b) => depth(a.path) - depth(b.path));
  for (const mount of ordered) {
    const source = asSyscall('mount', [mount.source ?? '/'], () => resolveSource(mount));
    const point = asSyscall('mount', [mount.path], () =>
      makeMountPoint(ns, mount.path, source.type === 'directory'),
    );
    ns.mount(point, new Backing(mount.tree, source), mount.readOnly ?? false);
    if (mount.memory && !ns.charges.some((c) => c.tree === mount.tree)) {
      ns.charges.push({ tree: mount.tree, memory: mount.memory });
    }
  }
}

/** Mounts a backing of its own (procfs) at `path`, making the mount point if it is missing. */
export function mountBacking(ns: MountNamespace, path: string, backing: Backing): void {
  const point = asSyscall('mount', [path], () => makeMountPoint(ns, path, true));
  ns.mount(point, backing, false);
}

function depth(path: string): number {
  return splitPath(path).length;
}

/** The node a mount shows, found inside its own tree (symlinks cannot leave that tree). */
function resolveSource(mount: VolumeMount): InodeNode {
  const inTree = new MountNamespace(new Backing(mount.tree, mount.tree.root), false);
  const walk = inTree.walk(mount.source ?? '/', '/', true);
  if (!walk.loc) throw fault('ENOENT');
  return walk.loc.upper as InodeNode;
}

/** Creates what is missing on the way to a mount point; returns its canonical path. */
function makeMountPoint(ns: MountNamespace, path: string, directory: boolean): string {
  if (!path.startsWith('/')) throw fault('EINVAL');
  const parts = splitPath(path);
  for (let i = 1; i <= parts.length; i++) {
    const prefix = `/${parts.slice(0, i).join('/')}`;
    const walk = ns.walk(prefix, '/', true);
    const last = i === parts.length;
    if (walk.loc) {
      if (!last && !isDirectory(walk.loc)) throw fault('ENOTDIR');
      if (last && directory && !isDirectory(walk.loc)) throw fault('ENOTDIR');
      if (last && !directory && isDirectory(walk.loc)) throw fault('EISDIR');
      continue;
    }
    if (walk.dotted) continue;
    const { backing } = walk.dir.mount;
    backing.create(walk.dir, walk.name, (parent) =>
      last && !directory
        ? backing.tree.createFile(parent, walk.name, { mode: 0o755 })
        : backing.tree.mkdir(parent, walk.name, { mode: 0o755 }),
    );
  }
  const walk = ns.walk(path, '/', true);
  if (!walk.loc) throw new FsError('ENOENT', path, 'mount');
  return walk.loc.path;
}
