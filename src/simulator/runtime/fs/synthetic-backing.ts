import { Backing, type Loc } from './backing.js';
import type { FileSystem, FsErrorCode } from './file-system.js';
import { toBytes } from './fs-fault.js';
import { MemoryTree } from './memory-tree.js';
import { type MountNamespace, namespaceOf } from './mount-namespace.js';
import { unlimitedQuota } from './storage-quota.js';
import type { DeviceKind, DirectoryNode, InodeNode, SymlinkNode } from './tree-nodes.js';

/**
 * A filesystem whose entries are generated when looked up, as procfs's are: a directory lists
 * names and makes children on demand, a file's content is computed at each open, and what
 * either shows may depend on who looks (`/proc/self`). The reader is whoever the filesystem view
 * in use was made for (`ContainerFileSystem.viewFor`); the view names it for the length of each
 * (synchronous) call with `asViewer`. Nothing here can be changed: writes fail with the entry's
 * `writeError` (EACCES by default, as procfs refuses to create or change files).
 */

/** Who reads: a process, as the filesystem view it uses was made for; undefined for the runtime. */
export type Viewer = object | undefined;

export interface SyntheticFile {
  readonly type: 'file';
  content(viewer: Viewer): Uint8Array | string;
  mode?: number;
  /** A character device bound over the path (runc masks `/proc/kcore` with `/dev/null`). */
  device?: DeviceKind;
  mtimeMs?: number;
}

export interface SyntheticSymlink {
  readonly type: 'symlink';
  target: string;
  /** A magic link: following it enters this filesystem's root, whatever `target` says. */
  enter?(): FileSystem | undefined;
}

export interface SyntheticDirectory {
  readonly type: 'directory';
  /** Entry names, in any order (readdir sorts). */
  names(viewer: Viewer): string[];
  child(name: string, viewer: Viewer): SyntheticEntry | undefined;
  mode?: number;
  mtimeMs?: number;
  /** Why writes below fail: EACCES unless said otherwise (a read-only tmpfs says EROFS). */
  writeError?: FsErrorCode;
}

export type SyntheticEntry = SyntheticFile | SyntheticSymlink | SyntheticDirectory;

let currentViewer: Viewer;

/** Runs a filesystem call on behalf of `viewer` (every call is synchronous, so this nests safely). */
export function asViewer<T>(viewer: Viewer, body: () => T): T {
  const before = currentViewer;
  currentViewer = viewer;
  try {
    return body();
  } finally {
    currentViewer = before;
  }
}

export class SyntheticBacking extends Backing {
  /** What each generated node stands for; nodes are made afresh by every lookup. */
  private readonly entries = new WeakMap<InodeNode, SyntheticEntry>();
  /** Inode numbers stay the same for a path, as they do while a procfs entry lives. */
  private readonly inodes = new Map<string, number>();

  constructor(
    root: SyntheticDirectory,
    private readonly clock: { now(): Date },
  ) {
    const tree = new MemoryTree({ clock, quota: unlimitedQuota(), firstIno: 1 });
    tree.freeze();
    super(tree, tree.root);
    tree.root.mode = root.mode ?? 0o555;
    this.entries.set(tree.root, root);
  }

  override lookup(dir: Loc, name: string) {
    const entry = this.directoryOf(dir)?.child(name, currentViewer);
    if (!entry) return undefined;
    const parent = dir.upper as DirectoryNode;
    return { upper: this.node(entry, `${dir.path}/${name}`, parent), lower: undefined };
  }

  override list(dir: Loc): string[] {
    return this.directoryOf(dir)?.names(currentViewer) ?? [];
  }

  override subdirectoryCount(dir: Loc): number {
    const entry = this.directoryOf(dir);
    if (!entry) return 0;
    return entry
      .names(currentViewer)
      .filter((name) => entry.child(name, currentViewer)?.type === 'directory').length;
  }

  override enter(link: Loc): MountNamespace | undefined {
    const entry = link.upper && this.entries.get(link.upper);
    const fs = entry?.type === 'symlink' ? entry.enter?.() : undefined;
    return fs ? namespaceOf(fs) : undefined;
  }

  override refusal(loc: Loc): FsErrorCode {
    for (let at: Loc | undefined = loc; at && at.mount === loc.mount; at = at.parent) {
      const entry = at.upper && this.entries.get(at.upper);
      if (entry?.type === 'directory' && entry.writeError) return entry.writeError;
    }
    return 'EACCES';
  }

  override statSize(_node: InodeNode): number {
    return 0;
  }

  override linkCount(dir: Loc): number {
    return 2 + this.subdirectoryCount(dir);
  }

  /** Nothing here announces changes: `tail -f` of a procfs file sees none either. */
  override watch(_loc: Loc, _listener: () => void): () => void {
    return () => {};
  }

  private directoryOf(loc: Loc): SyntheticDirectory | undefined {
    const entry = loc.upper && this.entries.get(loc.upper);
    return entry?.type === 'directory' ? entry : undefined;
  }

  private node(entry: SyntheticEntry, path: string, parent: DirectoryNode): InodeNode {
    let ino = this.inodes.get(path);
    if (ino === undefined) {
      ino = this.inodes.size + 2;
      this.inodes.set(path, ino);
    }
    const now = this.clock.now().getTime();
    const fields = { ino, uid: 0, gid: 0 };
    let node: InodeNode;
    if (entry.type === 'file') {
      const data = entry.device ? new Uint8Array(0) : toBytes(entry.content(currentViewer));
      node = {
        type: 'file',
        ...fields,
        mode: entry.mode ?? 0o444,
        mtimeMs: entry.mtimeMs ?? now,
        data,
        size: data.length,
        nlink: 1,
        shared: true,
        device: entry.device,
      };
    } else if (entry.type === 'symlink') {
      const link: SymlinkNode = {
        type: 'symlink',
        ...fields,
        mode: 0o777,
        mtimeMs: now,
        target: entry.target,
        nlink: 1,
      };
      node = link;
    } else {
      node = {
        type: 'directory',
        ...fields,
        mode: entry.mode ?? 0o555,
        mtimeMs: entry.mtimeMs ?? now,
        entries: new Map(),
        parent,
        opaque: false,
      };
    }
    this.entries.set(node, entry);
    return node;
  }
}
