import { MemoryTree } from './memory-tree.js';
import { StorageQuota } from './storage-quota.js';
import type {
  DeviceKind,
  DirectoryNode,
  FileNode,
  InodeNode,
  SymlinkNode,
  TreeNode,
} from './tree-nodes.js';

/**
 * A `MemoryTree` as compact JSON, for the simulator's state directory (node filesystems,
 * emptyDirs, writable layers). One array per entry, content as text when it is valid UTF-8
 * (nearly always: logs, configs) and base64 otherwise; a second name of a hard-linked file
 * refers back to the first by its order of appearance.
 *
 * ```
 * ['d', ino, mode, uid, gid, mtimeMs, [name, node, name, node…], opaque]
 * ['f', ino, mode, uid, gid, mtimeMs, content, 'b64'?]
 * ['c', ino, mode, uid, gid, mtimeMs, device]
 * ['l', ino, mode, uid, gid, mtimeMs, target]
 * ['h', index]     another name of the index-th file, device or symlink met so far
 * ['w']            an overlay whiteout
 * ```
 */
export interface SerializedTree {
  v: 1;
  nextIno: number;
  /** null: unlimited (JSON has no Infinity). */
  maxBytes: number | null;
  maxEntries: number | null;
  root: EncodedNode;
}

type Fields = [ino: number, mode: number, uid: number, gid: number, mtimeMs: number];
export type EncodedNode =
  | ['d', ...Fields, (string | EncodedNode)[], 0 | 1]
  | ['f', ...Fields, string]
  | ['f', ...Fields, string, 'b64']
  | ['c', ...Fields, DeviceKind]
  | ['l', ...Fields, string]
  | ['h', number]
  | ['w'];

export function serializeTree(tree: MemoryTree): SerializedTree {
  const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  const seen = new Map<InodeNode, number>();
  const encode = (node: TreeNode): EncodedNode => {
    if (node.type === 'whiteout') return ['w'];
    const known = seen.get(node);
    if (known !== undefined) return ['h', known];
    const fields: Fields = [node.ino, node.mode, node.uid, node.gid, node.mtimeMs];
    if (node.type === 'directory') {
      const entries: (string | EncodedNode)[] = [];
      for (const [name, child] of node.entries) entries.push(name, encode(child));
      return ['d', ...fields, entries, node.opaque ? 1 : 0];
    }
    seen.set(node, seen.size);
    if (node.type === 'symlink') return ['l', ...fields, node.target];
    if (node.device) return ['c', ...fields, node.device];
    const bytes = node.data.subarray(0, node.size);
    try {
      return ['f', ...fields, decoder.decode(bytes)];
    } catch {
      return ['f', ...fields, Buffer.from(bytes).toString('base64'), 'b64'];
    }
  };
  const { maxBytes, maxEntries } = tree.quota;
  return {
    v: 1,
    nextIno: tree.nextIno,
    maxBytes: Number.isFinite(maxBytes) ? maxBytes : null,
    maxEntries: Number.isFinite(maxEntries) ? maxEntries : null,
    root: encode(tree.root),
  };
}

export interface DeserializeOptions {
  clock: { now(): Date };
  /** Charge a shared quota instead of a new one with the saved limits. */
  quota?: StorageQuota;
}

export function deserializeTree(data: unknown, options: DeserializeOptions): MemoryTree {
  const snapshot = data as SerializedTree | undefined;
  if (snapshot?.v !== 1 || !Array.isArray(snapshot.root) || snapshot.root[0] !== 'd') {
    throw new Error('corrupt filesystem snapshot: not a version 1 tree');
  }
  const quota =
    options.quota ??
    new StorageQuota(
      snapshot.maxBytes ?? Number.POSITIVE_INFINITY,
      snapshot.maxEntries ?? Number.POSITIVE_INFINITY,
    );
  const [, ino, mode, uid, gid, mtimeMs, entries, opaque] = snapshot.root;
  const tree = new MemoryTree({
    clock: options.clock,
    quota,
    firstIno: ino,
    root: { mode, uid, gid, mtimeMs },
  });
  const linkable: (FileNode | SymlinkNode)[] = [];
  fill(tree, tree.root, entries, linkable);
  tree.root.opaque = opaque === 1;
  tree.root.mtimeMs = mtimeMs;
  tree.nextIno = snapshot.nextIno;
  return tree;
}

function fill(
  tree: MemoryTree,
  dir: DirectoryNode,
  entries: (string | EncodedNode)[],
  linkable: (FileNode | SymlinkNode)[],
): void {
  if (!Array.isArray(entries) || entries.length % 2 !== 0) corrupt('directory entries');
  for (let i = 0; i < entries.length; i += 2) {
    const name = entries[i];
    const node = entries[i + 1];
    if (typeof name !== 'string' || !Array.isArray(node)) corrupt('entry');
    switch (node[0]) {
      case 'w':
        tree.createWhiteout(dir, name);
        break;
      case 'h': {
        const target = linkable[node[1]];
        if (!target) corrupt(`hard link to #${node[1]}`);
        tree.link(dir, name, target);
        break;
      }
      case 'd': {
        const [, ino, mode, uid, gid, mtimeMs, children, opaque] = node;
        const child = tree.mkdir(dir, name, { ino, mode, uid, gid, mtimeMs });
        fill(tree, child, children, linkable);
        child.opaque = opaque === 1;
        // Filling it touched its mtime: put the saved one back.
        child.mtimeMs = mtimeMs;
        break;
      }
      case 'f': {
        const [, ino, mode, uid, gid, mtimeMs, content, encoding] = node;
        const data =
          encoding === 'b64' ? Buffer.from(content, 'base64') : new TextEncoder().encode(content);
        linkable.push(tree.createFile(dir, name, { ino, mode, uid, gid, mtimeMs, data }));
        break;
      }
      case 'c': {
        const [, ino, mode, uid, gid, mtimeMs, device] = node;
        linkable.push(tree.createFile(dir, name, { ino, mode, uid, gid, mtimeMs, device }));
        break;
      }
      case 'l': {
        const [, ino, mode, uid, gid, mtimeMs, target] = node;
        linkable.push(tree.createSymlink(dir, name, target, { ino, mode, uid, gid, mtimeMs }));
        break;
      }
      default:
        corrupt(`node type ${JSON.stringify(node[0])}`);
    }
  }
}

function corrupt(what: string): never {
  throw new Error(`corrupt filesystem snapshot: bad ${what}`);
}
