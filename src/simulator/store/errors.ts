import { describeKey, type StoreKey } from './store-key.js';

/**
 * Every error the store raises on purpose. The API server maps the request-level ones to a
 * `metav1.Status` (409, 404, 504…); the open-time ones (`StateError` and its subclasses) carry a
 * message written for the learner, which the CLI prints without a stack trace.
 */
export class StoreError extends Error {
  override name = 'StoreError';
}

/** `create` found the key taken. */
export class AlreadyExistsError extends StoreError {
  override name = 'AlreadyExistsError';
  readonly key: StoreKey;

  constructor(key: StoreKey) {
    super(`${describeKey(key)} already exists`);
    this.key = key;
  }
}

/** `update` or `delete` found no object at the key. */
export class NotFoundError extends StoreError {
  override name = 'NotFoundError';
  readonly key: StoreKey;

  constructor(key: StoreKey) {
    super(`${describeKey(key)} not found`);
    this.key = key;
  }
}

/** `expectedResourceVersion` did not match the stored object's (optimistic concurrency). */
export class ConflictError extends StoreError {
  override name = 'ConflictError';
  readonly key: StoreKey;
  readonly expectedResourceVersion: string;
  readonly actualResourceVersion: string;

  constructor(key: StoreKey, expected: string, actual: string) {
    super(`${describeKey(key)} is at resourceVersion ${actual}, not ${expected}`);
    this.key = key;
    this.expectedResourceVersion = expected;
    this.actualResourceVersion = actual;
  }
}

/** A watch asked for a resourceVersion the store has not reached (real server: 504 Timeout). */
export class TooLargeResourceVersionError extends StoreError {
  override name = 'TooLargeResourceVersionError';
  readonly requested: string;
  readonly current: string;

  constructor(requested: string, current: string) {
    super(`Too large resource version: ${requested}, current: ${current}`);
    this.requested = requested;
    this.current = current;
  }
}

/** A resourceVersion that is not a decimal counter value. */
export class InvalidResourceVersionError extends StoreError {
  override name = 'InvalidResourceVersionError';
  readonly resourceVersion: string;

  constructor(resourceVersion: string) {
    super(`invalid resource version: ${JSON.stringify(resourceVersion)}`);
    this.resourceVersion = resourceVersion;
  }
}

/** The store was closed, or stopped after a disk error; nothing more can be written. */
export class StoreUnavailableError extends StoreError {
  override name = 'StoreUnavailableError';
}

/**
 * The state directory cannot be used: a damaged or foreign file. `file` names it; the message
 * says what to do. Thrown only by `Store.open`.
 */
export class StateError extends StoreError {
  override name = 'StateError';
  readonly file: string;

  constructor(file: string, message: string) {
    super(message);
    this.file = file;
  }
}

/** Another live process holds the state directory's lock file. */
export class StoreLockedError extends StateError {
  override name = 'StoreLockedError';
  readonly pid: number;

  constructor(file: string, pid: number, message: string) {
    super(file, message);
    this.pid = pid;
  }
}
