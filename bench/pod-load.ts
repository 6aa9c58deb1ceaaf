import type { Client } from './api-client.js';

/** Pods for the bench to create, and waiting on their phase through the API. */

type Json = Record<string, unknown>;

/** A one-container pod: busybox:1.36 running `command` (a tagged image: pulled once per node). */
export function busyboxPod(name: string, command: string[]): Json {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, labels: { app: 'bench' } },
    spec: { containers: [{ name: 'main', image: 'busybox:1.36', command }] },
  };
}

export const sleepPod = (name: string) => busyboxPod(name, ['sleep', '3600']);

export async function createNamespace(api: Client, name: string) {
  const status = await api.call('POST', '/api/v1/namespaces', {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name },
  });
  if (status !== 201) throw new Error(`creating namespace ${name}: HTTP ${status}`);
}

/** Creates `pods` (namespace, body) from `concurrency` workers; throws on the first failure. */
export async function createPods(api: Client, pods: [string, Json][], concurrency: number) {
  let next = 0;
  const worker = async () => {
    while (next < pods.length) {
      const [namespace, body] = pods[next++] ?? ['', {}];
      const status = await api.call('POST', `/api/v1/namespaces/${namespace}/pods`, body);
      if (status !== 201) throw new Error(`creating a pod in ${namespace}: HTTP ${status}`);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}

/** How many pods in all namespaces are Running now. */
export async function runningCount(api: Client): Promise<number> {
  const { status, body } = await api.json(
    'GET',
    '/api/v1/pods?fieldSelector=status.phase%3DRunning',
  );
  if (status !== 200) throw new Error(`listing pods: HTTP ${status}`);
  const items = (body as { items?: unknown[] } | undefined)?.items;
  return items?.length ?? 0;
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface RunningWatch {
  /**
   * Resolves once `want` pods are Running, or the count has not grown for `stallMs` (pods the
   * cluster has no room for stay Pending), with the count reached and the ms from `since` until
   * it was first seen, so the stall wait is not counted.
   */
  until(want: number, since: number, stallMs?: number): Promise<{ running: number; ms: number }>;
  close(): void;
}

/**
 * Follows every pod's phase through one watch, opened before the pods are created: the time a
 * pod turns Running is seen as it happens, and measuring costs the simulator one event per
 * change instead of re-listing hundreds of pods on every poll.
 */
export async function watchRunning(api: Client): Promise<RunningWatch> {
  const phases = new Map<string, string>();
  let running = 0;
  let changed = () => {};
  const stream = await api.watch('/api/v1/pods?watch=1', ({ type, object }) => {
    if (type !== 'ADDED' && type !== 'MODIFIED' && type !== 'DELETED') return;
    const metadata = (object.metadata ?? {}) as Json;
    const key = `${metadata.namespace}/${metadata.name}`;
    const phase = type === 'DELETED' ? '' : String((object.status as Json | undefined)?.phase);
    running += Number(phase === 'Running') - Number(phases.get(key) === 'Running');
    if (phase) phases.set(key, phase);
    else phases.delete(key);
    changed();
  });
  return {
    until(want, since, stallMs = 5000) {
      return new Promise((resolve) => {
        let best = -1;
        let reachedAt = since;
        const check = () => {
          const now = performance.now();
          if (running > best) {
            best = running;
            reachedAt = now;
          }
          if (best >= want || now - reachedAt > stallMs) {
            changed = () => {};
            clearInterval(timer);
            resolve({ running: best, ms: reachedAt - since });
          }
        };
        const timer = setInterval(check, 100);
        changed = check;
        check();
      });
    },
    close: () => stream.close(),
  };
}

/** The reasons pods are Pending for, counted: e.g. `{ "0/3 nodes are available: …": 170 }`. */
export async function pendingReasons(api: Client): Promise<Map<string, number>> {
  const { body } = await api.json('GET', '/api/v1/pods?fieldSelector=status.phase%3DPending');
  const reasons = new Map<string, number>();
  for (const item of (body as { items?: Json[] } | undefined)?.items ?? []) {
    const conditions = ((item.status as Json | undefined)?.conditions ?? []) as Json[];
    const scheduled = conditions.find((c) => c.type === 'PodScheduled');
    const reason = String(scheduled?.message ?? scheduled?.reason ?? 'not scheduled yet');
    reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
  }
  return reasons;
}
