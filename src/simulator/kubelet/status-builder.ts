/**
 * The pod status the kubelet reports (generateAPIPodStatus + status/generate.go): phase from
 * the containers' states, the kubelet's conditions in its order with their transition times,
 * and container statuses (app containers sorted by name, init containers in spec order).
 * Pure: the worker's records in, the `status` object out.
 */
import type { KubeObject } from '../kube-object.js';

type Json = Record<string, unknown>;
const asRecord = (value: unknown): Json =>
  value && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : {};
const asList = (value: unknown): Json[] => (Array.isArray(value) ? value.map(asRecord) : []);
const str = (value: unknown): string => (typeof value === 'string' ? value : '');

export interface Terminated {
  exitCode: number;
  reason: string;
  message?: string;
  signal?: number;
  startedAt: number;
  finishedAt: number;
  containerID: string;
}

export type ContainerState =
  | { kind: 'waiting'; reason: string; message?: string }
  | { kind: 'running'; startedAt: number }
  | ({ kind: 'terminated' } & Terminated);

/** What the kubelet knows of one container of the pod. */
export interface ContainerRecord {
  name: string;
  init: boolean;
  /** An init container with `restartPolicy: Always`: it keeps running beside the app. */
  sidecar?: boolean;
  /** The image as the spec says (`nginx:1.27`), shown until the runtime reports its own. */
  specImage: string;
  state: ContainerState;
  lastState?: Terminated;
  restartCount: number;
  /** Set by probes: a readiness probe that has not succeeded yet makes this false. */
  ready?: boolean;
  /** Set by probes: false until a startup probe succeeds. */
  started?: boolean;
  containerID?: string;
  /** Runtime-normalised name and digest once an instance exists. */
  image?: string;
  imageID?: string;
}

export interface PodRuntimeView {
  hostIP: string;
  podIP?: string;
  startTime?: number;
  sandboxReady: boolean;
  /** The pod is done for good (terminal phase reached, or stopped for deletion). */
  terminal: boolean;
  records: ContainerRecord[];
}

const wire = (ms: number) => `${new Date(ms).toISOString().slice(0, 19)}Z`;

function stateJson(state: ContainerState | Terminated, kind?: 'terminated'): Json {
  const k = kind ?? (state as ContainerState).kind;
  if (k === 'waiting') {
    const w = state as { reason: string; message?: string };
    return { waiting: { reason: w.reason, ...(w.message ? { message: w.message } : {}) } };
  }
  if (k === 'running')
    return { running: { startedAt: wire((state as { startedAt: number }).startedAt) } };
  const t = state as Terminated;
  return {
    terminated: {
      exitCode: t.exitCode,
      ...(t.signal !== undefined ? { signal: t.signal } : {}),
      reason: t.reason,
      ...(t.message ? { message: t.message } : {}),
      startedAt: wire(t.startedAt),
      finishedAt: wire(t.finishedAt),
      containerID: `containerd://${t.containerID}`,
    },
  };
}

function containerStatus(record: ContainerRecord, spec: Json | undefined): Json {
  const running = record.state.kind === 'running';
  const started = running && record.started !== false;
  const ready = started && (!record.init || record.sidecar === true) && record.ready !== false;
  const mounts = asList(spec?.volumeMounts).map((m) => ({
    name: str(m.name),
    mountPath: str(m.mountPath),
    ...(m.readOnly === true ? { readOnly: true, recursiveReadOnly: 'Disabled' } : {}),
  }));
  return {
    ...(record.containerID ? { containerID: `containerd://${record.containerID}` } : {}),
    image: record.image ?? record.specImage,
    imageID: record.imageID ?? '',
    lastState: record.lastState ? stateJson(record.lastState, 'terminated') : {},
    name: record.name,
    ready,
    restartCount: record.restartCount,
    started,
    state: stateJson(record.state),
    ...(mounts.length ? { volumeMounts: mounts } : {}),
  };
}

/** Whether an app container has run at all: the pod got past its initialization. */
function anyAppStarted(records: readonly ContainerRecord[]): boolean {
  return records.some((r) => !r.init && (r.state.kind !== 'waiting' || r.lastState !== undefined));
}

/** A running sidecar whose startup probe has not passed, or one never started yet. */
function sidecarPending(record: ContainerRecord): boolean {
  if (record.state.kind === 'running') return record.started === false;
  return record.state.kind === 'waiting' && !record.lastState;
}

/** getPhase (pod-facts §3.1); sidecars are counted apart, as the kubelet does. */
export function podPhase(pod: KubeObject, view: PodRuntimeView): string {
  const restartPolicy = str(asRecord(pod.spec).restartPolicy) || 'Always';
  const inits = view.records.filter((r) => r.init && !r.sidecar);
  const sidecars = view.records.filter((r) => r.sidecar);
  const appsStarted = anyAppStarted(view.records);
  for (const init of inits) {
    if (init.state.kind === 'terminated' && init.state.exitCode === 0) continue;
    if (init.state.kind === 'terminated' && restartPolicy === 'Never') return 'Failed';
    if (!appsStarted) return 'Pending';
  }
  // A sidecar restarting after the app containers ran does not send the pod back to Pending.
  if (!appsStarted && sidecars.some(sidecarPending)) return 'Pending';
  let waiting = 0;
  let running = sidecars.filter((r) => r.state.kind === 'running').length;
  let stopped = 0;
  let succeeded = 0;
  for (const record of view.records.filter((r) => !r.init)) {
    if (record.state.kind === 'running') running++;
    else if (record.state.kind === 'terminated') {
      stopped++;
      if (record.state.exitCode === 0) succeeded++;
    } else if (record.lastState) stopped++;
    else waiting++;
  }
  if (waiting > 0) return 'Pending';
  if (running > 0) return 'Running';
  if (stopped === 0) return 'Pending';
  if (restartPolicy === 'Always' && !view.terminal) return 'Running';
  if (stopped === succeeded) return 'Succeeded';
  if (restartPolicy === 'OnFailure' && !view.terminal) return 'Running';
  return 'Failed';
}

interface Condition {
  type: string;
  status: 'True' | 'False';
  reason?: string;
  message?: string;
}

function kubeletConditions(phase: string, view: PodRuntimeView): Condition[] {
  const inits = view.records.filter((r) => r.init);
  // ContainersReady counts the sidecars first, then the app containers (generate.go).
  const apps = [...inits.filter((r) => r.sidecar), ...view.records.filter((r) => !r.init)];
  // Once an app container has run, the pod stays initialized whatever its sidecars do.
  const incomplete = anyAppStarted(view.records)
    ? []
    : inits
        .filter((r) =>
          r.sidecar
            ? !(r.state.kind === 'running' && r.started !== false)
            : !(r.state.kind === 'terminated' && r.state.exitCode === 0),
        )
        .map((r) => r.name);
  const initialized: Condition =
    phase === 'Succeeded' && inits.length > 0
      ? { type: 'Initialized', status: 'True', reason: 'PodCompleted' }
      : incomplete.length === 0
        ? { type: 'Initialized', status: 'True' }
        : {
            type: 'Initialized',
            status: 'False',
            reason: 'ContainersNotInitialized',
            message: `containers with incomplete status: [${incomplete.join(' ')}]`,
          };
  const unready = apps
    .filter((r) => r.state.kind !== 'running' || r.ready === false || r.started === false)
    .map((r) => r.name);
  let containersReady: Condition;
  if (phase === 'Succeeded' || phase === 'Failed') {
    const reason = phase === 'Succeeded' ? 'PodCompleted' : 'PodFailed';
    containersReady = { type: 'ContainersReady', status: 'False', reason };
  } else if (unready.length === 0) {
    containersReady = { type: 'ContainersReady', status: 'True' };
  } else {
    containersReady = {
      type: 'ContainersReady',
      status: 'False',
      reason: 'ContainersNotReady',
      message: `containers with unready status: [${unready.join(' ')}]`,
    };
  }
  return [
    {
      type: 'PodReadyToStartContainers',
      status: view.sandboxReady ? 'True' : 'False',
    },
    initialized,
    { ...containersReady, type: 'Ready' },
    containersReady,
  ];
}

/** The whole status to write, keeping transition times of conditions whose status held. */
export function buildPodStatus(pod: KubeObject, view: PodRuntimeView, nowMs: number): Json {
  const old = asRecord(pod.status);
  const oldPhase = str(old.phase);
  let phase = podPhase(pod, view);
  if (oldPhase === 'Succeeded' || oldPhase === 'Failed') phase = oldPhase;
  const previous = new Map(asList(old.conditions).map((c) => [str(c.type), c]));
  const conditions: Json[] = kubeletConditions(phase, view).map((c) => {
    const before = previous.get(c.type);
    const since =
      before && before.status === c.status && typeof before.lastTransitionTime === 'string'
        ? before.lastTransitionTime
        : wire(nowMs);
    return {
      type: c.type,
      status: c.status,
      lastProbeTime: null,
      lastTransitionTime: since,
      ...(c.reason ? { reason: c.reason } : {}),
      ...(c.message ? { message: c.message } : {}),
    };
  });
  const mine = new Set(conditions.map((c) => c.type));
  // Conditions others own (readiness gates, DisruptionTarget) come first; PodScheduled last.
  const foreign = asList(old.conditions).filter(
    (c) => !mine.has(str(c.type)) && c.type !== 'PodScheduled',
  );
  const scheduled = previous.get('PodScheduled');
  const spec = asRecord(pod.spec);
  const specOf = (list: unknown, name: string) => asList(list).find((c) => c.name === name);
  const apps = view.records
    .filter((r) => !r.init)
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .map((r) => containerStatus(r, specOf(spec.containers, r.name)));
  const inits = view.records
    .filter((r) => r.init)
    .map((r) => containerStatus(r, specOf(spec.initContainers, r.name)));
  const ips = view.podIP ? { podIP: view.podIP, podIPs: [{ ip: view.podIP }] } : {};
  const status: Json = {
    phase,
    conditions: [...foreign, ...conditions, ...(scheduled ? [scheduled] : [])],
    hostIP: view.hostIP,
    hostIPs: [{ ip: view.hostIP }],
    ...ips,
    ...(view.startTime !== undefined ? { startTime: wire(view.startTime) } : {}),
    ...(inits.length ? { initContainerStatuses: inits } : {}),
    containerStatuses: apps,
  };
  if (old.qosClass !== undefined) status.qosClass = old.qosClass;
  return status;
}
