import type { KubeObject } from '../kube-object.js';

/** The option and result shapes of `Store` (store.ts). */

export interface StoreOptions {
  /** Changes kept for watch replay (the watch cache's capacity). Default 10 000. */
  readonly historySize?: number;
  /** Journal size in bytes that triggers a compaction into a new snapshot. Default 8 MiB. */
  readonly compactJournalBytes?: number;
}

export interface ListOptions {
  readonly namespace?: string | undefined;
  readonly predicate?: ((object: KubeObject) => boolean) | undefined;
}

export interface ListResult {
  readonly items: KubeObject[];
  /** The store's resourceVersion when listed: a watch from here misses nothing. */
  readonly resourceVersion: string;
}

export interface WriteOptions {
  /** Optimistic concurrency: fail with `ConflictError` unless the stored object has this RV.
   *  Undefined or `''` means unconditional, as an empty resourceVersion does in the API. */
  readonly expectedResourceVersion?: string | undefined;
}

export interface StoreStats {
  readonly resourceVersion: string;
  readonly objects: number;
  readonly watchers: number;
  /** Journal batches written and fsynced, and the writes they carried. */
  readonly commits: number;
  readonly records: number;
  readonly compactions: number;
}

export const DEFAULT_HISTORY = 10_000;
export const DEFAULT_COMPACT_BYTES = 8 * 1024 * 1024;

/** Checked before a directory is opened, so a bad option never leaves a lock behind. */
export function validateOptions(options: StoreOptions): void {
  const { historySize, compactJournalBytes } = options;
  if (historySize !== undefined && (!Number.isSafeInteger(historySize) || historySize < 1)) {
    throw new RangeError(`store: historySize must be a positive integer, got ${historySize}`);
  }
  if (compactJournalBytes !== undefined && !(compactJournalBytes > 0)) {
    throw new RangeError(`store: compactJournalBytes must be positive, got ${compactJournalBytes}`);
  }
}
