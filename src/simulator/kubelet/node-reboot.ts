/**
 * A pod the kubelet finds already bound to its node, with a status saying its containers ran:
 * the simulator was stopped and started again, which for the node is a reboot. The runtime
 * kept its dead containers (containerd's state is on disk), so the kubelet sees them exited —
 * reason `Unknown`, exit code 255 for the ones that were running — and, the sandbox being
 * gone, makes a new one (`SandboxChanged`) and starts the containers again per the restart
 * policy (kuberuntime_manager computePodActions):
 * - `Always`: every container, init containers included, runs again; each new instance counts
 *   as a restart, its previous one becomes `lastState`;
 * - `OnFailure`: the same, except containers that had succeeded;
 * - `Never`: no new sandbox, nothing starts again: what was running ends as terminated.
 * `status.startTime` stays what it was; volumes stay as the node keeps them.
 */
import type { KubeObject } from '../kube-object.js';
import type { ContainerRecord, Terminated } from './status-builder.js';

type Json = Record<string, unknown>;
const asRecord = (value: unknown): Json =>
  value && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : {};
const asList = (value: unknown): Json[] => (Array.isArray(value) ? value.map(asRecord) : []);
const str = (value: unknown): string => (typeof value === 'string' ? value : '');

export const SANDBOX_CHANGED_MESSAGE = 'Pod sandbox changed, it will be killed and re-created.';

export interface Resumption {
  /** `status.startTime` as stored, which the kubelet keeps. */
  startTime?: number;
  /** Some container had run: the kubelet reports `SandboxChanged` as it makes a new sandbox. */
  sandboxChanged: boolean;
}

/**
 * Brings the worker's fresh `records` (all waiting, restart count 0) up to what the kubelet
 * knows after the reboot, from the pod's stored status. `nowMs`: when the node came back.
 */
export function resumeAfterReboot(
  pod: KubeObject,
  records: ContainerRecord[],
  nowMs: number,
): Resumption {
  const status = asRecord(pod.status);
  const stored = [...asList(status.initContainerStatuses), ...asList(status.containerStatuses)];
  const policy = str(asRecord(pod.spec).restartPolicy) || 'Always';
  let ran = false;
  for (const record of records) {
    const saved = stored.find((s) => s.name === record.name);
    if (!saved) continue;
    const count = typeof saved.restartCount === 'number' ? saved.restartCount : 0;
    record.restartCount = count;
    const last = terminated(asRecord(asRecord(saved.lastState).terminated));
    const previous = previousInstance(saved, nowMs) ?? last;
    if (!previous) continue;
    ran = true;
    const restarts =
      record.sidecar === true ||
      policy === 'Always' ||
      (policy === 'OnFailure' && previous.exitCode !== 0);
    if (restarts) {
      record.restartCount = count + 1;
      record.lastState = previous;
    } else {
      record.state = { kind: 'terminated', ...previous };
      if (last && last !== previous) record.lastState = last;
    }
  }
  const startTime = Date.parse(str(status.startTime));
  return {
    ...(Number.isNaN(startTime) ? {} : { startTime }),
    sandboxChanged: ran && policy !== 'Never' && !pod.metadata.deletionTimestamp,
  };
}

/** The instance the status showed: running (now dead: Unknown, 255) or terminated. */
function previousInstance(saved: Json, nowMs: number): Terminated | undefined {
  const state = asRecord(saved.state);
  if (state.running !== undefined) {
    return {
      exitCode: 255,
      reason: 'Unknown',
      startedAt: Date.parse(str(asRecord(state.running).startedAt)) || nowMs,
      finishedAt: nowMs,
      containerID: containerID(saved.containerID),
    };
  }
  return terminated(asRecord(state.terminated));
}

function terminated(json: Json): Terminated | undefined {
  if (typeof json.exitCode !== 'number') return undefined;
  return {
    exitCode: json.exitCode,
    reason: str(json.reason),
    ...(typeof json.message === 'string' ? { message: json.message } : {}),
    ...(typeof json.signal === 'number' ? { signal: json.signal } : {}),
    startedAt: Date.parse(str(json.startedAt)) || 0,
    finishedAt: Date.parse(str(json.finishedAt)) || 0,
    containerID: containerID(json.containerID),
  };
}

/** `containerd://<id>` → `<id>`, as the records keep it. */
function containerID(value: unknown): string {
  return str(value).replace(/^[a-z]+:\/\//, '');
}
