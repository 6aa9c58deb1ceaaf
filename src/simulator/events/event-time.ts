/**
 * Names and timestamps of events as client-go writes them.
 */

let lastNanos = 0n;

/**
 * `fmt.Sprintf("%v.%x", name, now.UnixNano())`: `nginx.18eaad072b1ee500`. The simulator's clock
 * has millisecond resolution, where a real one has nanoseconds; two events about one object
 * within the same millisecond (a kubelet's Pulled, Created, Started) would get the same name and
 * the second would be refused as AlreadyExists. So within a millisecond the nanoseconds count
 * up, process-wide, keeping names unique and in order.
 */
export function eventName(objectName: string, now: Date): string {
  let nanos = BigInt(now.getTime()) * 1_000_000n;
  if (nanos <= lastNanos && lastNanos - nanos < 1_000_000n) nanos = lastNanos + 1n;
  lastNanos = nanos;
  return `${objectName}.${nanos.toString(16)}`;
}

/** `metav1.Time` on the wire: RFC 3339 in UTC, whole seconds. */
export function wireTime(date: Date): string {
  return `${date.toISOString().slice(0, 19)}Z`;
}

/** `metav1.MicroTime` on the wire (`RFC3339Micro`): always six fractional digits. */
export function microTime(date: Date): string {
  return `${date.toISOString().slice(0, 23)}000Z`;
}
