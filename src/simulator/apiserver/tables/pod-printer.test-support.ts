/**
 * Builders shared by the pod printer tests: real-shaped Pod JSON with timestamps relative to a
 * fixed server clock, so every expected AGE and "(… ago)" is exact. Test-only.
 */
import type { KubeObject } from '../../kube-object.js';
import { podPrinter } from './pod-printer.js';

export const NOW = Date.parse('2026-11-23T12:00:00Z');

/** RFC 3339 timestamp `seconds` before NOW. */
export function ago(seconds: number): string {
  return new Date(NOW - seconds * 1000).toISOString().replace('.000Z', 'Z');
}

export type State = Record<string, unknown>;

export const running = (startedSecondsAgo = 60): State => ({
  running: { startedAt: ago(startedSecondsAgo) },
});
export const waiting = (reason?: string): State => ({ waiting: reason ? { reason } : {} });
export const terminated = (exitCode: number, reason?: string, signal?: number): State => ({
  terminated: {
    exitCode,
    ...(reason ? { reason } : {}),
    ...(signal ? { signal } : {}),
    startedAt: ago(120),
    finishedAt: ago(100),
  },
});

export interface StatusOptions {
  ready?: boolean;
  started?: boolean;
  restartCount?: number;
  /** Seconds ago the previous instance finished (sets lastState.terminated). */
  lastFinished?: number;
}

export function containerStatus(name: string, state: State, o: StatusOptions = {}) {
  return {
    name,
    state,
    lastState:
      o.lastFinished === undefined
        ? {}
        : {
            terminated: {
              exitCode: 1,
              reason: 'Error',
              startedAt: ago(o.lastFinished + 5),
              finishedAt: ago(o.lastFinished),
            },
          },
    ready: o.ready ?? false,
    restartCount: o.restartCount ?? 0,
    image: 'busybox:1.36',
    imageID: '',
    ...(o.started === undefined ? {} : { started: o.started }),
  };
}

export function condition(type: string, status: string, reason?: string) {
  return { type, status, lastProbeTime: null, ...(reason ? { reason } : {}) };
}

export interface PodOptions {
  name?: string;
  createdSecondsAgo?: number;
  containers?: string[];
  /** Init containers; a name ending in `*` is a sidecar (`restartPolicy: Always`). */
  initContainers?: string[];
  phase?: string;
  reason?: string;
  conditions?: unknown[];
  containerStatuses?: unknown[];
  initContainerStatuses?: unknown[];
  deletionTimestamp?: string;
  extraSpec?: Record<string, unknown>;
  extraStatus?: Record<string, unknown>;
}

export function makePod(o: PodOptions = {}): KubeObject {
  const container = (name: string) => ({ name, image: 'busybox:1.36' });
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: o.name ?? 'web',
      namespace: 'default',
      uid: '0b9c1c52-0d4a-4b9e-9a55-2f7f6c1f8a10',
      resourceVersion: '101',
      creationTimestamp: ago(o.createdSecondsAgo ?? 301),
      labels: { app: 'web' },
      ...(o.deletionTimestamp ? { deletionTimestamp: o.deletionTimestamp } : {}),
    },
    spec: {
      containers: (o.containers ?? ['app']).map(container),
      ...(o.initContainers
        ? {
            initContainers: o.initContainers.map((n) =>
              n.endsWith('*')
                ? { ...container(n.slice(0, -1)), restartPolicy: 'Always' }
                : container(n),
            ),
          }
        : {}),
      ...o.extraSpec,
    },
    status: {
      phase: o.phase ?? 'Running',
      ...(o.reason ? { reason: o.reason } : {}),
      conditions: o.conditions ?? [],
      ...(o.initContainerStatuses ? { initContainerStatuses: o.initContainerStatuses } : {}),
      ...(o.containerStatuses ? { containerStatuses: o.containerStatuses } : {}),
      ...o.extraStatus,
    },
  };
}

export function print(pod: KubeObject) {
  const { cells, conditions } = podPrinter.row(pod, NOW);
  const [name, ready, status, restarts, age, ip, node, nominated, gates] = cells;
  return { name, ready, status, restarts, age, ip, node, nominated, gates, conditions };
}

export const initialized = (status: string) => condition('Initialized', status);
export const readyCond = (status: string) => condition('Ready', status);
