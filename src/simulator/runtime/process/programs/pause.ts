import type { Program } from '../contracts.js';

/**
 * The sandbox's `/pause`: sleeps until SIGINT or SIGTERM, then exits 0 (kubernetes
 * build/pause/linux/pause.c). As PID 1 of a shared namespace it also reaps orphans, which
 * the process host does for every init.
 */
export const pause: Program = async (context) => {
  const stop = new AbortController();
  const shutDown = () => stop.abort();
  context.signals.handle('SIGINT', shutDown);
  context.signals.handle('SIGTERM', shutDown);
  try {
    await context.clock.sleep(Number.POSITIVE_INFINITY, stop.signal);
  } catch (error) {
    if (!stop.signal.aborted) throw error;
  }
  await context.stderr.write('Shutting down, got signal\n');
  return 0;
};
