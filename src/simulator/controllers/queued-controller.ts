import type { ControllerContext } from './controller-context.js';
import { WorkQueue } from './work-queue.js';

/**
 * What every controller here shares with kube-controller-manager's: watches that wake it put
 * keys on a work queue, and one `sync` per key reconciles. Stopping ends the watches and the
 * queue; `idle`/`busy` let the manager (and a fast-forwarded clock) wait for it.
 */
export abstract class QueuedController {
  protected readonly queue: WorkQueue;
  /** Undoes what `start` set up (watches, timers). */
  protected readonly stops: (() => void)[] = [];

  constructor(protected readonly context: ControllerContext) {
    this.queue = new WorkQueue(context.clock, (key) => this.sync(key), context.onError);
  }

  /** Reconciles one queued key; a throw retries it with back-off. */
  protected abstract sync(key: string): Promise<void>;

  stop() {
    for (const stop of this.stops.splice(0)) stop();
    this.queue.stop();
  }

  idle() {
    return this.queue.idle();
  }

  get busy() {
    return this.queue.busy;
  }
}
