import { splitPath, toBytes } from './fs-fault.js';
import { MemoryTree } from './memory-tree.js';
import { type StorageQuota, unlimitedQuota } from './storage-quota.js';
import type { DeviceKind, DirectoryNode, FileNode, InodeNode, SymlinkNode } from './tree-nodes.js';

/**
 * An image's filesystem as data: one read-only tree shared by every container of the image
 * (each container writes into its own upper tree, see `ContainerFileSystem`).
 *
 * @example
 * const busybox = defineImageLayer((image) => {
 *   image.dir('/tmp', { mode: 0o1777 });
 *   image.executable('/bin/busybox');
 *   image.hardlinks('/bin/busybox', ['/bin/sh', '/bin/ls', '/bin/cat']);
 *   image.files({ '/etc/hostname': 'busybox\n', '/etc/passwd': 'root:x:0:0:root:/root:/bin/sh\n' });
 * });
 */
export interface ImageLayer {
  /** Frozen: any attempt to change it fails with EROFS. */
  readonly tree: MemoryTree;
}

export interface EntryOptions {
  mode?: number;
  uid?: number;
  gid?: number;
}

export interface ImageLayerOptions {
  /** mtime of every entry (the image's build time). */
  mtime?: Date;
  /** Start from a copy of this image (nginx is built `FROM debian`). */
  base?: ImageLayer;
}

/** Default build time: a fixed date, so `ls -l` of image files never depends on the host clock. */
const DEFAULT_IMAGE_TIME = new Date(Date.UTC(2024, 4, 14, 0, 0, 0));

export class ImageLayerBuilder {
  private readonly tree: MemoryTree;

  constructor(options: ImageLayerOptions = {}) {
    const mtime = options.mtime ?? DEFAULT_IMAGE_TIME;
    const clock = { now: () => mtime };
    const base = options.base?.tree;
    this.tree = new MemoryTree({
      clock,
      quota: unlimitedQuota(),
      root: base ? attributesOf(base.root) : { mtimeMs: mtime.getTime() },
      ...(base ? { firstIno: base.root.ino } : {}),
    });
    if (base) {
      copyEntries(base.root, this.tree.root, this.tree, new Map());
      this.tree.nextIno = base.nextIno;
    }
  }

  /** A directory, with any missing parents (0755); sets the mode of an existing one. */
  dir(path: string, options: EntryOptions = {}): this {
    const node = this.directory(splitPath(path), true);
    if (options.mode !== undefined) node.mode = options.mode & 0o7777;
    if (options.uid !== undefined) node.uid = options.uid;
    if (options.gid !== undefined) node.gid = options.gid;
    return this;
  }

  /** A regular file (0644 unless told), replacing whatever had that name. */
  file(path: string, content: string | Uint8Array = '', options: EntryOptions = {}): this {
    const [parent, name] = this.slot(path);
    this.tree.createFile(parent, name, { ...options, data: toBytes(content) });
    return this;
  }

  /** Several regular files at once: `{ '/etc/hostname': 'web\n' }`. */
  files(contents: Record<string, string | Uint8Array>, options: EntryOptions = {}): this {
    for (const [path, content] of Object.entries(contents)) this.file(path, content, options);
    return this;
  }

  /** A file with mode 0755 (a program the command catalogue knows by its path). */
  executable(path: string, content: string | Uint8Array = '', options: EntryOptions = {}): this {
    return this.file(path, content, { mode: 0o755, ...options });
  }

  symlink(path: string, target: string, options: EntryOptions = {}): this {
    const [parent, name] = this.slot(path);
    this.tree.createSymlink(parent, name, target, options);
    return this;
  }

  /** The same symlink target under many names (`/bin/sh -> busybox`, …). */
  symlinks(target: string, paths: readonly string[]): this {
    for (const path of paths) this.symlink(path, target);
    return this;
  }

  /** Another name for an existing file, as the busybox image links its applets. */
  hardlink(path: string, existing: string): this {
    const node = this.tree.get(existing);
    if (node?.type !== 'file' && node?.type !== 'symlink') {
      throw new Error(`image: cannot hard-link ${path} to ${existing}: not a file`);
    }
    const [parent, name] = this.slot(path);
    this.tree.link(parent, name, node);
    return this;
  }

  hardlinks(existing: string, paths: readonly string[]): this {
    for (const path of paths) this.hardlink(path, existing);
    return this;
  }

  /** A character device (`/dev/null`); reads and writes behave as the real one's. */
  device(path: string, kind: DeviceKind, options: EntryOptions = {}): this {
    const [parent, name] = this.slot(path);
    this.tree.createFile(parent, name, { mode: 0o666, ...options, device: kind });
    return this;
  }

  /** Deletes an entry inherited from the base image. */
  remove(path: string): this {
    const parts = splitPath(path);
    const name = parts.pop();
    if (name === undefined) throw new Error('image: cannot remove /');
    this.tree.remove(this.directory(parts, false), name);
    return this;
  }

  build(): ImageLayer {
    this.tree.freeze();
    return { tree: this.tree };
  }

  /** The parent directory and name for a new entry; an old entry of that name goes. */
  private slot(path: string): [DirectoryNode, string] {
    const parts = splitPath(path);
    const name = parts.pop();
    if (name === undefined || name === '.' || name === '..') {
      throw new Error(`image: ${JSON.stringify(path)} does not name an entry`);
    }
    const parent = this.directory(parts, true);
    this.tree.remove(parent, name);
    return [parent, name];
  }

  private directory(parts: readonly string[], create: boolean): DirectoryNode {
    let dir = this.tree.root;
    for (const part of parts) {
      const next = dir.entries.get(part);
      if (next?.type === 'directory') {
        dir = next;
      } else if (next === undefined && create) {
        dir = this.tree.mkdir(dir, part);
      } else {
        throw new Error(`image: /${parts.join('/')}: ${part} is not a directory`);
      }
    }
    return dir;
  }
}

/** Describes an image layer with a builder callback; see `ImageLayer`. */
export function defineImageLayer(
  describe: (image: ImageLayerBuilder) => void,
  options: ImageLayerOptions = {},
): ImageLayer {
  const builder = new ImageLayerBuilder(options);
  describe(builder);
  return builder.build();
}

/**
 * A fresh, empty writable layer for a container of `image`. Its inode numbers continue after
 * the image's, so a file keeps a distinct `ls -i` whether it came from the image or not.
 */
export function newContainerLayer(
  image: ImageLayer,
  options: { clock: { now(): Date }; quota?: StorageQuota },
): MemoryTree {
  return new MemoryTree({
    clock: options.clock,
    firstIno: image.tree.nextIno,
    root: attributesOf(image.tree.root),
    ...(options.quota ? { quota: options.quota } : {}),
  });
}

function attributesOf(node: InodeNode) {
  return { mode: node.mode, uid: node.uid, gid: node.gid, mtimeMs: node.mtimeMs };
}

/** Copies a frozen tree's entries (sharing file content, keeping inode numbers and hard links). */
function copyEntries(
  from: DirectoryNode,
  to: DirectoryNode,
  tree: MemoryTree,
  copied: Map<InodeNode, FileNode | SymlinkNode>,
): void {
  for (const [name, node] of from.entries) {
    if (node.type === 'whiteout') continue;
    const again = copied.get(node);
    if (again) {
      tree.link(to, name, again);
      continue;
    }
    const attributes = { ...attributesOf(node), ino: node.ino };
    if (node.type === 'directory') {
      copyEntries(node, tree.mkdir(to, name, attributes), tree, copied);
    } else if (node.type === 'file') {
      const data = node.data.subarray(0, node.size);
      const file = tree.createFile(to, name, {
        ...attributes,
        data,
        shared: true,
        ...(node.device ? { device: node.device } : {}),
      });
      copied.set(node, file);
    } else {
      copied.set(node, tree.createSymlink(to, name, node.target, attributes));
    }
    // Creating entries stamped the parent with the build time: put the base's time back.
    to.mtimeMs = from.mtimeMs;
  }
}
