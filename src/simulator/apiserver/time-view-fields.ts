/**
 * Which values of an API object are timestamps, and moving them by whole seconds.
 *
 * A value is a timestamp when its key is the JSON name of a `metav1.Time` / `metav1.MicroTime`
 * field of the Kubernetes API (`creationTimestamp`, `lastTransitionTime`, `renewTime`, …; `time`
 * only in a `managedFields` entry) and it is an RFC 3339 string. Names, not a pattern on every
 * string: a ConfigMap value, an env value or kubectl's `restartedAt` annotation may look exactly
 * like a timestamp and must never move. The maps whose keys the user chooses (annotations,
 * labels, ConfigMap and Secret data) are not entered at all, so a user key that happens to be
 * called `startTime` is left alone too. Names rather than a per-kind field list: a kind added
 * later with the API's usual names (`lastTransitionTime` in its conditions) is covered as it is.
 */
import { isPlainObject } from '../kube-object.js';

/** JSON names of the `metav1.Time` and `metav1.MicroTime` fields across the 1.32 API. */
export const TIME_KEYS: ReadonlySet<string> = new Set([
  // ObjectMeta
  'creationTimestamp',
  'deletionTimestamp',
  // Pod status, container states, conditions of every kind
  'startTime',
  'startedAt',
  'finishedAt',
  'lastProbeTime',
  'lastTransitionTime',
  'lastHeartbeatTime',
  'lastUpdateTime',
  // Taints
  'timeAdded',
  // core/v1 and events.k8s.io/v1 Events
  'firstTimestamp',
  'lastTimestamp',
  'eventTime',
  'lastObservedTime',
  'deprecatedFirstTimestamp',
  'deprecatedLastTimestamp',
  // Leases
  'acquireTime',
  'renewTime',
  // TokenRequest, Jobs, CronJobs, HPAs, PersistentVolumes
  'expirationTimestamp',
  'completionTime',
  'lastScheduleTime',
  'lastSuccessfulTime',
  'lastScaleTime',
  'lastPhaseTransitionTime',
]);

/** Maps keyed by the user (and managed-fields sets): their values are never API timestamps. */
const OPAQUE_KEYS: ReadonlySet<string> = new Set([
  'annotations',
  'labels',
  'data',
  'stringData',
  'binaryData',
  'fieldsV1',
]);

/** RFC 3339 as `metav1.Time` (no fraction), `MicroTime` (6 digits) and RFC3339Nano write it. */
const RFC3339 = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(\.\d{1,9})?(Z|[+-]\d\d:\d\d)$/;

/** Go's zero time, which some clients send for "unset": a sentinel, never a moment. */
const ZERO_TIME_PREFIX = '0001-01-01T00:00:00';

const MIN_MS = Date.parse('0001-01-01T00:00:00Z');
const MAX_MS = Date.parse('9999-12-31T23:59:59Z');

/**
 * `text` moved by `deltaMs` (a whole number of seconds, so the fractional digits — none, 6 or up
 * to 9 — are kept exactly as they were), in UTC; undefined when `text` is not a timestamp.
 */
export function shiftTimestamp(text: string, deltaMs: number): string | undefined {
  if (deltaMs % 1000 !== 0) throw new RangeError(`shift by whole seconds only, not ${deltaMs} ms`);
  const match = RFC3339.exec(text);
  if (!match || text.startsWith(ZERO_TIME_PREFIX)) return undefined;
  const [, seconds, fraction = '', zone] = match;
  const ms = Date.parse(`${seconds}${zone}`) + deltaMs;
  if (!(ms >= MIN_MS && ms <= MAX_MS)) return undefined;
  return `${new Date(ms).toISOString().slice(0, 19)}${fraction}Z`;
}

/**
 * A copy of `value` with every timestamp moved by `deltaMs` (whole seconds). `value` itself is
 * never changed (it may be the store's event object); 0 returns it as it is, without a walk.
 */
export function shiftTimes<T>(value: T, deltaMs: number): T {
  if (deltaMs === 0) return value;
  if (deltaMs % 1000 !== 0) throw new RangeError(`shift by whole seconds only, not ${deltaMs} ms`);
  return walk(value, deltaMs, false) as T;
}

function walk(value: unknown, deltaMs: number, managedFieldsEntry: boolean): unknown {
  if (Array.isArray(value)) return value.map((item) => walk(item, deltaMs, false));
  if (!isPlainObject(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) {
    if (typeof child === 'string') {
      const isTime = TIME_KEYS.has(key) || (managedFieldsEntry && key === 'time');
      out[key] = (isTime && shiftTimestamp(child, deltaMs)) || child;
    } else if (typeof child !== 'object' || child === null || OPAQUE_KEYS.has(key)) {
      out[key] = child;
    } else if (key === 'managedFields' && Array.isArray(child)) {
      out[key] = child.map((entry) => walk(entry, deltaMs, true));
    } else {
      out[key] = walk(child, deltaMs, false);
    }
  }
  return out;
}

/**
 * The latest moment the server itself wrote into `object`: its `creationTimestamp` and the
 * `time` of each managed-fields entry (every write stamps one with the clock's "now"). Only
 * these, because a client may set any other time field to any value it likes — and a
 * deletionTimestamp lies a grace period in the future by design.
 */
export function latestServerWrite(object: unknown): number | undefined {
  if (!isPlainObject(object) || !isPlainObject(object.metadata)) return undefined;
  const { creationTimestamp, managedFields } = object.metadata;
  let latest: number | undefined;
  const consider = (text: unknown) => {
    if (typeof text !== 'string' || !RFC3339.test(text)) return;
    const ms = Date.parse(text);
    if (!Number.isNaN(ms) && (latest === undefined || ms > latest)) latest = ms;
  };
  consider(creationTimestamp);
  if (Array.isArray(managedFields)) {
    for (const entry of managedFields) if (isPlainObject(entry)) consider(entry.time);
  }
  return latest;
}
