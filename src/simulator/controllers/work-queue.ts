import type { TimerHandle } from '../clock.js';
import type { TimerClock } from '../events/timer-clock.js';
import { isRace } from './controller-context.js';
import { SerialQueue } from './serial-queue.js';

/**
 * A controller's work queue (client-go's rate-limited delaying queue, in small): keys are synced
 * one at a time, a key queued while waiting is synced once; `addAfter` waits on the simulated
 * clock (minReadySeconds, progress deadlines); a failed sync is retried with exponential back-off
 * in host time (5 ms doubling, at most 10 s), as the real queue's rate limiter does.
 */
export class WorkQueue {
  private readonly queue = new SerialQueue();
  private readonly failures = new Map<string, number>();
  private readonly timers = new Set<TimerHandle>();
  private readonly retries = new Set<NodeJS.Timeout>();
  private readonly waiting = new Set<string>();
  private active = false;
  private stopped = false;

  constructor(
    private readonly clock: TimerClock,
    private readonly sync: (key: string) => Promise<void>,
    private readonly onError: (error: unknown) => void,
  ) {}

  add(key: string) {
    if (this.stopped) return;
    this.waiting.add(key);
    this.queue.push(key, () => this.run(key));
  }

  /** Whether a sync is queued or running (delayed keys not counted). */
  get busy(): boolean {
    return this.waiting.size > 0 || this.active;
  }

  /** Queues `key` again once `ms` of simulated time have passed. */
  addAfter(key: string, ms: number) {
    if (this.stopped) return;
    const handle = this.clock.setTimer(ms, () => {
      this.timers.delete(handle);
      this.add(key);
    });
    this.timers.add(handle);
  }

  stop() {
    this.stopped = true;
    for (const timer of this.timers) timer.cancel();
    for (const retry of this.retries) clearTimeout(retry);
    this.timers.clear();
    this.retries.clear();
  }

  /** Resolves once every sync queued so far has run. */
  idle() {
    return this.queue.idle();
  }

  private async run(key: string) {
    this.waiting.delete(key);
    this.active = true;
    try {
      await this.sync(key);
      this.failures.delete(key);
    } catch (error) {
      // A conflict or a vanished object is routine: the change behind it queues the key anyway.
      if (!isRace(error)) this.onError(error);
      const count = (this.failures.get(key) ?? 0) + 1;
      this.failures.set(key, count);
      const retry = setTimeout(
        () => {
          this.retries.delete(retry);
          this.add(key);
        },
        Math.min(5 * 2 ** (count - 1), 10_000),
      );
      retry.unref();
      this.retries.add(retry);
    } finally {
      this.active = false;
    }
  }
}
