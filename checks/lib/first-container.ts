import type { V1Container, V1Pod } from '@kubernetes/client-node';
import type { CheckContext } from './check-context.js';
import { findPod } from './pods.js';
import type { ConditionResult } from './result.js';

/** A one-container Pod with its container: the learner may rename the container, not the Pod. */
export type PodAndContainer =
  | { pod: V1Pod; name: string; spec: V1Container | undefined; missing?: undefined }
  | { pod?: undefined; missing: ConditionResult };

export function firstContainer(pod: V1Pod): { name: string; spec: V1Container | undefined } {
  const spec = pod.spec?.containers[0];
  return { name: spec?.name ?? '', spec };
}

/** The Pod and its first container, or the fail result for a Pod that is missing or leaving. */
export async function findPodAndContainer(
  ctx: CheckContext,
  podName: string,
): Promise<PodAndContainer> {
  const { pod, missing } = await findPod(ctx, podName);
  if (!pod) return { missing };
  return { pod, ...firstContainer(pod) };
}
