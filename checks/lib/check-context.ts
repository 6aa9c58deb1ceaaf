import type { CoreV1Event, V1Pod } from '@kubernetes/client-node';
import type { ClusterClient, KubeObject } from '../../src/cluster/cluster-client.js';
import { type ExecOutcome, execInPod } from '../../src/cluster/pod-exec.js';
import { readPodLog } from '../../src/cluster/pod-logs.js';

/**
 * What a check may look at, all through the Kubernetes API in the learner's namespace: typed
 * objects, a command run in a container, a container's log, the events about an object.
 * Never kubectl's text output, never the backend's name.
 */
export interface CheckContext {
  readonly namespace: string;
  pod(name: string): Promise<V1Pod | undefined>;
  object<T = KubeObject>(kind: string, name: string, apiVersion?: string): Promise<T | undefined>;
  list<T = KubeObject>(kind: string, labelSelector?: string): Promise<T[]>;
  exec(pod: string, container: string, command: string[]): Promise<ExecOutcome>;
  logs(
    pod: string,
    container: string,
    options?: { previous?: boolean },
  ): Promise<string | undefined>;
  /** Events whose involvedObject is `name`, oldest first. */
  events(name: string): Promise<CoreV1Event[]>;
}

export function checkContext(cluster: ClusterClient): CheckContext {
  return {
    namespace: cluster.namespace,
    pod: (name) => cluster.getObject<V1Pod>('Pod', name),
    object: (kind, name, apiVersion) => cluster.getObject(kind, name, apiVersion),
    list: (kind, labelSelector) =>
      cluster.listObjects(kind, labelSelector === undefined ? {} : { labelSelector }),
    exec: (pod, container, command) => execInPod(cluster, pod, container, command),
    logs: (pod, container, options) => readPodLog(cluster, pod, container, options),
    async events(name) {
      const path = `/api/v1/namespaces/${encodeURIComponent(cluster.namespace)}/events?fieldSelector=${encodeURIComponent(`involvedObject.name=${name}`)}`;
      const list = await cluster.read<{ items?: CoreV1Event[] }>(path);
      const time = (e: CoreV1Event) =>
        String(e.lastTimestamp ?? e.eventTime ?? e.metadata?.creationTimestamp ?? '');
      return [...(list?.items ?? [])].sort((a, b) => time(a).localeCompare(time(b)));
    },
  };
}
