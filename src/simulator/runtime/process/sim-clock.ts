/**
 * The clock simulated processes live by. `SimClock` (src/simulator/clock.ts) has this shape:
 * in tests it stands still until `advance`, in `sim serve` it follows real time × speed and
 * jumps with `sim advance`. Nothing in a container ever reads the host clock.
 */
export interface SimulatedClock {
  now(): Date;
  /** Resolves after `ms` of simulated time; rejects with the signal's reason when aborted. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/** Waits until `signal` aborts (`sleep infinity`): no timer is registered for it. */
export function waitForAbort(signal: AbortSignal | undefined): Promise<never> {
  return new Promise((_resolve, reject) => {
    if (!signal) return;
    if (signal.aborted) {
      reject(signal.reason);
      return;
    }
    signal.addEventListener('abort', () => reject(signal.reason), { once: true });
  });
}

/** Combines optional abort signals into one (AbortSignal.any needs at least one). */
export function anySignal(...signals: (AbortSignal | undefined)[]): AbortSignal | undefined {
  const present = signals.filter((s): s is AbortSignal => s !== undefined);
  if (present.length <= 1) return present[0];
  return AbortSignal.any(present);
}
