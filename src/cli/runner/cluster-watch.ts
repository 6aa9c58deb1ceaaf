import type { KubeConfig } from '@kubernetes/client-node';
import { loadClientNode } from '../../cluster/client-node.js';

/** What a step's conditions read: its Pods, their events, and the Secrets/ConfigMaps they use. */
const RESOURCES = ['pods', 'events', 'secrets', 'configmaps'];

const RETRY_FIRST_MS = 1000;
const RETRY_MAX_MS = 30_000;

export interface NamespaceWatch {
  stop(): void;
}

/** One event of a watch: what changed, and how (ADDED, MODIFIED, DELETED). */
export interface NamespaceChange {
  resource: string;
  type: string;
  name: string | undefined;
}

/**
 * Calls `onChange` whenever something the conditions read changes in the namespace, through
 * client-node `Watch`es (one per resource). A watch the server ends or refuses (RBAC on a
 * shared cluster, a restarted simulator) is opened again with a growing delay; the runner's
 * timer re-checks meanwhile, so a missing watch only makes updates slower.
 */
export async function watchNamespace(
  kubeConfig: KubeConfig,
  namespace: string,
  onChange: (change: NamespaceChange) => void,
): Promise<NamespaceWatch> {
  const k8s = await loadClientNode();
  const watch = new k8s.Watch(kubeConfig);
  let stopped = false;
  /** The open watch of each resource (a reopened one replaces the ended one). */
  const controllers = new Map<string, AbortController>();
  const timers = new Set<NodeJS.Timeout>();

  const follow = (resource: string) => {
    const path = `/api/v1/namespaces/${encodeURIComponent(namespace)}/${resource}`;
    let failures = 0;
    let ended = false;
    const again = () => {
      if (stopped || ended) return;
      ended = true;
      const delay = Math.min(RETRY_MAX_MS, RETRY_FIRST_MS * 2 ** failures);
      failures += 1;
      const timer = setTimeout(() => {
        timers.delete(timer);
        open();
      }, delay);
      timer.unref();
      timers.add(timer);
    };
    const open = () => {
      if (stopped) return;
      ended = false;
      watch
        .watch(
          path,
          {},
          (type: string, object: { metadata?: { name?: string } } | undefined) => {
            failures = 0;
            onChange({ resource, type, name: object?.metadata?.name });
          },
          () => again(),
        )
        .then(
          (controller) => {
            if (stopped) controller.abort();
            else controllers.set(resource, controller);
          },
          () => again(),
        );
    };
    open();
  };

  for (const resource of RESOURCES) follow(resource);
  return {
    stop() {
      stopped = true;
      for (const controller of controllers.values()) controller.abort();
      for (const timer of timers) clearTimeout(timer);
      controllers.clear();
      timers.clear();
    },
  };
}
