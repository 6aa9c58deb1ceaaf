import { Backing, isDirectory, type Loc, nodeOf } from './backing.js';
import type { FileStat, FileSystem, WriteOptions } from './file-system.js';
import { asSyscall, byteOrder, fault, joinPath, toBytes } from './fs-fault.js';
import type { ImageLayer } from './image-layer.js';
import type { MemoryTree } from './memory-tree.js';
import { MountNamespace } from './mount-namespace.js';
import { directoryLinkCount, type FileNode } from './tree-nodes.js';
import { mountVolumes, type VolumeMount } from './volume-mounts.js';
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
  ) {
    this.at = { ns, cwd };
  }

  static create(options: ContainerFileSystemOptions): ContainerFileSystem {
    const root = new Backing(options.upper, options.upper.root, options.image?.tree);
    const ns = new MountNamespace(root, options.readOnlyRootFilesystem ?? false);
    mountVolumes(ns, options.mounts ?? []);
    const fs = new ContainerFileSystem(ns, '/');
    return options.cwd ? fs.withCwd(options.cwd) : fs;
  }

  /** The same filesystem, resolving relative paths from `cwd` (which must be a directory). */
  withCwd(cwd: string): ContainerFileSystem {
    const absolute = cwd.startsWith('/') ? cwd : joinPath(this.cwd, cwd);
    const dir = asSyscall('chdir', [cwd], () => this.ns.directory(absolute));
    return new ContainerFileSystem(this.ns, dir.path);
  }

  stat(path: string): FileStat {
    return asSyscall('stat', [path], () => describe(this.existing(path, true)));
  }

  lstat(path: string): FileStat {
    return asSyscall('lstat', [path], () => describe(this.existing(path, false)));
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
    return asSyscall('open', [path], () => {
      const file = regularFile(this.existing(path, true));
      return file.device ? new Uint8Array(0) : file.data.slice(0, file.size);
    });
  }

  readRange(path: string, offset: number, length: number): Uint8Array {
    return asSyscall('read', [path], () => {
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
      asSyscall('open', [path], () => write.writeFile(this.at, path, toBytes(data), options)),
    );
  }

  mkdir(path: string, options: { recursive?: boolean; mode?: number } = {}): void {
    asSyscall('mkdir', [path], () => write.mkdir(this.at, path, options));
  }

  readdir(path: string): string[] {
    return asSyscall('scandir', [path], () => {
      const loc = this.existing(path, true);
      if (!isDirectory(loc)) throw fault('ENOTDIR');
      const names = new Set(loc.mount.backing.list(loc));
      for (const name of this.ns.mountPointNames(loc.path)) names.add(name);
      return byteOrder(names);
    });
  }

  unlink(path: string): void {
    this.charged(() => asSyscall('unlink', [path], () => write.unlink(this.at, path)));
  }

  rmdir(path: string): void {
    asSyscall('rmdir', [path], () => write.rmdir(this.at, path));
  }

  rename(from: string, to: string): void {
    this.charged(() => asSyscall('rename', [from, to], () => write.rename(this.at, from, to)));
  }

  symlink(target: string, path: string): void {
    asSyscall('symlink', [path], () => write.symlink(this.at, target, path));
  }

  readlink(path: string): string {
    return asSyscall('readlink', [path], () => {
      const node = nodeOf(this.existing(path, false));
      if (node.type !== 'symlink') throw fault('EINVAL');
      return node.target;
    });
  }

  link(existing: string, path: string): void {
    asSyscall('link', [existing, path], () => write.link(this.at, existing, path));
  }

  chmod(path: string, mode: number): void {
    asSyscall('chmod', [path], () =>
      write.changeNode(this.existing(path, true), (tree, node) => tree.setMode(node, mode)),
    );
  }

  chown(path: string, uid: number, gid: number): void {
    asSyscall('chown', [path], () =>
      write.changeNode(this.existing(path, true), (tree, node) => tree.setOwner(node, uid, gid)),
    );
  }

  truncate(path: string, length: number): void {
    this.charged(() => asSyscall('truncate', [path], () => write.truncate(this.at, path, length)));
  }

  realpath(path: string): string {
    return asSyscall('realpath', [path], () => this.existing(path, true).path);
  }

  /**
   * Calls `listener` (synchronously, right after the change) for changes to `path` or below
   * it — including inside mounts below it, and changes made by other containers sharing a volume.
   */
  watch(path: string, listener: () => void): () => void {
    return asSyscall('watch', [path], () => {
      const loc = this.existing(path, true);
      const stops = [loc.mount.backing.watch(loc, listener)];
      if (isDirectory(loc)) {
        for (const mount of this.ns.mountsBelow(loc.path)) {
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
    return asSyscall('statfs', [path], () => {
      const { usedBytes, maxBytes, usedEntries, maxEntries } = this.existing(path, true).mount
        .backing.tree.quota;
      return { usedBytes, maxBytes, usedEntries, maxEntries };
    });
  }

  /** The mount table, root first (for `mount`, `df` and `/proc/mounts`). */
  mounts(): { path: string; readOnly: boolean }[] {
    return this.ns.mounts().map(({ path, readOnly }) => ({ path, readOnly }));
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
  if (node.type === 'directory') {
    // A merged directory counts the subdirectories of both layers.
    const merged = loc.lower && loc.upper;
    const nlink = merged ? 2 + loc.mount.backing.subdirectoryCount(loc) : directoryLinkCount(node);
    return { type: 'directory', size: 4096, nlink, ...common };
  }
  if (node.type === 'symlink') {
    return { type: 'symlink', size: Buffer.byteLength(node.target), nlink: node.nlink, ...common };
  }
  if (node.device)
    return { type: 'file', size: 0, nlink: node.nlink, ...common, device: node.device };
  return { type: 'file', size: node.size, nlink: node.nlink, ...common };
}
