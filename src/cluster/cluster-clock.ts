import { ApiFailure } from './api-failure.js';
import type { ClusterClient } from './cluster-client.js';

/**
 * Simulated time, where the cluster offers it: the simulator's own endpoint (a real cluster
 * answers 404, and then time is only ever waited for).
 */
export async function hasClock(cluster: ClusterClient): Promise<boolean> {
  try {
    await cluster.request({ method: 'GET', path: '/pod-course/v1/clock' });
    return true;
  } catch (error) {
    if (error instanceof ApiFailure) return false;
    throw error;
  }
}

/**
 * Fast-forwards a cluster known to have a clock (`hasClock`): answers once everything that
 * fell due on the way has run.
 */
export async function advanceClock(cluster: ClusterClient, seconds: number): Promise<void> {
  await cluster.request({
    method: 'POST',
    path: '/pod-course/v1/clock/advance',
    body: { seconds },
    timeoutMs: 120_000,
  });
}

/** Lets `seconds` pass: fast-forwards a simulator (all that falls due runs), else sleeps. */
export async function letTimePass(
  cluster: ClusterClient,
  seconds: number,
): Promise<'advanced' | 'waited'> {
  if (await hasClock(cluster)) {
    await advanceClock(cluster, seconds);
    return 'advanced';
  }
  await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
  return 'waited';
}
