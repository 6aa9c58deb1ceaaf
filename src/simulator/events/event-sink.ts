import type { Registry } from '../apiserver/registry/registry.js';
import { findResource, type ResourceInfo } from '../apiserver/resources.js';
import { ApiError } from '../apiserver/status.js';
import type { CoreEvent } from './core-event.js';

const EVENTS = findResource('', 'v1', 'events') as ResourceInfo;

/** A write raced another one (409) more often than this: give up, as a failed PATCH would. */
const MAX_ATTEMPTS = 5;

/**
 * Where recorders write: core/v1 Events through the registry, as the API server would store a
 * POST and a PATCH from a recorder's `EventSink`. Writes run one at a time, in the order they
 * were asked for, so a repeat never overtakes the create it updates (a recorder's broadcaster
 * has a single goroutine doing this).
 */
export class EventSink {
  private tail: Promise<unknown> = Promise.resolve();
  private stopped = false;

  constructor(private readonly registry: Registry) {}

  /**
   * Runs `job` after every job queued before it; once the sink is stopped, queued and new jobs
   * are dropped (undefined), as a broadcaster's queue dies with its process.
   */
  enqueue<T>(job: () => Promise<T>): Promise<T | undefined> {
    const guarded = () => (this.stopped ? Promise.resolve(undefined) : job());
    const run = this.tail.then(guarded, guarded);
    this.tail = run.catch(() => undefined);
    return run;
  }

  /** Drops every event not written yet: the simulator is shutting down. */
  stop() {
    this.stopped = true;
  }

  /** A write refused because the sink was stopped while it ran (the store closing under it). */
  get isStopped() {
    return this.stopped;
  }

  /** Resolves once every queued write is done. */
  async idle() {
    for (;;) {
      const tail = this.tail;
      await tail;
      if (tail === this.tail) return;
    }
  }

  /** POST: the server's copy, with a fresh resourceVersion and uid. */
  async create(event: CoreEvent, fieldManager: string): Promise<CoreEvent> {
    const object = structuredClone(event);
    delete object.metadata.resourceVersion;
    const namespace = object.metadata.namespace ?? 'default';
    return (await this.registry.create(EVENTS, namespace, object, { fieldManager })) as CoreEvent;
  }

  /**
   * PATCH: applies `change` to the stored event. Undefined when the event is gone (deleted, or
   * expired on a real server), which recorders answer by creating it again.
   */
  async patch(
    namespace: string,
    name: string,
    change: (stored: CoreEvent) => void,
    fieldManager: string,
  ): Promise<CoreEvent | undefined> {
    for (let attempt = 1; ; attempt++) {
      const stored = this.registry.storage.get('events', namespace, name) as CoreEvent | undefined;
      if (!stored) return undefined;
      change(stored);
      try {
        return (await this.registry.update(EVENTS, namespace, name, stored, {
          fieldManager,
        })) as CoreEvent;
      } catch (error) {
        if (error instanceof ApiError && error.code === 404) return undefined;
        if (!(error instanceof ApiError && error.code === 409) || attempt >= MAX_ATTEMPTS)
          throw error;
      }
    }
  }
}

/**
 * Refusals client-go's sinks give up on quietly: the event exists already, or its namespace is
 * gone or going (events about objects of a deleted namespace keep arriving for a while).
 */
export function isRoutineRefusal(error: unknown): boolean {
  if (!(error instanceof ApiError)) return false;
  const { reason, details } = error.status;
  if (reason === 'AlreadyExists') return true;
  if (error.code === 404 && details?.kind === 'namespaces') return true;
  return details?.causes?.some((c) => c.reason === 'NamespaceTerminating') === true;
}
