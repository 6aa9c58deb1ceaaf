import type { ClusterClient } from '../cluster/cluster-client.js';
import type { ClusterTime } from './cluster-time.js';
import type { Action, Lesson, WaitFor } from './lesson-types.js';
import { ActionFailed, type ActionOptions, performAction, waitFor } from './perform-action.js';

/**
 * Seconds of simulated time between two looks while a `wait` action fast-forwards: the same
 * step as the 200 ms poll of a real-time wait, so no state shorter-lived than before is
 * stepped over.
 */
export const WAIT_STEP_SECONDS = 0.2;

/**
 * Performs lesson actions as `performAction` does, except that a `wait` on a cluster with a
 * clock moves simulated time on instead of waiting for it (ClusterTime): same states, same
 * timeout (in the cluster's time), same failure naming what was last seen.
 */
export async function performActions(
  cluster: ClusterClient,
  lesson: Lesson,
  actions: Action[],
  time: ClusterTime,
  options: ActionOptions = {},
): Promise<void> {
  for (const action of actions) {
    if (action.type === 'wait' && time.fastForward) {
      const { kind, name } = action.target;
      const patience = { stepSeconds: WAIT_STEP_SECONDS, limitSeconds: action.timeoutSeconds };
      const look = () => lookOnce(cluster, kind, name, action.for);
      if (!(await time.until(look, (reached) => reached, patience)).reached) {
        // A zero timeout looks once more and fails with waitFor's own words (what it saw
        // last), which then name the wait's timeout rather than that zero.
        await waitFor(cluster, kind, name, action.for, 0).catch((error: unknown) => {
          if (!(error instanceof ActionFailed)) throw error;
          throw new ActionFailed(
            error.message.replace(' within 0 s ', ` within ${action.timeoutSeconds} s `),
          );
        });
      }
    } else {
      await performAction(cluster, lesson, action, options);
    }
  }
}

/** waitFor with no time to wait looks exactly once: reached, or ActionFailed. */
async function lookOnce(cluster: ClusterClient, kind: string, name: string, state: WaitFor) {
  try {
    await waitFor(cluster, kind, name, state, 0);
    return true;
  } catch (error) {
    if (error instanceof ActionFailed) return false;
    throw error;
  }
}
