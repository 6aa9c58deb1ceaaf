import { isDirectory, type Loc, nodeOf } from './backing.js';
import type { WriteOptions } from './file-system.js';
import { FsFault, fault, isWithin, joinPath, splitPath } from './fs-fault.js';
import type { MemoryTree } from './memory-tree.js';
import type { MountNamespace } from './mount-namespace.js';
import type { FileNode, InodeNode } from './tree-nodes.js';

/**
 * The calls that change a filesystem, each checking its preconditions in the kernel's order
 * (existence before EROFS, as `mkdir` on an existing path of a read-only mount says EEXIST).
 * They throw `FsFault`s; `ContainerFileSystem` names the path and syscall.
 */

/** Where paths resolve: a mount namespace and a working directory. */
export interface Where {
  readonly ns: MountNamespace;
  readonly cwd: string;
}

export function writeFile(at: Where, path: string, bytes: Uint8Array, options: WriteOptions): void {
  // O_CREAT|O_EXCL does not follow a final symlink: even a dangling one makes EEXIST.
  const walk = at.ns.walk(path, at.cwd, !options.exclusive);
  if (walk.dotted) throw fault('EISDIR');
  const loc = walk.loc;
  if (!loc) {
    if (walk.trailingSlash) throw fault('EISDIR');
    assertWritable(walk.dir);
    const { backing } = walk.dir.mount;
    backing.create(walk.dir, walk.name, (parent) =>
      backing.tree.createFile(parent, walk.name, { mode: options.mode ?? 0o644, data: bytes }),
    );
    return;
  }
  if (options.exclusive) throw fault('EEXIST');
  const node = nodeOf(loc);
  if (node.type === 'directory') throw fault('EISDIR');
  if (walk.trailingSlash) throw fault('ENOTDIR');
  // Writing to /dev/null works even on a read-only root, and changes nothing.
  if (node.type === 'file' && node.device) return;
  assertWritable(loc);
  const { backing } = loc.mount;
  const file = backing.ensureUpper(loc) as FileNode;
  if (options.append) backing.tree.appendContent(file, bytes);
  else backing.tree.replaceContent(file, bytes);
  backing.changedNode(loc);
}

export function mkdir(at: Where, path: string, options: { recursive?: boolean; mode?: number }) {
  const mode = options.mode ?? 0o755;
  if (!options.recursive) {
    makeDirectory(at, path, mode);
    return;
  }
  const parts = splitPath(path);
  const start = path.startsWith('/') ? '/' : '';
  for (let i = 1; i <= parts.length; i++) {
    const prefix = start + parts.slice(0, i).join('/');
    const walk = at.ns.walk(prefix, at.cwd, true);
    if (walk.loc) {
      if (!isDirectory(walk.loc)) throw fault(i === parts.length ? 'EEXIST' : 'ENOTDIR');
      continue;
    }
    makeDirectory(at, prefix, i === parts.length ? mode : 0o755);
  }
}

function makeDirectory(at: Where, path: string, mode: number): void {
  const walk = at.ns.walk(path, at.cwd, false);
  if (walk.loc || walk.dotted) throw fault('EEXIST');
  assertWritable(walk.dir);
  const { backing } = walk.dir.mount;
  backing.create(walk.dir, walk.name, (parent) => backing.tree.mkdir(parent, walk.name, { mode }));
}

export function unlink(at: Where, path: string): void {
  const walk = at.ns.walk(path, at.cwd, false);
  if (walk.dotted) throw fault('EISDIR');
  const loc = walk.loc;
  if (!loc) throw fault('ENOENT');
  if (isDirectory(loc)) throw fault('EISDIR');
  if (walk.trailingSlash) throw fault('ENOTDIR');
  if (loc.isMountRoot) throw fault('EBUSY');
  assertWritable(walk.dir);
  walk.dir.mount.backing.remove(walk.dir, walk.name, loc);
}

export function rmdir(at: Where, path: string): void {
  const walk = at.ns.walk(path, at.cwd, false);
  if (walk.dotted === '.') throw fault('EINVAL');
  if (walk.dotted === '..') throw fault('ENOTEMPTY');
  const loc = walk.loc;
  if (!loc) throw fault('ENOENT');
  if (!isDirectory(loc)) throw fault('ENOTDIR');
  if (loc.isMountRoot) throw fault('EBUSY');
  if (loc.mount.backing.list(loc).length > 0) throw fault('ENOTEMPTY');
  assertWritable(walk.dir);
  walk.dir.mount.backing.remove(walk.dir, walk.name, loc);
}

export function rename(at: Where, from: string, to: string): void {
  const source = at.ns.walk(from, at.cwd, false);
  const target = second(() => at.ns.walk(to, at.cwd, false));
  if (source.dotted) throw fault('EBUSY');
  if (target.dotted) throw fault('EBUSY', 1);
  const loc = source.loc;
  if (!loc) throw fault('ENOENT');
  if (loc.isMountRoot) throw fault('EBUSY');
  if (target.loc?.isMountRoot) throw fault('EBUSY', 1);
  const movingDirectory = isDirectory(loc);
  if (!movingDirectory && (source.trailingSlash || target.trailingSlash)) throw fault('ENOTDIR');
  if (source.dir.mount !== target.dir.mount) throw fault('EXDEV');
  if (target.loc) {
    // Two names of one inode: rename(2) does nothing and succeeds.
    if (nodeOf(target.loc) === nodeOf(loc)) return;
    if (movingDirectory && !isDirectory(target.loc)) throw fault('ENOTDIR', 1);
    if (!movingDirectory && isDirectory(target.loc)) throw fault('EISDIR', 1);
    if (movingDirectory && target.loc.mount.backing.list(target.loc).length > 0) {
      throw fault('ENOTEMPTY', 1);
    }
  }
  if (movingDirectory && isWithin(joinPath(target.dir.path, target.name), loc.path)) {
    throw fault('EINVAL');
  }
  assertWritable(source.dir);
  const { backing } = source.dir.mount;
  backing.move(source.dir, source.name, loc, target.dir, target.name, target.loc);
}

export function symlink(at: Where, target: string, path: string): void {
  const walk = at.ns.walk(path, at.cwd, false);
  if (walk.loc || walk.dotted) throw fault('EEXIST');
  if (walk.trailingSlash || target === '') throw fault('ENOENT');
  assertWritable(walk.dir);
  const { backing } = walk.dir.mount;
  backing.create(walk.dir, walk.name, (parent) =>
    backing.tree.createSymlink(parent, walk.name, target),
  );
}

export function link(at: Where, existing: string, path: string): void {
  const source = at.ns.walk(existing, at.cwd, false);
  const target = second(() => at.ns.walk(path, at.cwd, false));
  const loc = source.loc;
  if (!loc) throw fault('ENOENT');
  if (isDirectory(loc)) throw fault('EPERM');
  if (target.loc || target.dotted) throw fault('EEXIST', 1);
  if (loc.mount !== target.dir.mount) throw fault('EXDEV', 1);
  assertWritable(target.dir);
  const { backing } = loc.mount;
  const node = backing.ensureUpper(loc) as Exclude<InodeNode, { type: 'directory' }>;
  backing.create(target.dir, target.name, (parent) => {
    backing.tree.link(parent, target.name, node);
    return node;
  });
  backing.changedNode(loc);
}

export function truncate(at: Where, path: string, length: number): void {
  if (length < 0) throw fault('EINVAL');
  const loc = at.ns.existing(path, at.cwd, true);
  const node = nodeOf(loc);
  if (node.type === 'directory') throw fault('EISDIR');
  if (node.type === 'file' && node.device) return;
  changeNode(loc, (tree, upper) => tree.truncate(upper as FileNode, length));
}

/** chmod, chown: an attribute change, which copies an image file up first. */
export function changeNode(loc: Loc, change: (tree: MemoryTree, node: InodeNode) => void): void {
  assertWritable(loc);
  const { backing } = loc.mount;
  change(backing.tree, backing.ensureUpper(loc));
  backing.changedNode(loc);
}

function assertWritable(loc: Loc): void {
  if (loc.mount.readOnly) throw fault('EROFS');
  if (loc.mount.backing.tree.frozen) throw fault(loc.mount.backing.refusal(loc));
}

/** Runs the resolution of a second operand, blaming it rather than the first. */
function second<T>(body: () => T): T {
  try {
    return body();
  } catch (error) {
    if (error instanceof FsFault) throw fault(error.code, 1);
    throw error;
  }
}
