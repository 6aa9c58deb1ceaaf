import type { FsErrorCode } from './file-system.js';
import { joinPath } from './fs-fault.js';
import type { MemoryTree } from './memory-tree.js';
import type { MountNamespace } from './mount-namespace.js';
import { type DirectoryNode, directoryLinkCount, type InodeNode } from './tree-nodes.js';

/**
 * What one mount shows: a node of a `MemoryTree` (a volume, a subPath, a bind-mounted file) or,
 * for a container's root, an overlay of a writable upper tree on a read-only image layer.
 *
 * The overlay follows overlayfs: lookups look in the upper layer first, then the lower one; the
 * first write to a lower file or directory copies it up (keeping its inode number and times);
 * deleting a name the lower layer has leaves a whiteout; a directory made where a whiteout was
 * is opaque, hiding the lower directory's old content.
 */

/** An entry of the mount table. */
export interface MountPoint {
  /** Canonical path in the container (symlinks resolved when it was mounted). */
  readonly path: string;
  readonly backing: Backing;
  readonly readOnly: boolean;
}

/**
 * A resolved location: one entry as seen through the mount table. Made fresh by every path
 * walk and never kept: a copy-up elsewhere can make a kept one stale.
 */
export interface Loc {
  readonly mount: MountPoint;
  upper: InodeNode | undefined;
  readonly lower: InodeNode | undefined;
  /** Name in the parent directory (empty for a mount root). */
  readonly name: string;
  /** The directory `..` leads to; for a mount root, the directory holding the mount point. */
  readonly parent: Loc | undefined;
  /** Canonical absolute path. */
  readonly path: string;
  readonly isMountRoot: boolean;
  /**
   * The mount namespace whose table applies at and below this entry, when it is not the one
   * walking: past a `/proc/PID/root` link, paths are that process's (its mounts, its root).
   */
  readonly ns?: MountNamespace;
}

export function nodeOf(loc: Loc): InodeNode {
  return (loc.upper ?? loc.lower) as InodeNode;
}

export function isDirectory(loc: Loc): boolean {
  return nodeOf(loc).type === 'directory';
}

interface Found {
  upper: InodeNode | undefined;
  lower: InodeNode | undefined;
}

export class Backing {
  /** Watchers of an overlay, by path: its directories come and go with copy-ups. */
  private readonly pathWatchers = new Map<string, Set<() => void>>();

  constructor(
    readonly tree: MemoryTree,
    readonly root: InodeNode,
    readonly lower?: MemoryTree,
  ) {}

  /**
   * For a magic link (`/proc/PID/root`): the mount namespace whose root following it enters.
   * Ordinary symlinks resolve by their target text.
   */
  enter(_link: Loc): MountNamespace | undefined {
    return undefined;
  }

  /** Why a change at `loc` fails when this backing takes none (its tree is frozen). */
  refusal(_loc: Loc): FsErrorCode {
    return 'EROFS';
  }

  /** What stat(2) says the size is (procfs says 0 for everything, whatever it holds). */
  statSize(node: InodeNode): number {
    if (node.type === 'directory') return 4096;
    return node.type === 'symlink' ? Buffer.byteLength(node.target) : node.size;
  }

  /** A directory's link count: itself, `.`, and each subdirectory's `..` (both layers'). */
  linkCount(dir: Loc): number {
    const node = nodeOf(dir);
    if (node.type !== 'directory') return 1;
    // A merged directory counts the subdirectories of both layers.
    return dir.lower && dir.upper ? 2 + this.subdirectoryCount(dir) : directoryLinkCount(node);
  }

  /** The entry `name` of directory `dir`, merged across layers; undefined when absent. */
  lookup(dir: Loc, name: string): Found | undefined {
    const upperDir = asDirectory(dir.upper);
    const upper = upperDir?.entries.get(name);
    if (upper?.type === 'whiteout') return undefined;
    const lowerDir = this.visibleLower(dir);
    const lower = lowerDir?.entries.get(name);
    if (upper) {
      const mergeLower = upper.type === 'directory' && !upper.opaque && lower?.type === 'directory';
      return { upper, lower: mergeLower ? lower : undefined };
    }
    if (!lower || lower.type === 'whiteout') return undefined;
    return { upper: undefined, lower };
  }

  /** Names in a directory, unsorted. */
  list(dir: Loc): string[] {
    const names = new Set<string>();
    const upperDir = asDirectory(dir.upper);
    for (const [name, node] of upperDir?.entries ?? [])
      if (node.type !== 'whiteout') names.add(name);
    const lowerDir = this.visibleLower(dir);
    for (const [name, node] of lowerDir?.entries ?? []) {
      if (node.type !== 'whiteout' && !upperDir?.entries.has(name)) names.add(name);
    }
    return [...names];
  }

  subdirectoryCount(dir: Loc): number {
    let count = 0;
    for (const name of this.list(dir)) {
      const found = this.lookup(dir, name);
      if (found && (found.upper ?? found.lower)?.type === 'directory') count++;
    }
    return count;
  }

  /** The writable copy of `loc`, copying it (and its parents) up from the image when needed. */
  ensureUpper(loc: Loc): InodeNode {
    if (loc.upper) return loc.upper;
    const lower = loc.lower;
    if (!lower || !loc.parent || loc.parent.mount !== loc.mount) {
      throw new Error(`BUG: nothing to copy up at ${loc.path}`);
    }
    const parent = this.ensureUpperDirectory(loc.parent);
    // Another walk of this operation may already have copied it up.
    const existing = parent.entries.get(loc.name);
    if (existing && existing.type !== 'whiteout') {
      loc.upper = existing;
      return existing;
    }
    this.tree.adopt(lower);
    const fields = { ino: lower.ino, mode: lower.mode, uid: lower.uid, gid: lower.gid };
    const copy: InodeNode =
      lower.type === 'directory'
        ? {
            type: 'directory',
            ...fields,
            mtimeMs: lower.mtimeMs,
            entries: new Map(),
            parent,
            opaque: false,
          }
        : lower.type === 'file'
          ? {
              type: 'file',
              ...fields,
              mtimeMs: lower.mtimeMs,
              data: lower.data,
              size: lower.size,
              nlink: 1,
              shared: true,
              device: lower.device,
            }
          : { type: 'symlink', ...fields, mtimeMs: lower.mtimeMs, target: lower.target, nlink: 1 };
    // Copy-up is invisible: the parent's mtime stays as it was.
    this.tree.attach(parent, loc.name, copy, false);
    loc.upper = copy;
    return copy;
  }

  ensureUpperDirectory(loc: Loc): DirectoryNode {
    const node = this.ensureUpper(loc);
    if (node.type !== 'directory') throw new Error(`BUG: ${loc.path} is not a directory`);
    return node;
  }

  /** Creates `name` in `dir` with `make`, replacing a whiteout (a new directory there is opaque). */
  create<T extends InodeNode>(dir: Loc, name: string, make: (parent: DirectoryNode) => T): T {
    const parent = this.ensureUpperDirectory(dir);
    const overWhiteout = parent.entries.get(name)?.type === 'whiteout';
    const node = make(parent);
    if (overWhiteout && node.type === 'directory') node.opaque = true;
    this.changedEntry(dir, name, undefined);
    return node;
  }

  remove(dir: Loc, name: string, loc: Loc): void {
    const parent = this.ensureUpperDirectory(dir);
    const lowerHasIt = this.lowerHas(dir, name);
    const old = nodeOf(loc);
    if (parent.entries.has(name)) this.tree.remove(parent, name);
    if (lowerHasIt) this.tree.createWhiteout(parent, name);
    this.changedEntry(dir, name, old);
  }

  /** rename(2) within this backing; the caller checked every precondition. */
  move(fromDir: Loc, fromName: string, from: Loc, toDir: Loc, toName: string, to: Loc | undefined) {
    // A directory moves with its whole merged content (what overlayfs's redirect_dir achieves).
    const node = isDirectory(from) ? this.copyUpTree(from) : this.ensureUpper(from);
    const source = this.ensureUpperDirectory(fromDir);
    const target = this.ensureUpperDirectory(toDir);
    const lowerAtSource = this.lowerHas(fromDir, fromName);
    const lowerAtTarget = this.lowerHas(toDir, toName);
    const replaced = to ? nodeOf(to) : undefined;
    if (target.entries.has(toName)) this.tree.remove(target, toName);
    this.tree.detach(source, fromName);
    if (lowerAtSource) this.tree.createWhiteout(source, fromName);
    this.tree.attach(target, toName, node);
    if (lowerAtTarget && node.type === 'directory') node.opaque = true;
    this.changedEntry(fromDir, fromName, undefined);
    this.changedEntry(toDir, toName, replaced);
  }

  /** Copies a directory and everything below it into the upper layer; it becomes opaque. */
  private copyUpTree(loc: Loc): DirectoryNode {
    const dir = this.ensureUpperDirectory(loc);
    if (!this.lower) return dir;
    for (const name of this.list(loc)) {
      const found = this.lookup(loc, name) as Found;
      const child: Loc = {
        ...found,
        mount: loc.mount,
        name,
        parent: loc,
        path: joinPath(loc.path, name),
        isMountRoot: false,
      };
      if (isDirectory(child)) this.copyUpTree(child);
      else this.ensureUpper(child);
    }
    dir.opaque = true;
    return dir;
  }

  watch(loc: Loc, listener: () => void): () => void {
    if (!this.lower) return this.tree.watch(nodeOf(loc), listener);
    let set = this.pathWatchers.get(loc.path);
    if (!set) {
      set = new Set();
      this.pathWatchers.set(loc.path, set);
    }
    set.add(listener);
    return () => {
      set.delete(listener);
      if (set.size === 0) this.pathWatchers.delete(loc.path);
    };
  }

  /** After a change to the content or attributes of `loc`. */
  changedNode(loc: Loc): void {
    if (this.lower) {
      this.firePaths(loc.path);
      return;
    }
    const parent = loc.isMountRoot ? undefined : asDirectory(loc.parent?.upper);
    this.tree.notify(loc.upper, parent);
  }

  /** After `name` appeared in, or left, directory `dir` (`old` is what was there before). */
  private changedEntry(dir: Loc, name: string, old: InodeNode | undefined): void {
    if (this.lower) {
      this.firePaths(joinPath(dir.path, name));
      return;
    }
    this.tree.notify(old, asDirectory(dir.upper));
  }

  private firePaths(path: string): void {
    if (this.pathWatchers.size === 0) return;
    const due = new Set<() => void>();
    for (let at = path; ; at = at.slice(0, Math.max(1, at.lastIndexOf('/')))) {
      for (const listener of this.pathWatchers.get(at) ?? []) due.add(listener);
      if (at === '/') break;
    }
    for (const listener of due) {
      try {
        listener();
      } catch {
        // A watcher's bug must not turn a successful write into a failed one.
      }
    }
  }

  private visibleLower(dir: Loc): DirectoryNode | undefined {
    const upperDir = asDirectory(dir.upper);
    if (upperDir?.opaque) return undefined;
    return asDirectory(dir.lower);
  }

  private lowerHas(dir: Loc, name: string): boolean {
    const lower = this.visibleLower(dir)?.entries.get(name);
    return lower !== undefined && lower.type !== 'whiteout';
  }
}

function asDirectory(node: InodeNode | undefined): DirectoryNode | undefined {
  return node?.type === 'directory' ? node : undefined;
}
