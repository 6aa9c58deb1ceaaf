import type { Client } from './api-client.js';

/** Pods for the bench to create, and waiting on their phase through the API. */

type Json = Record<string, unknown>;

/** The taint kind's control-plane node carries; tolerated so 500 pods can use all three nodes. */
const CONTROL_PLANE_TOLERATION = {
  key: 'node-role.kubernetes.io/control-plane',
  operator: 'Exists',
  effect: 'NoSchedule',
};

/** A one-container pod: busybox:1.36 running `command` (a tagged image: pulled once per node). */
export function busyboxPod(name: string, command: string[], tolerateControlPlane = false): Json {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, labels: { app: 'bench' } },
    spec: {
      containers: [{ name: 'main', image: 'busybox:1.36', command }],
      ...(tolerateControlPlane ? { tolerations: [CONTROL_PLANE_TOLERATION] } : {}),
    },
  };
}

export const sleepPod = (name: string, tolerateControlPlane = false) =>
  busyboxPod(name, ['sleep', '3600'], tolerateControlPlane);

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

/**
 * Polls the pod list until `want` pods are Running, or the count has not grown for `stallMs`
 * (pods the cluster has no room for stay Pending). Returns the count reached and the ms from
 * `since` until it was first seen, so the stall wait is not counted.
 */
export async function waitForRunning(
  api: Client,
  want: number,
  since: number,
  stallMs = 5000,
  pollMs = 100,
): Promise<{ running: number; ms: number }> {
  let best = -1;
  let reachedAt = since;
  for (;;) {
    const running = await runningCount(api);
    const now = performance.now();
    if (running > best) {
      best = running;
      reachedAt = now;
    }
    if (best >= want || now - reachedAt > stallMs) return { running: best, ms: reachedAt - since };
    await sleep(pollMs);
  }
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
