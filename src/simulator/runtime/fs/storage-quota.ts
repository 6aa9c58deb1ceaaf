import { fault } from './fs-fault.js';

/** Defaults sized for a learner's container: big enough for any lesson, small enough for a laptop. */
export const DEFAULT_MAX_BYTES = 64 * 1024 * 1024;
export const DEFAULT_MAX_ENTRIES = 50_000;

/**
 * The capacity of a simulated disk: bytes of file content and a count of inodes. Several trees
 * may share one (the emptyDirs and writable layers of a node all live on its disk), so a
 * `while true; do echo x >> f; done` ends in ENOSPC instead of eating the host's memory.
 */
export class StorageQuota {
  usedBytes = 0;
  usedEntries = 0;

  constructor(
    readonly maxBytes: number = DEFAULT_MAX_BYTES,
    readonly maxEntries: number = DEFAULT_MAX_ENTRIES,
  ) {}

  /** Claims room for `bytes` more content and `entries` more inodes, or fails with ENOSPC. */
  reserve(bytes: number, entries: number): void {
    if (bytes > 0 && this.usedBytes + bytes > this.maxBytes) throw fault('ENOSPC');
    if (entries > 0 && this.usedEntries + entries > this.maxEntries) throw fault('ENOSPC');
    this.usedBytes += bytes;
    this.usedEntries += entries;
  }

  release(bytes: number, entries: number): void {
    this.usedBytes = Math.max(0, this.usedBytes - bytes);
    this.usedEntries = Math.max(0, this.usedEntries - entries);
  }
}

/** A quota that never fills: image layers, built once by us, not by learners. */
export function unlimitedQuota(): StorageQuota {
  return new StorageQuota(Number.POSITIVE_INFINITY, Number.POSITIVE_INFINITY);
}
