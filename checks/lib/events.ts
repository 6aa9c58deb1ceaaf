import type { CoreV1Event, V1Pod } from '@kubernetes/client-node';
import type { CheckContext } from './check-context.js';

/**
 * Events about this very Pod, oldest first: an earlier Pod of the same name (deleted and
 * applied again) has another uid, and its events are left out.
 */
export async function podEvents(ctx: CheckContext, pod: V1Pod): Promise<CoreV1Event[]> {
  const name = pod.metadata?.name;
  if (!name) return [];
  const uid = pod.metadata?.uid;
  const events = await ctx.events(name);
  return events.filter(
    (e) =>
      e.involvedObject.kind === 'Pod' &&
      (!uid || !e.involvedObject.uid || e.involvedObject.uid === uid),
  );
}
