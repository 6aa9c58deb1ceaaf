/**
 * `kubectl get pods`: the server-side port of `printPod` (k8s v1.32 `pkg/printers/internalversion/
 * printers.go`). STATUS is not a stored field: it is derived here from phase, conditions and
 * container states, in exactly the order the real printer looks at them, because the order
 * decides which reason wins (e.g. the first container listed wins when several are waiting).
 */
import { isPlainObject, type KubeObject } from '../../kube-object.js';
import {
  AGE_COLUMN,
  ageOf,
  column,
  NAME_COLUMN,
  nameOf,
  type PrintedRow,
  type Printer,
  wide,
} from './columns.js';
import { humanDuration } from './human-duration.js';
import { at, type JsonObject, list, num, obj, str } from './read.js';
import { parseTimestamp } from './timestamps.js';
import type { TableRowCondition } from './types.js';

const columns = [
  NAME_COLUMN,
  column('Ready', 'string', 'The aggregate readiness state of this pod for accepting traffic.'),
  column('Status', 'string', 'The aggregate status of the containers in this pod.'),
  column(
    'Restarts',
    'string',
    'The number of times the containers in this pod have been restarted and when the last container in this pod has restarted.',
  ),
  AGE_COLUMN,
  wide(
    'IP',
    'string',
    'IP address allocated to the pod. Routable at least within the cluster. Empty if not yet allocated.',
  ),
  wide(
    'Node',
    'string',
    'NodeName indicates in which node this pod is scheduled. If empty, this pod is a candidate for scheduling by the scheduler defined in schedulerName. Once this field is set, the kubelet for this node becomes responsible for the lifecycle of this pod. This field should not be used to express a desire for the pod to be scheduled on a specific node. https://kubernetes.io/docs/concepts/scheduling-eviction/assign-pod-node/#nodename',
  ),
  wide(
    'Nominated Node',
    'string',
    'nominatedNodeName is set only when this pod preempts other pods on the node, but it cannot be scheduled right away as preemption victims receive their graceful termination periods. This field does not guarantee that the pod will be scheduled on this node. Scheduler may decide to place the pod elsewhere if other nodes become available sooner. Scheduler may also decide to give the resources on this node to a higher priority pod that is created after preemption. As a result, this field may be different than PodSpec.nodeName when the pod is scheduled.',
  ),
  wide(
    'Readiness Gates',
    'string',
    'If specified, all readiness gates will be evaluated for pod readiness. A pod is ready when all its containers are ready AND all conditions specified in the readiness gates have status equal to "True" More info: https://git.k8s.io/enhancements/keps/sig-network/580-pod-readiness-gates',
  ),
];

const SUCCEEDED: TableRowCondition[] = [
  {
    type: 'Completed',
    status: 'True',
    reason: 'Succeeded',
    message: 'The pod has completed successfully.',
  },
];
const FAILED: TableRowCondition[] = [
  { type: 'Completed', status: 'True', reason: 'Failed', message: 'The pod failed.' },
];

/** Reason the node controller sets on pods of an unreachable node (`pkg/util/node`). */
const NODE_LOST = 'NodeLost';

/** An init container with `restartPolicy: Always` is a sidecar: it keeps running and counts as a container. */
function isSidecar(container: JsonObject | undefined): boolean {
  return container !== undefined && container.restartPolicy === 'Always';
}

function conditionsOf(status: JsonObject): JsonObject[] {
  return list(status.conditions).map(obj);
}

function isInitializedTrue(status: JsonObject): boolean {
  // Go returns on the first Initialized condition, whatever its status.
  const initialized = conditionsOf(status).find((c) => c.type === 'Initialized');
  return initialized?.status === 'True';
}

function isReadyTrue(status: JsonObject): boolean {
  return conditionsOf(status).some((c) => c.type === 'Ready' && c.status === 'True');
}

/** `lastState.terminated.finishedAt` of a container status, or null. */
function lastFinishedAt(containerStatus: JsonObject): number | null {
  return parseTimestamp(at(containerStatus, 'lastState', 'terminated', 'finishedAt'));
}

/** Keeps the later of two restart dates, as `lastRestartDate.Before(&terminatedDate)` does. */
function later(current: number | null, candidate: number | null): number | null {
  if (candidate === null) return current;
  return current === null || current < candidate ? candidate : current;
}

function terminatedText(terminated: JsonObject, prefix: string): string {
  const reason = str(terminated.reason);
  if (reason !== '') return prefix + reason;
  const signal = num(terminated.signal);
  return signal !== 0
    ? `${prefix}Signal:${signal}`
    : `${prefix}ExitCode:${num(terminated.exitCode)}`;
}

function printPod(pod: KubeObject, now: number): PrintedRow {
  const spec = obj(pod.spec);
  const status = obj(pod.status);
  const phase = str(status.phase);

  let reason = str(status.reason) || phase;
  for (const condition of conditionsOf(status)) {
    if (condition.type === 'PodScheduled' && condition.reason === 'SchedulingGated') {
      reason = 'SchedulingGated';
    }
  }

  const specInit = list(spec.initContainers).map(obj);
  const initByName = new Map<string, JsonObject>();
  let total = list(spec.containers).length;
  for (const container of specInit) {
    initByName.set(str(container.name), container);
    if (isSidecar(container)) total++;
  }

  let ready = 0;
  let restarts = 0;
  let lastRestart: number | null = null;
  let sidecarRestarts = 0;
  let lastSidecarRestart: number | null = null;
  let initializing = false;

  const initStatuses = list(status.initContainerStatuses).map(obj);
  for (const [i, cs] of initStatuses.entries()) {
    const sidecar = isSidecar(initByName.get(str(cs.name)));
    restarts += num(cs.restartCount);
    lastRestart = later(lastRestart, lastFinishedAt(cs));
    if (sidecar) {
      sidecarRestarts += num(cs.restartCount);
      lastSidecarRestart = later(lastSidecarRestart, lastFinishedAt(cs));
    }

    const state = obj(cs.state);
    const terminated = isPlainObject(state.terminated) ? state.terminated : undefined;
    const waiting = isPlainObject(state.waiting) ? state.waiting : undefined;
    if (terminated && num(terminated.exitCode) === 0) continue;
    if (sidecar && cs.started === true) {
      if (cs.ready === true) ready++;
      continue;
    }
    if (terminated) {
      reason = terminatedText(terminated, 'Init:');
    } else if (waiting && str(waiting.reason) !== '' && waiting.reason !== 'PodInitializing') {
      reason = `Init:${str(waiting.reason)}`;
    } else {
      reason = `Init:${i}/${specInit.length}`;
    }
    initializing = true;
    break;
  }

  if (!initializing || isInitializedTrue(status)) {
    // Once initialized, only sidecars' restarts still matter; plain init containers are history.
    restarts = sidecarRestarts;
    lastRestart = lastSidecarRestart;
    let hasRunning = false;
    const statuses = list(status.containerStatuses).map(obj);
    for (let i = statuses.length - 1; i >= 0; i--) {
      const cs = obj(statuses[i]);
      restarts += num(cs.restartCount);
      lastRestart = later(lastRestart, lastFinishedAt(cs));
      const state = obj(cs.state);
      const waitingReason = str(at(state, 'waiting', 'reason'));
      if (waitingReason !== '') {
        reason = waitingReason;
      } else if (isPlainObject(state.terminated)) {
        reason = terminatedText(state.terminated, '');
      } else if (cs.ready === true && isPlainObject(state.running)) {
        hasRunning = true;
        ready++;
      }
    }
    // A container that exited 0 next to one still serving does not make the pod "Completed".
    if (reason === 'Completed' && hasRunning) {
      reason = isReadyTrue(status) ? 'Running' : 'NotReady';
    }
  }

  const deleting = pod.metadata.deletionTimestamp != null;
  if (deleting && status.reason === NODE_LOST) {
    reason = 'Unknown';
  } else if (deleting && phase !== 'Succeeded' && phase !== 'Failed') {
    reason = 'Terminating';
  }

  const restartsText =
    restarts !== 0 && lastRestart !== null
      ? `${restarts} (${humanDuration(now - lastRestart)} ago)`
      : String(restarts);

  const row: PrintedRow = {
    cells: [
      nameOf(pod),
      `${ready}/${total}`,
      reason,
      restartsText,
      ageOf(pod, now),
      podIP(status) || '<none>',
      str(spec.nodeName) || '<none>',
      str(status.nominatedNodeName) || '<none>',
      readinessGates(spec, status),
    ],
  };
  if (phase === 'Succeeded') row.conditions = SUCCEEDED.map((c) => ({ ...c }));
  if (phase === 'Failed') row.conditions = FAILED.map((c) => ({ ...c }));
  return row;
}

/** v1→internal conversion makes `podIP` authoritative and falls back to `podIPs[0]`. */
function podIP(status: JsonObject): string {
  return str(status.podIP) || str(at(list(status.podIPs)[0], 'ip'));
}

function readinessGates(spec: JsonObject, status: JsonObject): string {
  const gates = list(spec.readinessGates).map(obj);
  if (gates.length === 0) return '<none>';
  const conditions = conditionsOf(status);
  let trueCount = 0;
  for (const gate of gates) {
    const condition = conditions.find((c) => c.type === gate.conditionType);
    if (condition?.status === 'True') trueCount++;
  }
  return `${trueCount}/${gates.length}`;
}

export const podPrinter: Printer = { columns, row: printPod };
