import type { CoreV1Event, V1Pod } from '@kubernetes/client-node';
import type { CheckContext } from './check-context.js';
import { podEvents } from './events.js';

/**
 * The kubelet's events about one container of this very Pod, oldest first: the kubelet names
 * the container in `involvedObject.fieldPath` (`spec.containers{second}`, or
 * `spec.initContainers{setup}`).
 */
export async function containerEvents(
  ctx: CheckContext,
  pod: V1Pod,
  container: string,
): Promise<CoreV1Event[]> {
  const paths = [`spec.containers{${container}}`, `spec.initContainers{${container}}`];
  return (await podEvents(ctx, pod)).filter((e) =>
    paths.includes(e.involvedObject.fieldPath ?? ''),
  );
}

/** The kubelet's image events among `events`: a pull started, a pull done, or the node's copy used. */
export function imageEvents(events: CoreV1Event[]) {
  const last = (test: (e: CoreV1Event) => boolean) => [...events].reverse().find(test);
  return {
    pulling: last((e) => e.reason === 'Pulling'),
    pulled: last((e) => e.reason === 'Pulled' && !!e.message?.startsWith('Successfully pulled')),
    present: last(
      (e) => e.reason === 'Pulled' && !!e.message?.includes('already present on machine'),
    ),
  };
}
