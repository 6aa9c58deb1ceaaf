import { Backing, isDirectory, type Loc, nodeOf } from './backing.js';
import type { FileStat, FileSystem, WriteOptions } from './file-system.js';
import { asSyscall, byteOrder, fault, joinPath, toBytes } from './fs-fault.js';
import type { ImageLayer } from './image-layer.js';
import type { MemoryTree } from './memory-tree.js';
import { MountNamespace, registerView } from './mount-namespace.js';
import {
  asViewer,
  SyntheticBacking,
  type SyntheticDirectory,
  type Viewer,
} from './synthetic-backing.js';
import type { FileNode } from './tree-nodes.js';
import { mountBacking, mountVolumes, type VolumeMount } from './volume-mounts.js';
import * as write from './write-operations.js';

export type { VolumeMount } from './volume-mounts.js';

export interface ContainerFileSystemOptions {
  /** The image's read-only layer; omit it for a plain tree (a node's own filesystem). */
  image?: ImageLayer;
  /** The container's writable layer (`newContainerLayer(image)`), or the whole tree without image. */
  upper: MemoryTree;
  /** Volumes, subPaths and bind-mounted files (`/etc/hosts`…), in any order. */
  mounts?: readonly VolumeMount[];
  /** `securityContext.readOnlyRootFilesystem`: the root takes no writes, mounts still may. */
  readOnlyRootFilesystem?: boolean;
  /** Where relative paths start (default `/`). */
  cwd?: string;
  /**
   * Generated filesystems (procfs at `/proc`), mounted after the volumes. They are not part of
   * `mounts()`: the mount table lists pseudo filesystems itself.
   */
  pseudo?: readonly { path: string; root: SyntheticDirectory; clock: { now(): Date } }[];
}

/** Space used and left on the disk behind a path, for `df`. */
export interface DiskUsage {
  usedBytes: number;
  maxBytes: number;
  usedEntries: number;
  maxEntries: number;
}

/**
 * The filesystem one container (or a node) sees: a root over its image plus the mount table.
 * Views made with `withCwd` share everything but the working directory, so an `exec` session
 * and the main process see each other's writes — and two containers mounting one volume tree
 * see each other's at once. No permission checks: every process acts as root.
 */
export class ContainerFileSystem implements FileSystem {
  private readonly at: write.Where;

  private constructor(
    private readonly ns: MountNamespace,
    /** Canonical working directory. */
    readonly cwd: string,
    /** The process this view is for: what `/proc/self` and the like answer to. */
    private readonly viewer: Viewer = undefined,
  ) {
    this.at = { ns, cwd };
    registerView(this, ns);
  }

  static create(options: ContainerFileSystemOptions): ContainerFileSystem {
    const root = new Backing(options.upper, options.upper.root, options.image?.tree);
    const ns = new MountNamespace(root, options.readOnlyRootFilesystem ?? false);
    mountVolumes(ns, options.mounts ?? []);
    for (const pseudo of options.pseudo ?? []) {
      mountBacking(ns, pseudo.path, new SyntheticBacking(pseudo.root, pseudo.clock));
    }
    const fs = new ContainerFileSystem(ns, '/');
    return options.cwd ? fs.withCwd(options.cwd) : fs;
  }

  /** The same filesystem, resolving relative paths from `cwd` (which must be a directory). */
  withCwd(cwd: string): ContainerFileSystem {
    const absolute = cwd.startsWith('/') ? cwd : joinPath(this.cwd, cwd);
    const dir = this.sys('chdir', [cwd], () => this.ns.directory(absolute));
    return new ContainerFileSystem(this.ns, dir.path, this.viewer);
  }

  /** The same filesystem as `viewer` (a process) sees it: `/proc/self` is that process. */
  viewFor(viewer: object): ContainerFileSystem {
    return new ContainerFileSystem(this.ns, this.cwd, viewer);
  }

  stat(path: string): FileStat {
    return this.sys('stat', [path], () => describe(this.existing(path, true)));
  }

  lstat(path: string): FileStat {
    return this.sys('lstat', [path], () => describe(this.existing(path, false)));
  }

  exists(path: string): boolean {
    try {
      this.stat(path);
      return true;
    } catch {
      return false;
    }
  }

  readFile(path: string): Uint8Array {
    return this.sys('open', [path], () => {
      const file = regularFile(this.existing(path, true));
      return file.device ? new Uint8Array(0) : file.data.slice(0, file.size);
    });
  }

  readRange(path: string, offset: number, length: number): Uint8Array {
    return this.sys('read', [path], () => {
      if (offset < 0 || length < 0) throw fault('EINVAL');
      const file = regularFile(this.existing(path, true));
      if (file.device === 'null') return new Uint8Array(0);
      if (file.device === 'zero') return new Uint8Array(length);
      if (file.device) return crypto.getRandomValues(new Uint8Array(length));
      const start = Math.min(offset, file.size);
      return file.data.slice(start, Math.min(file.size, start + length));
    });
  }

  writeFile(path: string, data: Uint8Array | string, options: WriteOptions = {}): void {
    this.charged(() =>
      this.sys('open', [path], () => write.writeFile(this.at, path, toBytes(data), options)),
    );
  }

  mkdir(path: string, options: { recursive?: boolean; mode?: number } = {}): void {
    this.sys('mkdir', [path], () => write.mkdir(this.at, path, options));
  }

  readdir(path: string): string[] {
    return this.sys('scandir', [path], () => {
      const loc = this.existing(path, true);
      if (!isDirectory(loc)) throw fault('ENOTDIR');
      const names = new Set(loc.mount.backing.list(loc));
      for (const name of (loc.ns ?? this.ns).mountPointNames(loc.path)) names.add(name);
      return byteOrder(names);
    });
  }

  unlink(path: string): void {
    this.charged(() => this.sys('unlink', [path], () => write.unlink(this.at, path)));
  }

  rmdir(path: string): void {
    this.sys('rmdir', [path], () => write.rmdir(this.at, path));
  }

  rename(from: string, to: string): void {
    this.charged(() => this.sys('rename', [from, to], () => write.rename(this.at, from, to)));
  }

  symlink(target: string, path: string): void {
    this.sys('symlink', [path], () => write.symlink(this.at, target, path));
  }

  readlink(path: string): string {
    return this.sys('readlink', [path], () => {
      const node = nodeOf(this.existing(path, false));
      if (node.type !== 'symlink') throw fault('EINVAL');
      return node.target;
    });
  }

  link(existing: string, path: string): void {
    this.sys('link', [existing, path], () => write.link(this.at, existing, path));
  }

  chmod(path: string, mode: number): void {
    this.sys('chmod', [path], () =>
      write.changeNode(this.existing(path, true), (tree, node) => tree.setMode(node, mode)),
    );
  }

  chown(path: string, uid: number, gid: number): void {
    this.sys('chown', [path], () =>
      write.changeNode(this.existing(path, true), (tree, node) => tree.setOwner(node, uid, gid)),
    );
  }

  truncate(path: string, length: number): void {
    this.charged(() => this.sys('truncate', [path], () => write.truncate(this.at, path, length)));
  }

  realpath(path: string): string {
    return this.sys('realpath', [path], () => this.existing(path, true).path);
  }

  /**
   * Calls `listener` (synchronously, right after the change) for changes to `path` or below
   * it — including inside mounts below it, and changes made by other containers sharing a volume.
   */
  watch(path: string, listener: () => void): () => void {
    return this.sys('watch', [path], () => {
      const loc = this.existing(path, true);
      const stops = [loc.mount.backing.watch(loc, listener)];
      if (isDirectory(loc)) {
        for (const mount of (loc.ns ?? this.ns).mountsBelow(loc.path)) {
          const root = {
            ...loc,
            mount,
            upper: mount.backing.root,
            lower: undefined,
            path: mount.path,
          };
          stops.push(mount.backing.watch(root, listener));
        }
      }
      return () => {
        for (const stop of stops.splice(0)) stop();
      };
    });
  }

  /** How full the disk behind `path` is. */
  usage(path: string): DiskUsage {
    return this.sys('statfs', [path], () => {
      const { usedBytes, maxBytes, usedEntries, maxEntries } = this.existing(path, true).mount
        .backing.tree.quota;
      return { usedBytes, maxBytes, usedEntries, maxEntries };
    });
  }

  /** The mount table, root first (for `mount`, `df` and `/proc/mounts`), pseudo filesystems aside. */
  mounts(): { path: string; readOnly: boolean }[] {
    return this.ns
      .mounts()
      .filter((mount) => !(mount.backing instanceof SyntheticBacking))
      .map(({ path, readOnly }) => ({ path, readOnly }));
  }

  /**
   * Runs a change that may grow or shrink memory-backed trees, and charges the difference to
   * their cgroups afterwards (tmpfs pages belong to the memory cgroup of who touched them).
   */
  private charged(change: () => void): void {
    const charges = this.ns.charges;
    if (charges.length === 0) {
      change();
      return;
    }
    const before = charges.map((c) => c.tree.quota.usedBytes);
    try {
      change();
    } finally {
      charges.forEach((c, i) => {
        const delta = c.tree.quota.usedBytes - (before[i] ?? 0);
        if (delta !== 0) c.memory.charge(delta);
      });
    }
  }

  private existing(path: string, follow: boolean): Loc {
    return this.ns.existing(path, this.cwd, follow);
  }

  /** One system call: its faults named after the caller's path, made on behalf of the viewer. */
  private sys<T>(syscall: string, paths: readonly string[], body: () => T): T {
    return asViewer(this.viewer, () => asSyscall(syscall, paths, body));
  }
}

function regularFile(loc: Loc): FileNode {
  const node = nodeOf(loc);
  if (node.type === 'directory') throw fault('EISDIR');
  if (node.type !== 'file') throw fault('EINVAL');
  return node;
}

function describe(loc: Loc): FileStat {
  const node = nodeOf(loc);
  const { mode, uid, gid, mtimeMs, ino } = node;
  const common = { mode, uid, gid, mtimeMs, ino };
  const { backing } = loc.mount;
  if (node.type === 'directory') {
    return {
      type: 'directory',
      size: backing.statSize(node),
      nlink: backing.linkCount(loc),
      ...common,
    };
  }
  if (node.type === 'symlink') {
    return { type: 'symlink', size: backing.statSize(node), nlink: node.nlink, ...common };
  }
  if (node.device)
    return { type: 'file', size: 0, nlink: node.nlink, ...common, device: node.device };
  return { type: 'file', size: backing.statSize(node), nlink: node.nlink, ...common };
}
