import type { V1Pod } from '@kubernetes/client-node';
import type { CheckContext } from './check-context.js';
import { httpGetIn } from './http.js';
import { containerRunning, findPod } from './pods.js';
import { type ConditionResult, fail } from './result.js';

/** The page a container serves, with its Pod, or the fail result that says why there is none. */
export type ServedPage =
  | { ok: true; pod: V1Pod; status: number; body: string }
  | { ok: false; result: ConditionResult };

/**
 * What `container` of Pod `name` serves at `http://localhost<path>`, asked with curl inside
 * that container (its image must have curl, as nginx's has); the Pod must exist and the
 * container run.
 */
export async function servedPage(
  ctx: CheckContext,
  name: string,
  container: string,
  path = '/',
): Promise<ServedPage> {
  const { pod, missing } = await findPod(ctx, name);
  if (!pod) return { ok: false, result: missing };
  const running = await containerRunning(ctx, name, container);
  if (!running.passed) return { ok: false, result: running };
  const page = await httpGetIn(ctx, name, container, path);
  if (!page.answered) return { ok: false, result: fail(page.why) };
  return { ok: true, pod, status: page.status, body: page.body };
}
