import type { IncomingMessage, ServerResponse } from 'node:http';
import type { SimClock } from '../clock.js';
import { readBody } from './http/request-body.js';
import { sendJson } from './http/respond.js';
import { parseJson } from './object-codec.js';
import { badRequest } from './status.js';

/**
 * The simulator's own clock endpoint, outside the Kubernetes API paths (a real cluster answers
 * 404 here, which is how the course engine learns whether a cluster can fast-forward):
 *   GET  /pod-course/v1/clock          → {"now": RFC 3339, "speed": X}
 *   POST /pod-course/v1/clock/advance  {"seconds": N} → the same, once everything that fell due ran
 * Authenticated like every other non-health path.
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
) {
  if (path === CLOCK_PATH && req.method === 'GET') {
    sendJson(res, 200, describeClock(clock));
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
    sendJson(res, 200, describeClock(clock));
    return true;
  }
  return false;
}

function describeClock(clock: SimClock) {
  return { now: clock.now().toISOString(), speed: clock.speed };
}
