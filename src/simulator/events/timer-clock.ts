import type { TimerHandle } from '../clock.js';

/**
 * The part of the simulator's clock (`SimClock`) that recorders and the scheduler use: the time,
 * and timers that fire on simulated time (so `sim advance` and tests' manual clocks drive them).
 */
export interface TimerClock {
  now(): Date;
  setTimer(delayMs: number, callback: () => void): TimerHandle;
}

/**
 * `wait.Until(fn, period)`: runs `fn` every `periodMs` of simulated time until stopped. The
 * first run is one period from now (the first immediate run of Go's loop has nothing to do in
 * the places this is used).
 */
export function every(clock: TimerClock, periodMs: number, fn: () => void): () => void {
  let handle: TimerHandle | undefined;
  let stopped = false;
  const arm = () => {
    handle = clock.setTimer(periodMs, () => {
      if (stopped) return;
      fn();
      arm();
    });
  };
  arm();
  return () => {
    stopped = true;
    handle?.cancel();
  };
}
