import type { IncomingMessage, ServerResponse } from 'node:http';
import type { SimClock } from '../clock.js';
import { readBody } from './http/request-body.js';
import { sendJson } from './http/respond.js';
import { parseJson } from './object-codec.js';
import { badRequest } from './status.js';
import { NO_SHIFT, type TimeView } from './time-view.js';

/**
 * The simulator's own clock endpoint, outside the Kubernetes API paths (a real cluster answers
 * 404 here, which is how the course engine learns whether a cluster can fast-forward):
 *   GET  /pod-course/v1/clock          → {"now": RFC 3339, "speed": X, "shownOffsetSeconds": S}
 *   POST /pod-course/v1/clock/advance  {"seconds": N} → the same, once everything that fell due ran
 * Authenticated like every other non-health path.
 *
 * `now` is the simulated time, what durations on the cluster (AGE, back-off, probes) count
 * from. Under the host-time view (time-view.ts) object timestamps are shown `S` seconds earlier
 * than stored: `now − S` is "now" on the timestamps a client reads (about the host's time),
 * and a client comparing object times with a clock uses that. Without the view S is 0.
 */
export const CLOCK_PATH = '/pod-course/v1/clock';
export const ADVANCE_PATH = '/pod-course/v1/clock/advance';

/** One request may move time by a day at most: enough for any lesson, bounded work. */
const MAX_ADVANCE_SECONDS = 24 * 60 * 60;

export async function handleClockRequest(
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
  clock: SimClock,
  view?: TimeView,
) {
  if (path === CLOCK_PATH && req.method === 'GET') {
    sendJson(res, 200, describeClock(clock, view));
    return true;
  }
  if (path === ADVANCE_PATH && req.method === 'POST') {
    const body = parseJson(await readBody(req)) as { seconds?: unknown };
    const seconds = body?.seconds;
    if (
      typeof seconds !== 'number' ||
      !Number.isFinite(seconds) ||
      seconds < 0 ||
      seconds > MAX_ADVANCE_SECONDS
    ) {
      throw badRequest(`seconds must be a number from 0 to ${MAX_ADVANCE_SECONDS}`);
    }
    await clock.advance(seconds * 1000);
    sendJson(res, 200, describeClock(clock, view));
    return true;
  }
  return false;
}

function describeClock(clock: SimClock, view: TimeView | undefined) {
  const shift = view?.current() ?? NO_SHIFT;
  return {
    now: clock.now().toISOString(),
    speed: clock.speed,
    shownOffsetSeconds: shift.skewMs / 1000,
  };
}
