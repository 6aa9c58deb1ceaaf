import {
  type FileStat,
  type FileSystem,
  FsError,
  type FsErrorCode,
  type WriteOptions,
} from '../fs/file-system.js';

/**
 * A small in-memory `FileSystem` for the process and shell tests, until the real one of
 * `fs/` lands: directories, files and symlinks in a tree, POSIX errors. Not a mock: a real,
 * tiny implementation of our own interface.
 */

type Node =
  | { type: 'file'; data: Uint8Array; mode: number; ino: number; mtimeMs: number }
  | { type: 'directory'; entries: Map<string, Node>; mode: number; ino: number; mtimeMs: number }
  | { type: 'symlink'; target: string; mode: number; ino: number; mtimeMs: number };

const encoder = new TextEncoder();

export class MemoryFileSystem implements FileSystem {
  private nextIno = 1;
  private readonly root: Node;
  private readonly listeners = new Map<string, Set<() => void>>();

  constructor(
    files: Record<string, string | Uint8Array> = {},
    private readonly now: () => number = () => 0,
  ) {
    this.root = this.directory(0o755);
    for (const [path, content] of Object.entries(files)) {
      if (path.endsWith('/')) this.mkdir(path, { recursive: true });
      else {
        this.mkdir(parentOf(path), { recursive: true });
        this.writeFile(path, content);
      }
    }
  }

  private directory(mode: number): Node {
    return {
      type: 'directory',
      entries: new Map(),
      mode,
      ino: this.nextIno++,
      mtimeMs: this.now(),
    };
  }

  private fail(code: FsErrorCode, path: string, syscall: string): never {
    throw new FsError(code, path, syscall);
  }

  /** Walks to a node; `follow` resolves a final symlink. */
  private lookup(path: string, follow: boolean, syscall: string, depth = 0): Node {
    if (depth > 40) this.fail('ELOOP', path, syscall);
    let node = this.root;
    const parts = split(path);
    for (let i = 0; i < parts.length; i++) {
      if (node.type !== 'directory') this.fail('ENOTDIR', path, syscall);
      const next = node.entries.get(parts[i] as string);
      if (!next) this.fail('ENOENT', path, syscall);
      if (next.type === 'symlink' && (follow || i < parts.length - 1)) {
        const base = `/${parts.slice(0, i).join('/')}`;
        const target = next.target.startsWith('/') ? next.target : `${base}/${next.target}`;
        node = this.lookup(`${target}/${parts.slice(i + 1).join('/')}`, follow, syscall, depth + 1);
        return node;
      }
      node = next;
    }
    return node;
  }

  private parent(
    path: string,
    syscall: string,
  ): { dir: Node & { type: 'directory' }; name: string } {
    const parts = split(path);
    const name = parts.pop();
    if (name === undefined) this.fail('EEXIST', path, syscall);
    const dir = this.lookup(`/${parts.join('/')}`, true, syscall);
    if (dir.type !== 'directory') this.fail('ENOTDIR', path, syscall);
    return { dir, name };
  }

  private notify(path: string) {
    for (const [watched, listeners] of this.listeners) {
      if (path === watched || path.startsWith(`${watched}/`) || parentOf(path) === watched) {
        for (const listener of listeners) listener();
      }
    }
  }

  stat(path: string): FileStat {
    return this.describe(this.lookup(path, true, 'stat'));
  }

  lstat(path: string): FileStat {
    return this.describe(this.lookup(path, false, 'lstat'));
  }

  private describe(node: Node): FileStat {
    return {
      type: node.type,
      mode: node.mode,
      size:
        node.type === 'file'
          ? node.data.length
          : node.type === 'symlink'
            ? node.target.length
            : 4096,
      uid: 0,
      gid: 0,
      nlink: 1,
      mtimeMs: node.mtimeMs,
      ino: node.ino,
    };
  }

  exists(path: string): boolean {
    try {
      this.lookup(path, true, 'access');
      return true;
    } catch {
      return false;
    }
  }

  readFile(path: string): Uint8Array {
    const node = this.lookup(path, true, 'open');
    if (node.type === 'directory') this.fail('EISDIR', path, 'read');
    if (node.type !== 'file') this.fail('EINVAL', path, 'read');
    return node.data.slice();
  }

  writeFile(path: string, data: Uint8Array | string, options: WriteOptions = {}): void {
    const bytes = typeof data === 'string' ? encoder.encode(data) : data;
    let node: Node | undefined;
    try {
      node = this.lookup(path, true, 'open');
    } catch (error) {
      if (!(error instanceof FsError) || error.code !== 'ENOENT') throw error;
    }
    if (node) {
      if (options.exclusive) this.fail('EEXIST', path, 'open');
      if (node.type === 'directory') this.fail('EISDIR', path, 'open');
      if (node.type !== 'file') this.fail('EINVAL', path, 'open');
      const next = new Uint8Array((options.append ? node.data.length : 0) + bytes.length);
      if (options.append) next.set(node.data);
      next.set(bytes, options.append ? node.data.length : 0);
      node.data = next;
      node.mtimeMs = this.now();
    } else {
      const { dir, name } = this.parent(path, 'open');
      dir.entries.set(name, {
        type: 'file',
        data: bytes.slice(),
        mode: options.mode ?? 0o644,
        ino: this.nextIno++,
        mtimeMs: this.now(),
      });
    }
    this.notify(path);
  }

  readRange(path: string, offset: number, length: number): Uint8Array {
    return this.readFile(path).slice(offset, offset + length);
  }

  mkdir(path: string, options: { recursive?: boolean; mode?: number } = {}): void {
    const parts = split(path);
    let node = this.root;
    for (let i = 0; i < parts.length; i++) {
      if (node.type !== 'directory') this.fail('ENOTDIR', path, 'mkdir');
      const name = parts[i] as string;
      let next = node.entries.get(name);
      if (!next) {
        if (!options.recursive && i < parts.length - 1) this.fail('ENOENT', path, 'mkdir');
        next = this.directory(options.mode ?? 0o755);
        node.entries.set(name, next);
      } else if (i === parts.length - 1 && !options.recursive) this.fail('EEXIST', path, 'mkdir');
      node = next;
    }
  }

  readdir(path: string): string[] {
    const node = this.lookup(path, true, 'scandir');
    if (node.type !== 'directory') this.fail('ENOTDIR', path, 'scandir');
    return [...node.entries.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  }

  unlink(path: string): void {
    const { dir, name } = this.parent(path, 'unlink');
    const node = dir.entries.get(name);
    if (!node) this.fail('ENOENT', path, 'unlink');
    if (node.type === 'directory') this.fail('EISDIR', path, 'unlink');
    dir.entries.delete(name);
    this.notify(path);
  }

  rmdir(path: string): void {
    const { dir, name } = this.parent(path, 'rmdir');
    const node = dir.entries.get(name);
    if (!node) this.fail('ENOENT', path, 'rmdir');
    if (node.type !== 'directory') this.fail('ENOTDIR', path, 'rmdir');
    if (node.entries.size > 0) this.fail('ENOTEMPTY', path, 'rmdir');
    dir.entries.delete(name);
  }

  rename(from: string, to: string): void {
    const source = this.parent(from, 'rename');
    const node = source.dir.entries.get(source.name);
    if (!node) this.fail('ENOENT', from, 'rename');
    const target = this.parent(to, 'rename');
    source.dir.entries.delete(source.name);
    target.dir.entries.set(target.name, node);
    this.notify(to);
  }

  symlink(target: string, path: string): void {
    const { dir, name } = this.parent(path, 'symlink');
    if (dir.entries.has(name)) this.fail('EEXIST', path, 'symlink');
    dir.entries.set(name, {
      type: 'symlink',
      target,
      mode: 0o777,
      ino: this.nextIno++,
      mtimeMs: this.now(),
    });
  }

  readlink(path: string): string {
    const node = this.lookup(path, false, 'readlink');
    if (node.type !== 'symlink') this.fail('EINVAL', path, 'readlink');
    return node.target;
  }

  link(existing: string, path: string): void {
    const node = this.lookup(existing, false, 'link');
    const { dir, name } = this.parent(path, 'link');
    dir.entries.set(name, node);
  }

  chmod(path: string, mode: number): void {
    this.lookup(path, true, 'chmod').mode = mode & 0o7777;
  }

  chown(path: string): void {
    this.lookup(path, true, 'chown');
  }

  truncate(path: string, length: number): void {
    const node = this.lookup(path, true, 'truncate');
    if (node.type !== 'file') this.fail('EISDIR', path, 'truncate');
    const next = new Uint8Array(length);
    next.set(node.data.subarray(0, length));
    node.data = next;
    this.notify(path);
  }

  realpath(path: string): string {
    this.lookup(path, true, 'realpath');
    return `/${split(path).join('/')}`;
  }

  watch(path: string, listener: () => void): () => void {
    let set = this.listeners.get(path);
    if (!set) {
      set = new Set();
      this.listeners.set(path, set);
    }
    set.add(listener);
    return () => set.delete(listener);
  }

  /** Test helper: a file's content as text. */
  text(path: string): string {
    return new TextDecoder().decode(this.readFile(path));
  }
}

function split(path: string): string[] {
  const parts: string[] = [];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') parts.pop();
    else parts.push(part);
  }
  return parts;
}

function parentOf(path: string): string {
  const parts = split(path);
  parts.pop();
  return `/${parts.join('/')}`;
}
