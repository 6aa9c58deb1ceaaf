/**
 * Timestamps shown in host time.
 *
 * The simulated clock runs ahead of the host's after `sim advance` (or at `--speed N`), and
 * every stored timestamp is simulated time. Server-side tables compute AGE against the
 * simulated "now", but kubectl computes some ages itself against the host's clock (`describe`'s
 * event ages, which print `<invalid>` for a time in the host's future; `kubectl events`;
 * absolute times such as Start Time). So, when this view is on, the API server shows every
 * timestamp moved back by the skew — simulated minus host time, in whole seconds, rounded up —
 * and moves times that clients send forward by the same amount: the simulated "now" is shown
 * as (at most a second before) the host's now, durations between stored times stay what they
 * are, and a fetched object written back keeps its times.
 *
 * At speed 1 the skew changes only when `advance` moves the clock, so a round trip is exact;
 * at another speed it drifts by whole seconds between a read and a later write.
 */
import type { IncomingMessage } from 'node:http';
import { shiftTimes } from './time-view-fields.js';

/** The one clock reading a view needs (SimClock has it). */
export interface OffsetClock {
  offsetMs(): number;
}

/** The shift for one request or response, fixed once computed. */
export class TimeShift {
  /** Whole seconds, in ms, that stored times are ahead of what clients see; 0 does nothing. */
  readonly skewMs: number;

  constructor(skewMs: number) {
    // `Math.ceil(-0.2)` is -0: normalise so that `skewMs === 0` reads naturally everywhere.
    this.skewMs = skewMs === 0 ? 0 : skewMs;
  }

  /** What a client is shown for a stored value (a copy; the original stays as it is). */
  toWire<T>(value: T): T {
    return shiftTimes(value, -this.skewMs);
  }

  /** What is stored for a value a client sent. */
  toStored<T>(value: T): T {
    return shiftTimes(value, this.skewMs);
  }
}

export const NO_SHIFT = new TimeShift(0);

export class TimeView {
  constructor(private readonly clock: OffsetClock) {}

  /**
   * The skew now. Rounded up to whole seconds: `metav1.Time` has no fraction, so any other
   * shift would lose the value on the way back; and up, so that nothing the server wrote
   * "now" is shown in the host's future.
   */
  current(): TimeShift {
    return new TimeShift(Math.ceil(this.clock.offsetMs() / 1000) * 1000);
  }
}

/**
 * The view a request is answered with, set by the API server as it routes the request and
 * looked up by the response helpers (`sendJson`, the list and watch writers) and by the
 * handlers that read a body. Keyed by the request so that no handler signature has to carry it.
 */
const views = new WeakMap<IncomingMessage, TimeView>();

export function attachTimeView(req: IncomingMessage, view: TimeView) {
  views.set(req, view);
}

/** The shift for this request now: `NO_SHIFT` when no view is attached. */
export function timeShiftFor(req: IncomingMessage | undefined): TimeShift {
  const view = req === undefined ? undefined : views.get(req);
  return view ? view.current() : NO_SHIFT;
}
