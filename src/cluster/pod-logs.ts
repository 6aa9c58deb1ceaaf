import { ApiFailure } from './api-failure.js';
import type { ClusterClient } from './cluster-client.js';

/**
 * A container's log as the API serves it (`pods/log`), or undefined when there is none yet
 * (pod not scheduled, container not started, no previous instance).
 */
export async function readPodLog(
  cluster: ClusterClient,
  pod: string,
  container: string,
  options: { previous?: boolean; tailLines?: number } = {},
): Promise<string | undefined> {
  const query = new URLSearchParams({ container });
  if (options.previous) query.set('previous', 'true');
  if (options.tailLines !== undefined) query.set('tailLines', String(options.tailLines));
  const path = `/api/v1/namespaces/${encodeURIComponent(cluster.namespace)}/pods/${encodeURIComponent(pod)}/log?${query}`;
  try {
    const res = await cluster.request({ method: 'GET', path, responseType: 'text' });
    if (res.status === 204 || typeof res.body !== 'string') return undefined;
    return res.body;
  } catch (error) {
    if (error instanceof ApiFailure && (error.status === 400 || error.status === 404))
      return undefined;
    throw error;
  }
}
