/**
 * The inodes a `MemoryTree` is made of. Plain data: the tree changes them, the container view
 * and the overlay read them directly.
 */
import type { DeviceKind } from './file-system.js';

export type { DeviceKind } from './file-system.js';

export interface InodeFields {
  ino: number;
  /** Permission bits, including setuid/setgid/sticky (0o7777). */
  mode: number;
  uid: number;
  gid: number;
  mtimeMs: number;
}

export interface DirectoryNode extends InodeFields {
  readonly type: 'directory';
  readonly entries: Map<string, TreeNode>;
  /** Directories have exactly one parent; it lets a change notify watchers of every ancestor. */
  parent: DirectoryNode | undefined;
  /** overlayfs: an upper directory that hides whatever the lower layer had at this path. */
  opaque: boolean;
}

export interface FileNode extends InodeFields {
  readonly type: 'file';
  /** Content in `data[0, size)`; the rest is spare capacity so appends stay amortised O(1). */
  data: Uint8Array;
  size: number;
  nlink: number;
  /** `data` belongs to someone else too (an image layer after copy-up): copy before writing. */
  shared: boolean;
  device: DeviceKind | undefined;
}

export interface SymlinkNode extends InodeFields {
  readonly type: 'symlink';
  readonly target: string;
  nlink: number;
}

/** overlayfs: marks a name deleted in the upper layer although the lower layer still has it. */
export interface WhiteoutNode {
  readonly type: 'whiteout';
}

export type InodeNode = DirectoryNode | FileNode | SymlinkNode;
export type TreeNode = InodeNode | WhiteoutNode;

export interface NodeAttributes {
  mode?: number;
  uid?: number;
  gid?: number;
  mtimeMs?: number;
  /** Keep this inode number (copy-up keeps the lower file's, as overlayfs with xino does). */
  ino?: number;
}

/** Number of links of a directory as `ls -l` shows it: itself, `.`, and each subdirectory's `..`. */
export function directoryLinkCount(dir: DirectoryNode): number {
  let count = 2;
  for (const child of dir.entries.values()) if (child.type === 'directory') count++;
  return count;
}
