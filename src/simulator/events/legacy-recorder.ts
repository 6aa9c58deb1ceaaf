import type { Registry } from '../apiserver/registry/registry.js';
import type { KubeObject } from '../kube-object.js';
import type { CoreEvent, EventSource, EventType } from './core-event.js';
import { EventCorrelator } from './event-correlator.js';
import { EventSink, isRoutineRefusal } from './event-sink.js';
import { eventName, wireTime } from './event-time.js';
import { type ObjectReference, toReference } from './object-reference.js';

export interface LegacyRecorderOptions {
  now: () => Date;
  /** Who the writes are from in managedFields; defaults to the source's component. */
  fieldManager?: string;
  onError?: (error: unknown) => void;
}

/**
 * client-go's legacy recorder (`tools/record/event.go`), which the kubelet and the controllers
 * of kube-controller-manager use: core/v1 Events with `source`, `firstTimestamp`/
 * `lastTimestamp` and `count`, `reportingComponent`/`reportingInstance` copied from the source,
 * correlated (aggregated, de-duplicated, rate-limited) before they are written.
 */
export class LegacyEventRecorder {
  private readonly correlator: EventCorrelator;
  private readonly sink: EventSink;
  private readonly writes = new Set<Promise<unknown>>();

  constructor(
    registry: Registry,
    private readonly options: LegacyRecorderOptions,
  ) {
    this.correlator = new EventCorrelator(options.now);
    this.sink = new EventSink(registry);
  }

  /**
   * `Event(object, type, reason, message)` of a recorder made for `source`. Resolves to the
   * event as stored, or undefined when it was dropped (spam filter, invalid type, refused write).
   */
  recordEvent(
    involvedObject: KubeObject | ObjectReference,
    type: EventType,
    reason: string,
    message: string,
    source: EventSource,
  ): Promise<CoreEvent | undefined> {
    // `ValidateEventType`: anything else is logged and dropped by client-go.
    if (type !== 'Normal' && type !== 'Warning') return Promise.resolve(undefined);
    if (this.sink.isStopped) return Promise.resolve(undefined);
    const event = this.makeEvent(toReference(involvedObject), type, reason, message, source);
    const manager = this.options.fieldManager ?? (source.component || 'unknown');
    // Correlation happens when the broadcaster gets to the event, in order with the writes.
    const write = this.sink.enqueue(() => this.recordToSink(event, manager));
    this.writes.add(write);
    return write.finally(() => this.writes.delete(write));
  }

  /** Resolves once everything recorded so far is written (or dropped). */
  async idle() {
    while (this.writes.size > 0) await Promise.all([...this.writes]);
  }

  /** Drops what is queued and whatever is recorded later (shutdown, before the store closes). */
  stop() {
    this.sink.stop();
  }

  /** `makeEvent`: name `<object>.<hex UnixNano>`, in the object's namespace (or `default`). */
  private makeEvent(
    ref: ObjectReference,
    type: EventType,
    reason: string,
    message: string,
    source: EventSource,
  ): CoreEvent {
    const now = this.options.now();
    const stamp = wireTime(now);
    return {
      kind: 'Event',
      apiVersion: 'v1',
      metadata: { name: eventName(ref.name ?? '', now), namespace: ref.namespace || 'default' },
      involvedObject: ref,
      reason,
      message,
      source: {
        ...(source.component ? { component: source.component } : {}),
        ...(source.host ? { host: source.host } : {}),
      },
      firstTimestamp: stamp,
      lastTimestamp: stamp,
      count: 1,
      type,
      eventTime: null,
      reportingComponent: source.component ?? '',
      reportingInstance: source.host ?? '',
    };
  }

  /**
   * `recordToSink` + `recordEvent`: a repeat is a PATCH of `count`, `lastTimestamp` and
   * `message` on the first occurrence, re-created by POST when that is gone; a refused write
   * (AlreadyExists, invalid, terminating namespace) is given up, never retried.
   */
  private async recordToSink(event: CoreEvent, manager: string): Promise<CoreEvent | undefined> {
    const result = this.correlator.correlate(event);
    if (result.skip) return undefined;
    const observed = result.event;
    try {
      let stored: CoreEvent | undefined;
      if (result.update) {
        stored = await this.sink.patch(
          observed.metadata.namespace ?? 'default',
          observed.metadata.name ?? '',
          (current) => {
            current.count = observed.count ?? 1;
            current.lastTimestamp = observed.lastTimestamp;
            current.message = observed.message;
          },
          manager,
        );
      }
      stored ??= await this.sink.create(observed, manager);
      this.correlator.updateState(stored);
      return stored;
    } catch (error) {
      // A write under way when the recorder stopped may meet the store closing: not a fault.
      if (!isRoutineRefusal(error) && !this.sink.isStopped) this.options.onError?.(error);
      return undefined;
    }
  }
}
