import { type Backing, isDirectory, type Loc, type MountPoint, nodeOf } from './backing.js';
import { fault, isWithin, joinPath, parentPath, splitPath } from './fs-fault.js';
import type { MemoryTree } from './memory-tree.js';
import type { MemoryCharge } from './volume-mounts.js';

/** Linux's MAXSYMLINKS: the 41st symlink followed in one lookup fails with ELOOP. */
export const MAX_SYMLINK_HOPS = 40;

/** Which namespace a filesystem view shows (`/proc/PID/root` reaches it from a `FileSystem`). */
const VIEWS = new WeakMap<object, MountNamespace>();

export function registerView(view: object, ns: MountNamespace): void {
  VIEWS.set(view, ns);
}

/** The mount namespace behind a filesystem view, when it is a container filesystem. */
export function namespaceOf(view: object): MountNamespace | undefined {
  return VIEWS.get(view);
}

/** The outcome of resolving a path. */
export interface Walk {
  /** The entry the path names, when it exists. */
  loc: Loc | undefined;
  /** The directory that holds it, or would hold it once created. */
  dir: Loc;
  /** Its name in `dir`. */
  name: string;
  /** The path ended in `.`, `..` or was `/`: there is no name to create or remove. */
  dotted: '.' | '..' | '/' | undefined;
  trailingSlash: boolean;
}

/**
 * A container's view of the world: the root and the mount table, and path resolution over them.
 * Resolution is physical, like the kernel's: `..` goes to the real parent (the directory holding
 * the mount point when leaving a mount), symlinks resolve inside this root and never escape it,
 * `..` at `/` stays at `/`.
 */
export class MountNamespace {
  readonly root: MountPoint;
  /** Memory-backed trees mounted here, and the cgroup their growth is charged to. */
  readonly charges: { tree: MemoryTree; memory: MemoryCharge }[] = [];
  private readonly table = new Map<string, MountPoint>();

  constructor(rootBacking: Backing, readOnlyRoot: boolean) {
    this.root = { path: '/', backing: rootBacking, readOnly: readOnlyRoot };
  }

  rootLoc(): Loc {
    const backing = this.root.backing;
    return {
      mount: this.root,
      upper: backing.root,
      lower: backing.lower?.root,
      name: '',
      parent: undefined,
      path: '/',
      isMountRoot: true,
    };
  }

  /** Mounts `backing` at a canonical path whose mount point already exists. */
  mount(path: string, backing: Backing, readOnly: boolean): MountPoint {
    const mount: MountPoint = { path, backing, readOnly };
    this.table.set(path, mount);
    return mount;
  }

  mounts(): MountPoint[] {
    return [this.root, ...this.table.values()];
  }

  /** Mounts strictly below `path`. */
  mountsBelow(path: string): MountPoint[] {
    return [...this.table.values()].filter((m) => m.path !== path && isWithin(m.path, path));
  }

  /** Names of mount points directly inside directory `path`. */
  mountPointNames(path: string): string[] {
    const names: string[] = [];
    for (const mount of this.table.values()) {
      if (mount.path !== '/' && parentPath(mount.path) === path) {
        names.push(mount.path.slice(mount.path.lastIndexOf('/') + 1));
      }
    }
    return names;
  }

  /**
   * The entry `name` of directory `dir`, entering a mount when one sits there. Below another
   * namespace's root (reached through `/proc/PID/root`) that namespace's mount table applies.
   */
  child(dir: Loc, name: string): Loc | undefined {
    const owner = dir.ns ?? this;
    const path = joinPath(dir.path, name);
    const foreign = dir.ns ? { ns: dir.ns } : {};
    const mount = owner.table.size > 0 ? owner.table.get(path) : undefined;
    if (mount) {
      return {
        mount,
        upper: mount.backing.root,
        lower: undefined,
        name,
        parent: dir,
        path,
        isMountRoot: true,
        ...foreign,
      };
    }
    const found = dir.mount.backing.lookup(dir, name);
    if (!found) return undefined;
    return { ...found, mount: dir.mount, name, parent: dir, path, isMountRoot: false, ...foreign };
  }

  /**
   * Where following a magic link into this namespace lands: its root, seen with its own mount
   * table. `..` there stays put, as at any root the walker cannot climb out of.
   */
  enteredRoot(): Loc {
    return { ...this.rootLoc(), ns: this };
  }

  /**
   * Resolves `path` (relative ones from `cwd`). `follow` says whether a final symlink is
   * followed; a trailing slash always follows it. Intermediate symlinks are always followed.
   */
  walk(path: string, cwd: string, follow: boolean): Walk {
    if (path === '') throw fault('ENOENT');
    let trailingSlash = path.length > 1 && path.endsWith('/');
    let current = path.startsWith('/') ? this.rootLoc() : this.directory(cwd);
    // Components still to resolve, last one first; symlink targets are pushed in front.
    const pending = splitPath(path).reverse();
    let hops = 0;
    let dotted: Walk['dotted'] = path.startsWith('/') ? '/' : '.';
    while (pending.length > 0) {
      const name = pending.pop() as string;
      const last = pending.length === 0;
      if (!isDirectory(current)) throw fault('ENOTDIR');
      if (name === '.' || name === '..') {
        if (name === '..') current = current.parent ?? current;
        dotted = name;
        continue;
      }
      dotted = undefined;
      const child = this.child(current, name);
      if (!child) {
        if (last) return { loc: undefined, dir: current, name, dotted, trailingSlash };
        throw fault('ENOENT');
      }
      const node = nodeOf(child);
      if (node.type === 'symlink' && (!last || follow || trailingSlash)) {
        if (++hops > MAX_SYMLINK_HOPS) throw fault('ELOOP');
        const entered = child.mount.backing.enter(child);
        if (entered) {
          // A magic link jumps to what it names (nd_jump_link), whatever its text says.
          current = entered === this ? this.rootLoc() : entered.enteredRoot();
          dotted = '/';
          continue;
        }
        if (node.target === '') throw fault('ENOENT');
        if (node.target.startsWith('/')) {
          current = this.rootLoc();
          dotted = '/';
        }
        // `link -> dir/` must name a directory, just like `link/` does.
        if (last && node.target.endsWith('/')) trailingSlash = true;
        pending.push(...splitPath(node.target).reverse());
        continue;
      }
      if (last) return { loc: child, dir: current, name, dotted, trailingSlash };
      current = child;
    }
    return { loc: current, dir: current.parent ?? current, name: '', dotted, trailingSlash };
  }

  /** The entry `path` names, which must exist (a trailing slash demands a directory). */
  existing(path: string, cwd: string, follow: boolean): Loc {
    const walk = this.walk(path, cwd, follow);
    if (!walk.loc) throw fault('ENOENT');
    if (walk.trailingSlash && !isDirectory(walk.loc)) throw fault('ENOTDIR');
    return walk.loc;
  }

  /** Resolves a directory, following every symlink (a process's working directory). */
  directory(path: string): Loc {
    const at = path.startsWith('/') ? path : `/${path}`;
    const walk = this.walk(at, '/', true);
    if (!walk.loc) throw fault('ENOENT');
    if (!isDirectory(walk.loc)) throw fault('ENOTDIR');
    return walk.loc;
  }
}
