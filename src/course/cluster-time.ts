import type { ClusterClient } from '../cluster/cluster-client.js';
import { advanceClock, hasClock } from '../cluster/cluster-clock.js';

/** How a wait lets time pass between two looks, and for how long it keeps looking. */
export interface Patience {
  /** Seconds of the cluster's time between two looks. */
  stepSeconds: number;
  /** Give up once this much of the cluster's time has gone by. */
  limitSeconds: number;
}

/**
 * When fast-forwarding, a wait never gives up before the simulator had this much real time
 * (or the whole limit, if shorter) to do its work: on a busy machine a state may lag behind
 * the clock, and an early "no" would be a false failure (only failing proofs wait this long).
 */
const MIN_REAL_MS = 5000;

/**
 * Time as the self-test lets it pass while it waits for a state. On a simulator (a cluster
 * with a clock) each step moves the simulated clock on by the step — everything that falls
 * due runs, in order — instead of waiting for it in real time: a pull, a back-off or a grace
 * period arrives as soon as the simulator has done the work, with the same sequence of
 * events the real wait would have seen. Elsewhere each step is slept.
 */
export class ClusterTime {
  private constructor(
    private readonly cluster: ClusterClient,
    readonly fastForward: boolean,
  ) {}

  static async of(cluster: ClusterClient): Promise<ClusterTime> {
    return new ClusterTime(cluster, await hasClock(cluster));
  }

  /** Lets `seconds` of the cluster's time pass. */
  async pass(seconds: number): Promise<void> {
    if (this.fastForward) await advanceClock(this.cluster, seconds);
    else await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
  }

  /**
   * Looks until what it sees is `done`, letting a step of time pass between looks; gives up
   * once the limit of the cluster's time (real time plus what was fast-forwarded) has gone by.
   * Answers whether it got there, and the last thing seen.
   */
  async until<T>(
    look: () => Promise<T>,
    done: (seen: T) => boolean,
    patience: Patience,
  ): Promise<{ reached: boolean; last: T }> {
    const began = Date.now();
    let forwarded = 0;
    for (;;) {
      const last = await look();
      if (done(last)) return { reached: true, last };
      const realMs = Date.now() - began;
      const passedSeconds = realMs / 1000 + forwarded;
      const realFloorMs = this.fastForward
        ? Math.min(MIN_REAL_MS, patience.limitSeconds * 1000)
        : 0;
      if (passedSeconds >= patience.limitSeconds && realMs >= realFloorMs) {
        return { reached: false, last };
      }
      await this.pass(patience.stepSeconds);
      if (this.fastForward) forwarded += patience.stepSeconds;
    }
  }
}
