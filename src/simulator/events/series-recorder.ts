import type { Registry } from '../apiserver/registry/registry.js';
import type { KubeObject } from '../kube-object.js';
import type { CoreEvent, EventType } from './core-event.js';
import { EventSink, isRoutineRefusal } from './event-sink.js';
import { eventName, microTime } from './event-time.js';
import { type ObjectReference, referenceKey, toReference } from './object-reference.js';
import { every, type TimerClock } from './timer-clock.js';

/** `finishTime` and `refreshTime` of client-go `tools/events/event_broadcaster.go`. */
const FINISH_MS = 6 * 60_000;
const REFRESH_MS = 30 * 60_000;

export interface SeriesRecorderOptions {
  clock: TimerClock;
  /** `reportingController`, e.g. `default-scheduler` (the scheduler profile's name). */
  reportingController: string;
  /** `reportingInstance`: `<controller>-<hostname>`. */
  reportingInstance: string;
  /** Who the writes are from in managedFields, e.g. `kube-scheduler`. */
  fieldManager: string;
  onError?: (error: unknown) => void;
}

/**
 * client-go's events.k8s.io recorder (`tools/events`), used by kube-scheduler. The simulator
 * serves only core/v1 Events, so events are written as they read back through core/v1 after
 * the API server's conversion: `eventTime` (microseconds), `action`, `reportingComponent`/
 * `reportingInstance`, `series` for repeats, `source: {}`, null first/last timestamps, no count.
 *
 * Repeats are grouped by type, action, reason, reporting controller/instance, the regarding and
 * related objects — not by message, so a repeat with another message counts into the first
 * one's series and keeps its text. The first repeat patches `series` {count: 2} at once; later
 * ones only count in memory and reach the API when the series is refreshed (every 30 minutes)
 * or finished (6 minutes without a repeat). That is why real clusters show `(x2 over 5m)` for
 * a pod that failed scheduling many more times.
 */
export class SeriesEventRecorder {
  private readonly cache = new Map<string, CoreEvent>();
  private readonly sink: EventSink;
  private readonly writes = new Set<Promise<unknown>>();
  private readonly stops: (() => void)[] = [];

  constructor(
    registry: Registry,
    private readonly options: SeriesRecorderOptions,
  ) {
    this.sink = new EventSink(registry);
  }

  /** Starts the periodic series refresh and finish, as `StartRecordingToSink` does. */
  start() {
    const { clock } = this.options;
    this.stops.push(every(clock, REFRESH_MS, () => this.refreshExistingEventSeries()));
    this.stops.push(every(clock, FINISH_MS, () => this.finishSeries()));
  }

  /** Stops the timers and drops every write not made yet (shutdown). */
  stop() {
    for (const stop of this.stops.splice(0)) stop();
    this.sink.stop();
  }

  /** Resolves once everything recorded so far is written (or dropped). */
  async idle() {
    while (this.writes.size > 0) await Promise.all([...this.writes]);
  }

  /** `Eventf(regarding, related, type, reason, action, note)`. */
  recordEvent(
    regarding: KubeObject | ObjectReference,
    related: KubeObject | ObjectReference | undefined,
    type: EventType,
    reason: string,
    action: string,
    note: string,
  ): Promise<void> {
    const event = this.makeEvent(toReference(regarding), related, type, reason, action, note);
    const key = eventKey(event);
    const cached = this.cache.get(key);
    let toWrite: CoreEvent | undefined;
    if (!cached) {
      this.cache.set(key, event);
      toWrite = structuredClone(event);
    } else if (cached.series) {
      cached.series.count++;
      cached.series.lastObservedTime = microTime(this.options.clock.now());
    } else {
      cached.series = { count: 2, lastObservedTime: microTime(this.options.clock.now()) };
      toWrite = structuredClone(cached);
    }
    if (!toWrite) return Promise.resolve();
    const written = toWrite;
    return this.track(this.sink.enqueue(() => this.write(written))).then(() => undefined);
  }

  private makeEvent(
    ref: ObjectReference,
    related: KubeObject | ObjectReference | undefined,
    type: EventType,
    reason: string,
    action: string,
    note: string,
  ): CoreEvent {
    const now = this.options.clock.now();
    return {
      kind: 'Event',
      apiVersion: 'v1',
      metadata: { name: eventName(ref.name ?? '', now), namespace: ref.namespace || 'default' },
      involvedObject: ref,
      reason,
      message: note,
      source: {},
      firstTimestamp: null,
      lastTimestamp: null,
      type,
      eventTime: microTime(now),
      action,
      ...(related ? { related: toReference(related) } : {}),
      reportingComponent: this.options.reportingController,
      reportingInstance: this.options.reportingInstance,
    };
  }

  /**
   * `recordEvent`: a series is a PATCH of `series` on the first event (re-created by POST when
   * that is gone), a single event a POST. Refused writes are given up.
   */
  private async write(event: CoreEvent): Promise<void> {
    const manager = this.options.fieldManager;
    try {
      const series = event.series;
      const patched = series
        ? await this.sink.patch(
            event.metadata.namespace ?? 'default',
            event.metadata.name ?? '',
            (current) => {
              current.series = { ...series };
            },
            manager,
          )
        : undefined;
      if (!patched) await this.sink.create(event, manager);
    } catch (error) {
      if (!isRoutineRefusal(error) && !this.sink.isStopped) this.options.onError?.(error);
    }
  }

  /** Every 30 minutes: ongoing series are written, so their counts (and TTL) stay current. */
  private refreshExistingEventSeries() {
    for (const event of this.cache.values()) {
      if (!event.series) continue;
      const snapshot = structuredClone(event);
      void this.track(this.sink.enqueue(() => this.write(snapshot)));
    }
  }

  /** Every 6 minutes: series quiet for 6 minutes get their final count; old singles are forgotten. */
  private finishSeries() {
    const cutoff = this.options.clock.now().getTime() - FINISH_MS;
    for (const [key, event] of this.cache) {
      if (event.series) {
        if (Date.parse(event.series.lastObservedTime) < cutoff) {
          const snapshot = structuredClone(event);
          this.cache.delete(key);
          void this.track(this.sink.enqueue(() => this.write(snapshot)));
        }
      } else if (Date.parse(event.eventTime ?? '') < cutoff) {
        this.cache.delete(key);
      }
    }
  }

  private track<T>(write: Promise<T>): Promise<T> {
    this.writes.add(write);
    return write.finally(() => this.writes.delete(write));
  }
}

/** `getKey`: everything identifying a series but the note. */
function eventKey(event: CoreEvent): string {
  return [
    event.type,
    event.action ?? '',
    event.reason,
    event.reportingComponent,
    event.reportingInstance,
    referenceKey(event.involvedObject),
    referenceKey(event.related),
  ].join('\u0001');
}
