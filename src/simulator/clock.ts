/**
 * Simulated time. Everything in the simulator that waits — back-off, probes, `sleep` in a
 * container, grace periods — waits on this clock, never on the host's timers directly.
 *
 * - `SimClock({ speed })` runs with real time, `speed` times faster (`sim serve --speed`).
 * - `SimClock({ speed: 0 })` stands still until `advance` moves it: tests are deterministic.
 * - `advance(ms)` (`pod-course sim advance 60s`) jumps ahead and fires every timer that falls
 *   due on the way, in order, letting each one's consequences settle before the next.
 * - `offsetMs()` is how far simulated time runs ahead of the host's: what the API server takes
 *   off timestamps it shows (apiserver/time-view.ts) and what a restart continues from
 *   (clock-persistence.ts), via `SimClock({ offsetMs })`.
 */

export interface Clock {
  now(): Date;
}

export interface TimerHandle {
  readonly due: number;
  cancel(): void;
}

interface Timer {
  due: number;
  sequence: number;
  callback: () => void;
  cancelled: boolean;
}

/**
 * How long, in host time, `advance` waits at most for the settlers after one timer fired. A
 * settler whose work waits on a later simulated timer would never finish before that timer
 * fires; the bound keeps such a wait from stalling the advance.
 */
const SETTLE_LIMIT_MS = 100;

export class SimClock implements Clock {
  readonly speed: number;
  private readonly realBase: number;
  private readonly simBase: number;
  /** Time added by `advance`. */
  private jumped = 0;
  private timers: Timer[] = [];
  private sequence = 0;
  private hostTimer: NodeJS.Timeout | undefined;
  private advancing: Promise<void> = Promise.resolve();
  private readonly advanceListeners = new Set<() => void>();
  private readonly settlers = new Set<() => Promise<void>>();

  /**
   * `start`: the simulated time now; or `offsetMs`: how far ahead of the host's clock it starts
   * (a restart continuing where the last run was). Neither: the host's time, offset exactly 0.
   */
  constructor(options: { speed?: number; start?: Date; offsetMs?: number } = {}) {
    const speed = options.speed ?? 1;
    if (!(speed >= 0) || !Number.isFinite(speed)) {
      throw new RangeError(`speed must be a non-negative number, got ${speed}`);
    }
    const offset = options.offsetMs ?? 0;
    if (!Number.isFinite(offset)) throw new RangeError(`offset must be finite, got ${offset}`);
    this.speed = speed;
    // One reading of the host clock for both bases: an unmoved clock's offset is exactly 0,
    // not the millisecond that may tick between two readings.
    this.realBase = Date.now();
    this.simBase = options.start?.getTime() ?? this.realBase + offset;
  }

  nowMs(): number {
    return this.simAt(Date.now());
  }

  /**
   * Simulated minus host time, from one reading of the host clock. Constant at speed 1 except
   * when `advance` moves it; it drifts at any other speed.
   */
  offsetMs(): number {
    const host = Date.now();
    return this.simAt(host) - host;
  }

  /** Calls `listener` after each `advance` has run everything that fell due; returns an unsubscribe. */
  onAdvance(listener: () => void): () => void {
    this.advanceListeners.add(listener);
    return () => this.advanceListeners.delete(listener);
  }

  private simAt(hostMs: number): number {
    return this.simBase + (hostMs - this.realBase) * this.speed + this.jumped;
  }

  now(): Date {
    return new Date(this.nowMs());
  }

  /** Calls `callback` once `delayMs` of simulated time has passed. */
  setTimer(delayMs: number, callback: () => void): TimerHandle {
    const timer: Timer = {
      due: this.nowMs() + Math.max(0, delayMs),
      sequence: this.sequence++,
      callback,
      cancelled: false,
    };
    this.timers.push(timer);
    this.timers.sort((a, b) => a.due - b.due || a.sequence - b.sequence);
    this.scheduleHostTimer();
    return {
      due: timer.due,
      cancel: () => {
        timer.cancelled = true;
        this.timers = this.timers.filter((t) => t !== timer);
        this.scheduleHostTimer();
      },
    };
  }

  /** Resolves after `ms` of simulated time; rejects with the signal's reason when aborted. */
  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve, reject) => {
      if (signal?.aborted) {
        reject(signal.reason);
        return;
      }
      const onAbort = () => {
        handle.cancel();
        reject(signal?.reason);
      };
      const handle = this.setTimer(ms, () => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      });
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  /** Moves time forward by `ms`, firing everything that falls due in order. Calls queue up. */
  advance(ms: number): Promise<void> {
    if (!(ms >= 0) || !Number.isFinite(ms)) throw new RangeError(`cannot advance by ${ms} ms`);
    this.advancing = this.advancing.then(async () => {
      await this.advanceNow(ms);
      for (const listener of this.advanceListeners) listener();
    });
    return this.advancing;
  }

  /** Stops firing timers (the simulator is shutting down). */
  stop() {
    if (this.hostTimer) clearTimeout(this.hostTimer);
    this.hostTimer = undefined;
    this.timers = [];
    this.advanceListeners.clear();
  }

  private async advanceNow(ms: number) {
    const target = this.nowMs() + ms;
    for (;;) {
      const next = this.timers[0];
      if (!next || next.due > target) break;
      const now = this.nowMs();
      if (next.due > now) this.jumped += next.due - now;
      this.fireDue();
      await this.settle();
    }
    const now = this.nowMs();
    if (target > now) this.jumped += target - now;
    this.fireDue();
    await this.settle();
  }

  /**
   * Work the simulation does in reply to a timer (a kubelet starting a container, its status
   * written to the store) must land before the next timer fires, or it would happen at that
   * later simulated time: a crash loop fast-forwarded would restart late and too few times.
   * Components register how to wait until they are idle.
   */
  addSettler(settler: () => Promise<void>): () => void {
    this.settlers.add(settler);
    return () => this.settlers.delete(settler);
  }

  /** Lets promise chains and I/O started by a timer finish before the next one fires. */
  private async settle() {
    for (let i = 0; i < 3; i++) await new Promise<void>((resolve) => setImmediate(resolve));
    if (this.settlers.size === 0) return;
    let limit: NodeJS.Timeout | undefined;
    const bounded = new Promise<void>((resolve) => {
      limit = setTimeout(resolve, SETTLE_LIMIT_MS);
    });
    const idle = (async () => {
      // Twice: what one component finished may have handed work to another.
      for (let round = 0; round < 2; round++) {
        await Promise.all([...this.settlers].map((settler) => settler().catch(() => {})));
      }
    })();
    await Promise.race([idle, bounded]);
    clearTimeout(limit);
  }

  private fireDue() {
    const now = this.nowMs();
    while (this.timers[0] && this.timers[0].due <= now) {
      const timer = this.timers.shift() as Timer;
      if (!timer.cancelled) timer.callback();
    }
    this.scheduleHostTimer();
  }

  /** In real-time mode, one host timer wakes us for the earliest simulated timer. */
  private scheduleHostTimer() {
    if (this.hostTimer) clearTimeout(this.hostTimer);
    this.hostTimer = undefined;
    const next = this.timers[0];
    if (!next || this.speed === 0) return;
    const realDelay = Math.max(0, (next.due - this.nowMs()) / this.speed);
    // Host timers cap at ~24.8 days; longer waits just re-check then.
    this.hostTimer = setTimeout(() => this.fireDue(), Math.min(realDelay, 2 ** 31 - 1));
    this.hostTimer.unref();
  }
}
