/**
 * client-go's `EventCorrelator` (`tools/record/events_cache.go`), the part of the legacy
 * recorder (kubelet, controllers) that keeps repeated events from flooding the API:
 *
 * 1. aggregation — the 10th distinct message of "similar" events (same source, object, type,
 *    reason, reporting controller/instance) within 10 minutes of the previous one becomes
 *    `(combined from similar events): <message>` under a key of its own;
 * 2. de-duplication — an event seen before (same source, object, fieldPath, type, reason,
 *    message) updates the first one's `count` and `lastTimestamp` instead of creating another;
 * 3. spam filter — a token bucket per source and object (burst 25, one more every 5 minutes);
 *    events over it are dropped, though they were counted by step 2 already.
 *
 * All state is per correlator (per recorder), in LRU caches of 4096 entries, as in client-go.
 */
import type { CoreEvent } from './core-event.js';
import { eventName, wireTime } from './event-time.js';

const MAX_LRU_ENTRIES = 4096;
const AGGREGATE_MAX_EVENTS = 10;
const AGGREGATE_INTERVAL_MS = 600_000;
const SPAM_BURST = 25;
const SPAM_QPS = 1 / 300;

export type CorrelateResult =
  | { skip: true }
  /** `update`: patch the existing event (`count` > 1) rather than create it. */
  | { skip: false; event: CoreEvent; update: boolean };

/** A Map that forgets its least recently used entries past a size (groupcache's `lru`). */
class Lru<V> {
  private readonly entries = new Map<string, V>();

  constructor(private readonly max: number) {}

  get(key: string): V | undefined {
    const value = this.entries.get(key);
    if (value !== undefined) {
      this.entries.delete(key);
      this.entries.set(key, value);
    }
    return value;
  }

  set(key: string, value: V) {
    this.entries.delete(key);
    this.entries.set(key, value);
    if (this.entries.size > this.max) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
  }
}

const join = (parts: (string | undefined)[]) => parts.map((p) => p ?? '').join('');

/** `getEventKey`: the identity of an event for de-duplication. */
export function eventKey(event: CoreEvent): string {
  const o = event.involvedObject;
  return join([
    event.source.component,
    event.source.host,
    o.kind,
    o.namespace,
    o.name,
    o.fieldPath,
    o.uid,
    o.apiVersion,
    event.type,
    event.reason,
    event.message,
  ]);
}

/**
 * `getSpamKey`. The reference (api-server-facts §3.4) includes the event type; the client-go
 * copies we could read stop at the apiVersion. We follow the reference.
 */
function spamKey(event: CoreEvent): string {
  const o = event.involvedObject;
  return join([
    event.source.component,
    event.source.host,
    o.kind,
    o.namespace,
    o.name,
    o.uid,
    o.apiVersion,
    event.type,
  ]);
}

/** `EventAggregatorByReasonFunc`: the group of similar events, and the event's place in it. */
function aggregateKeys(event: CoreEvent): [string, string] {
  const o = event.involvedObject;
  const group = join([
    event.source.component,
    event.source.host,
    o.kind,
    o.namespace,
    o.name,
    o.uid,
    o.apiVersion,
    event.type,
    event.reason,
    event.reportingComponent,
    event.reportingInstance,
  ]);
  return [group, event.message];
}

interface AggregateRecord {
  /** Distinct messages seen, in insertion order. */
  localKeys: Set<string>;
  lastTimestamp: number;
}

interface EventLog {
  count: number;
  firstTimestamp: string | null;
  name: string;
  resourceVersion: string | undefined;
}

interface Bucket {
  tokens: number;
  last: number;
}

export class EventCorrelator {
  private readonly aggregates = new Lru<AggregateRecord>(MAX_LRU_ENTRIES);
  private readonly observations = new Lru<EventLog>(MAX_LRU_ENTRIES);
  private readonly buckets = new Lru<Bucket>(MAX_LRU_ENTRIES);

  constructor(private readonly now: () => Date) {}

  /** `EventCorrelate`: what to write for a new event, if anything. */
  correlate(newEvent: CoreEvent): CorrelateResult {
    const [aggregated, key] = this.aggregate(newEvent);
    const observed = this.observe(aggregated, key);
    if (this.isSpam(observed.event)) return { skip: true };
    return { skip: false, event: observed.event, update: observed.update };
  }

  /** `UpdateState`: remember the server's copy (name, resourceVersion, count) after a write. */
  updateState(event: CoreEvent) {
    this.observations.set(eventKey(event), {
      count: event.count ?? 0,
      firstTimestamp: event.firstTimestamp,
      name: event.metadata.name ?? '',
      resourceVersion: event.metadata.resourceVersion,
    });
  }

  /** `EventAggregate`: the event itself, or an aggregate standing for it, and its cache key. */
  private aggregate(newEvent: CoreEvent): [CoreEvent, string] {
    const nowDate = this.now();
    const now = nowDate.getTime();
    const key = eventKey(newEvent);
    const [groupKey, localKey] = aggregateKeys(newEvent);
    let record = this.aggregates.get(groupKey);
    if (!record || now - record.lastTimestamp > AGGREGATE_INTERVAL_MS) {
      record = { localKeys: new Set(), lastTimestamp: 0 };
    }
    record.localKeys.add(localKey);
    record.lastTimestamp = now;
    this.aggregates.set(groupKey, record);
    if (record.localKeys.size < AGGREGATE_MAX_EVENTS) return [newEvent, key];

    // Keep the set at its maximum. Go's PopAny removes an arbitrary member; the oldest is
    // removed here, so runs are repeatable.
    const first = record.localKeys.values().next();
    if (!first.done) record.localKeys.delete(first.value);
    const stamp = wireTime(nowDate);
    // Built field by field as client-go does: the aggregate carries no reporting fields.
    const aggregate: CoreEvent = {
      kind: 'Event',
      apiVersion: 'v1',
      metadata: {
        name: eventName(newEvent.involvedObject.name ?? '', nowDate),
        namespace: newEvent.metadata.namespace ?? '',
      },
      involvedObject: newEvent.involvedObject,
      reason: newEvent.reason,
      message: `(combined from similar events): ${newEvent.message}`,
      source: newEvent.source,
      firstTimestamp: stamp,
      lastTimestamp: stamp,
      count: 1,
      type: newEvent.type,
      eventTime: null,
      reportingComponent: '',
      reportingInstance: '',
    };
    return [aggregate, groupKey];
  }

  /** `eventObserve`: a repeat takes the first occurrence's name, first timestamp and count + 1. */
  private observe(newEvent: CoreEvent, key: string): { event: CoreEvent; update: boolean } {
    const event: CoreEvent = { ...newEvent, metadata: { ...newEvent.metadata } };
    const last = this.observations.get(key);
    const update = last !== undefined && last.count > 0;
    if (last && update) {
      event.metadata.name = last.name;
      if (last.resourceVersion !== undefined) event.metadata.resourceVersion = last.resourceVersion;
      event.firstTimestamp = last.firstTimestamp;
      event.count = last.count + 1;
    }
    this.observations.set(key, {
      count: event.count ?? 0,
      firstTimestamp: event.firstTimestamp,
      name: event.metadata.name ?? '',
      resourceVersion: event.metadata.resourceVersion,
    });
    return { event, update };
  }

  /** `EventSourceObjectSpamFilter.Filter`: a token bucket (`rate.Limiter`) per source + object. */
  private isSpam(event: CoreEvent): boolean {
    const now = this.now().getTime();
    const key = spamKey(event);
    const bucket = this.buckets.get(key) ?? { tokens: SPAM_BURST, last: now };
    bucket.tokens = Math.min(
      SPAM_BURST,
      bucket.tokens + (Math.max(0, now - bucket.last) / 1000) * SPAM_QPS,
    );
    bucket.last = now;
    const accepted = bucket.tokens >= 1;
    if (accepted) bucket.tokens -= 1;
    this.buckets.set(key, bucket);
    return !accepted;
  }
}
