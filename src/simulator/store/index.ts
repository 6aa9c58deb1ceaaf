export {
  AlreadyExistsError,
  ConflictError,
  InvalidResourceVersionError,
  NotFoundError,
  StateError,
  StoreError,
  StoreLockedError,
  StoreUnavailableError,
  TooLargeResourceVersionError,
} from './errors.js';
export { LOCK_FILE } from './lock.js';
export { Store } from './store.js';
export type { StoreKey } from './store-key.js';
export type {
  ListOptions,
  ListResult,
  StoreOptions,
  StoreStats,
  WriteOptions,
} from './store-options.js';
export type { StoreWatch, StoreWatchEvent, WatchOptions } from './watch-hub.js';
