import type { CourseSession } from '../../course/course-session.js';
import type { ClusterTarget } from '../cluster-target.js';
import type { RunnerMessages } from '../ui/runner-messages.js';

/** `v1.32.5` → `v1.32`: the minor version is what lessons and docs talk about. */
export function minorVersion(gitVersion: string) {
  const match = /^v?(\d+)\.(\d+)/.exec(gitVersion);
  return match ? `v${match[1]}.${match[2]}` : gitVersion;
}

/**
 * The "ready" line after the spinner (UX.md: `模拟器已就绪 (0.3 s) · 3 个节点 · Kubernetes
 * v1.32`), read from the cluster itself. A part the learner may not read (nodes on a shared
 * cluster) is left out rather than failing the start.
 */
export async function readyLine(
  session: CourseSession,
  target: ClusterTarget,
  t: RunnerMessages,
): Promise<string> {
  const parts: string[] = [];
  if (target.backend === 'sim') {
    parts.push(
      target.startedInMs === undefined
        ? t.simRunning()
        : t.simStarted((target.startedInMs / 1000).toFixed(1)),
    );
  } else if (target.backend === 'kind') {
    parts.push(t.kindReady());
  } else {
    parts.push(t.contextReady(session.cluster.contextName, target.namespace));
  }
  const [nodes, version] = await Promise.all([
    session.cluster
      .read<{ items?: unknown[] }>('/api/v1/nodes')
      .then((list) => list?.items?.length)
      .catch(() => undefined),
    session.cluster
      .read<{ gitVersion?: string }>('/version')
      .then((info) => info?.gitVersion)
      .catch(() => undefined),
  ]);
  if (nodes !== undefined) parts.push(t.nodes(nodes));
  if (version) parts.push(t.kubernetes(minorVersion(version)));
  return parts.join(' · ');
}
