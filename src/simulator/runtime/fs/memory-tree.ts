import { fault, splitPath } from './fs-fault.js';
import { StorageQuota } from './storage-quota.js';
import type {
  DeviceKind,
  DirectoryNode,
  FileNode,
  InodeFields,
  InodeNode,
  NodeAttributes,
  SymlinkNode,
  TreeNode,
} from './tree-nodes.js';

/**
 * An in-memory directory tree: the storage behind an image layer, a container's writable layer,
 * an emptyDir, a configMap volume or a node's disk. It knows inodes, not paths: path resolution,
 * symlinks and mounts are the business of the container view (`ContainerFileSystem`), which
 * calls these primitives. Every inode and every content byte is charged to a `StorageQuota`.
 */

export interface MemoryTreeOptions {
  /** Source of mtimes: the simulated clock, never the host's. */
  clock: { now(): Date };
  quota?: StorageQuota;
  /** Inode number of the root; later inodes count up from it. */
  firstIno?: number;
  root?: NodeAttributes;
}

export class MemoryTree {
  readonly root: DirectoryNode;
  readonly quota: StorageQuota;
  private readonly clock: { now(): Date };
  private inoCounter: number;
  private isFrozen = false;
  private readonly watchers = new Map<InodeNode, Set<() => void>>();

  constructor(options: MemoryTreeOptions) {
    this.clock = options.clock;
    this.quota = options.quota ?? new StorageQuota();
    this.inoCounter = options.firstIno ?? 2;
    this.quota.reserve(0, 1);
    this.root = this.newDirectory(undefined, { mode: 0o755, ...options.root });
  }

  /** The inode number the next new entry gets. */
  get nextIno(): number {
    return this.inoCounter;
  }

  /** Only for restoring a serialised tree. */
  set nextIno(value: number) {
    this.inoCounter = Math.max(this.inoCounter, value);
  }

  get frozen(): boolean {
    return this.isFrozen;
  }

  /** Makes the tree read-only for good: image layers are shared by every container. */
  freeze(): void {
    this.isFrozen = true;
  }

  now(): number {
    return this.clock.now().getTime();
  }

  /** The node at a plain path, without following symlinks (for builders, tests, the kubelet). */
  get(path: string): TreeNode | undefined {
    let node: TreeNode = this.root;
    for (const name of splitPath(path)) {
      if (node.type !== 'directory') return undefined;
      const next: TreeNode | undefined = node.entries.get(name);
      if (!next) return undefined;
      node = next;
    }
    return node;
  }

  mkdir(parent: DirectoryNode, name: string, attributes: NodeAttributes = {}): DirectoryNode {
    this.assertFree(parent, name);
    this.quota.reserve(0, 1);
    const node = this.newDirectory(parent, attributes);
    this.place(parent, name, node, true);
    return node;
  }

  createFile(
    parent: DirectoryNode,
    name: string,
    attributes: NodeAttributes & { data?: Uint8Array; shared?: boolean; device?: DeviceKind } = {},
  ): FileNode {
    this.assertFree(parent, name);
    const data = attributes.data ?? new Uint8Array(0);
    this.quota.reserve(data.length, 1);
    const node: FileNode = {
      type: 'file',
      ...this.inodeFields(attributes, 0o644),
      // Callers may reuse their buffer: keep our own copy unless it is an immutable shared one.
      data: attributes.shared ? data : new Uint8Array(data),
      size: data.length,
      nlink: 1,
      shared: attributes.shared ?? false,
      device: attributes.device,
    };
    this.place(parent, name, node, true);
    return node;
  }

  createSymlink(
    parent: DirectoryNode,
    name: string,
    target: string,
    attributes: NodeAttributes = {},
  ): SymlinkNode {
    this.assertFree(parent, name);
    this.quota.reserve(0, 1);
    const node: SymlinkNode = {
      type: 'symlink',
      ...this.inodeFields(attributes, 0o777),
      target,
      nlink: 1,
    };
    this.place(parent, name, node, true);
    return node;
  }

  createWhiteout(parent: DirectoryNode, name: string): void {
    this.assertWritable();
    this.place(parent, name, { type: 'whiteout' }, true);
  }

  /** A hard link: one more name for the same inode. */
  link(parent: DirectoryNode, name: string, node: FileNode | SymlinkNode): void {
    this.assertWritable();
    node.nlink++;
    this.place(parent, name, node, true);
  }

  /** Deletes an entry; an inode whose last name goes away gives its room back (subtrees too). */
  remove(parent: DirectoryNode, name: string): void {
    this.assertWritable();
    const node = parent.entries.get(name);
    if (!node) return;
    parent.entries.delete(name);
    parent.mtimeMs = this.now();
    this.release(node);
  }

  /** Takes an entry out without freeing it, to `attach` it elsewhere (rename). */
  detach(parent: DirectoryNode, name: string): TreeNode | undefined {
    this.assertWritable();
    const node = parent.entries.get(name);
    if (!node) return undefined;
    parent.entries.delete(name);
    parent.mtimeMs = this.now();
    if (node.type === 'directory') node.parent = undefined;
    return node;
  }

  /** Puts a detached entry (or a copied-up one) under `name`, which must be free. */
  attach(parent: DirectoryNode, name: string, node: TreeNode, touchParent = true): void {
    this.assertWritable();
    this.place(parent, name, node, touchParent);
  }

  /** Charges an inode copied in from elsewhere (overlay copy-up) to this tree's quota. */
  adopt(node: InodeNode): void {
    this.assertWritable();
    this.quota.reserve(node.type === 'file' ? node.size : 0, 1);
  }

  /** Replaces a file's content (`>`). */
  replaceContent(file: FileNode, bytes: Uint8Array): void {
    this.assertWritable();
    if (file.device) {
      this.touch(file);
      return;
    }
    this.quota.reserve(bytes.length - file.size, 0);
    file.data = new Uint8Array(bytes);
    file.size = bytes.length;
    file.shared = false;
    this.touch(file);
  }

  /** Appends to a file (`>>`). */
  appendContent(file: FileNode, bytes: Uint8Array): void {
    this.assertWritable();
    if (file.device) {
      this.touch(file);
      return;
    }
    if (bytes.length === 0) {
      this.touch(file);
      return;
    }
    this.quota.reserve(bytes.length, 0);
    const needed = file.size + bytes.length;
    if (file.shared || file.data.length < needed) {
      const grown = new Uint8Array(Math.max(needed, 64, file.shared ? 0 : file.data.length * 2));
      grown.set(file.data.subarray(0, file.size));
      file.data = grown;
      file.shared = false;
    }
    file.data.set(bytes, file.size);
    file.size = needed;
    this.touch(file);
  }

  truncate(file: FileNode, length: number): void {
    this.assertWritable();
    if (file.device) {
      this.touch(file);
      return;
    }
    if (length > file.size) {
      this.quota.reserve(length - file.size, 0);
      const grown = new Uint8Array(length);
      grown.set(file.data.subarray(0, file.size));
      file.data = grown;
      file.shared = false;
    } else {
      this.quota.release(file.size - length, 0);
      if (file.shared) {
        file.data = file.data.slice(0, length);
        file.shared = false;
      } else {
        // Zero the cut-off tail so a later extension reads zeros, as on a real disk.
        file.data.fill(0, length, file.size);
      }
    }
    file.size = length;
    this.touch(file);
  }

  setMode(node: InodeNode, mode: number): void {
    this.assertWritable();
    node.mode = mode & 0o7777;
  }

  setOwner(node: InodeNode, uid: number, gid: number): void {
    this.assertWritable();
    if (uid >= 0) node.uid = uid;
    if (gid >= 0) node.gid = gid;
  }

  touch(node: InodeNode, mtimeMs: number = this.now()): void {
    this.assertWritable();
    node.mtimeMs = mtimeMs;
  }

  /** Calls `listener` after changes to `node` or, for a directory, anywhere below it. */
  watch(node: InodeNode, listener: () => void): () => void {
    let set = this.watchers.get(node);
    if (!set) {
      set = new Set();
      this.watchers.set(node, set);
    }
    set.add(listener);
    return () => {
      const current = this.watchers.get(node);
      current?.delete(listener);
      if (current?.size === 0) this.watchers.delete(node);
    };
  }

  /** Tells watchers of `node`, of `dir` and of every directory above `dir` that something changed. */
  notify(node: TreeNode | undefined, dir: DirectoryNode | undefined): void {
    if (this.watchers.size === 0) return;
    const due = new Set<() => void>();
    const collect = (target: TreeNode | undefined) => {
      if (!target || target.type === 'whiteout') return;
      for (const listener of this.watchers.get(target) ?? []) due.add(listener);
    };
    collect(node);
    for (let at = dir; at; at = at.parent) collect(at);
    for (const listener of due) {
      try {
        listener();
      } catch {
        // A watcher's bug must not turn a successful write into a failed one.
      }
    }
  }

  private assertWritable(): void {
    if (this.isFrozen) throw fault('EROFS');
  }

  /** Checked before charging the quota, so a failed create leaves the books straight. */
  private assertFree(parent: DirectoryNode, name: string): void {
    this.assertWritable();
    const existing = parent.entries.get(name);
    if (existing && existing.type !== 'whiteout') throw fault('EEXIST');
  }

  private inodeFields(attributes: NodeAttributes, defaultMode: number): InodeFields {
    return {
      ino: attributes.ino ?? this.inoCounter++,
      mode: (attributes.mode ?? defaultMode) & 0o7777,
      uid: attributes.uid ?? 0,
      gid: attributes.gid ?? 0,
      mtimeMs: attributes.mtimeMs ?? this.now(),
    };
  }

  private newDirectory(
    parent: DirectoryNode | undefined,
    attributes: NodeAttributes,
  ): DirectoryNode {
    return {
      type: 'directory',
      ...this.inodeFields(attributes, 0o755),
      entries: new Map(),
      parent,
      opaque: false,
    };
  }

  private place(parent: DirectoryNode, name: string, node: TreeNode, touchParent: boolean): void {
    const existing = parent.entries.get(name);
    if (existing && existing.type !== 'whiteout') throw fault('EEXIST');
    parent.entries.set(name, node);
    if (node.type === 'directory') node.parent = parent;
    if (touchParent) parent.mtimeMs = this.now();
  }

  private release(node: TreeNode): void {
    if (node.type === 'whiteout') return;
    if (node.type === 'directory') {
      for (const child of node.entries.values()) this.release(child);
      node.entries.clear();
      node.parent = undefined;
      this.quota.release(0, 1);
      return;
    }
    node.nlink--;
    if (node.nlink > 0) return;
    this.quota.release(node.type === 'file' ? node.size : 0, 1);
  }
}
