/**
 * The nodes' own disks in the state directory (`nodes/<node>.json`, one `tree-codec` snapshot
 * each): what hostPath volumes and static pod manifests leave on a node survives a simulator
 * restart, as a disk survives a reboot. A disk is saved a moment after it changes and when the
 * simulator stops; a crash loses at most that moment's changes (the objects, in the store's
 * journal, lose nothing).
 */
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../../util/atomic-write.js';
import { ContainerFileSystem } from '../runtime/fs/container-file-system.js';
import type { MemoryTree } from '../runtime/fs/memory-tree.js';
import { deserializeTree, serializeTree } from '../runtime/fs/tree-codec.js';
import { nodeFileSystem } from './node-filesystem.js';

/** Real time between a change and the save that keeps it. */
export const SAVE_DELAY_MS = 1000;

interface Disk {
  name: string;
  tree: MemoryTree;
  dirty: boolean;
  unwatch: () => void;
}

export class NodeDisks {
  private readonly disks = new Map<string, Disk>();
  private timer: NodeJS.Timeout | undefined;
  private saving: Promise<void> = Promise.resolve();
  private closed = false;

  private constructor(private readonly dir: string | undefined) {}

  /**
   * Each node's disk as it was saved in `dir`, or a fresh kind node's; `dir` undefined keeps
   * them in memory only. A snapshot that does not decode is replaced by a fresh disk.
   */
  static async open(
    dir: string | undefined,
    nodes: readonly string[],
    clock: { now(): Date },
  ): Promise<NodeDisks> {
    const disks = new NodeDisks(dir);
    if (dir) await mkdir(dir, { recursive: true, mode: 0o700 });
    for (const name of nodes) {
      let tree: MemoryTree | undefined;
      if (dir) {
        try {
          tree = deserializeTree(JSON.parse(await readFile(disks.path(name), 'utf8')), { clock });
        } catch {
          // Missing (a new node) or damaged: the node starts with a fresh disk.
        }
      }
      tree ??= nodeFileSystem(clock);
      const disk: Disk = { name, tree, dirty: false, unwatch: () => {} };
      if (dir) {
        disk.unwatch = ContainerFileSystem.create({ upper: tree }).watch('/', () => {
          disk.dirty = true;
          disks.schedule();
        });
      }
      disks.disks.set(name, disk);
    }
    return disks;
  }

  /** The disk of `node` (undefined for a node the disks were not opened for). */
  tree(node: string): MemoryTree | undefined {
    return this.disks.get(node)?.tree;
  }

  /** Saves what changed and stops following changes. */
  async close(): Promise<void> {
    if (this.closed) return this.saving;
    this.closed = true;
    clearTimeout(this.timer);
    for (const disk of this.disks.values()) disk.unwatch();
    await this.save();
  }

  private path(node: string): string {
    return join(this.dir ?? '', `${node}.json`);
  }

  private schedule(): void {
    if (this.closed || this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.save();
    }, SAVE_DELAY_MS);
    // A pending save never keeps the process alive; stopping saves anyway.
    this.timer.unref();
  }

  /** Saves are serial: the last one always writes the latest state. */
  private save(): Promise<void> {
    this.saving = this.saving.then(async () => {
      for (const disk of this.disks.values()) {
        if (!disk.dirty || !this.dir) continue;
        disk.dirty = false;
        try {
          await writeFileAtomic(
            this.path(disk.name),
            JSON.stringify(serializeTree(disk.tree)),
            0o600,
          );
        } catch (error) {
          disk.dirty = true;
          console.error(`pod-course simulator: could not save the disk of ${disk.name}:`, error);
        }
      }
    });
    return this.saving;
  }
}
