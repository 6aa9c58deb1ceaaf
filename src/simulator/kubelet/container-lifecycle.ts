/**
 * One container's way to running, as kuberuntime's SyncPod does it per container: the
 * crash-loop back-off for one that exited, the image, the environment, then create, start and
 * postStart — with the Created/Started/BackOff/Failed events and the waiting reasons
 * (CrashLoopBackOff, CreateContainerConfigError, StartError, PostStartHookError) a real
 * kubelet reports — and the kill of a running one whose liveness or startup probe gave up.
 */
import type { KubeObject } from '../kube-object.js';
import { goDuration } from './back-off.js';
import type { ContainerInstance, PodSandbox } from './container-runtime.js';
import { CreateContainerError, containerID, StartContainerError } from './container-runtime.js';
import { ContainerConfigError, resolveEnv } from './env-resolution.js';
import type { KubeletContext } from './kubelet-context.js';
import { runHook } from './lifecycle-hooks.js';
import { killContainer, killContainerAndWait, killGraceMs } from './pod-termination.js';
import { startProbes } from './prober.js';
import type { ContainerRecord, Terminated } from './status-builder.js';
import type { PodVolume } from './volume-setup.js';

type Json = Record<string, unknown>;

/** The pod worker's requeue after a failed sync (kubelet backOffPeriod). */
const RETRY_MS = 10_000;

/** Waiting reasons of a container that ran and exited, and is to be started again. */
const RESTART_REASONS = new Set(['CrashLoopBackOff', 'PostStartHookError']);

const restartPolicy = (pod: KubeObject) =>
  ((pod.spec ?? {}) as { restartPolicy?: string }).restartPolicy ?? 'Always';

/** ShouldContainerBeRestarted for a container that exited with `exitCode`. */
function restartsAfter(pod: KubeObject, record: ContainerRecord, exitCode: number): boolean {
  const policy = restartPolicy(pod);
  if (record.sidecar) return true;
  if (record.init) return exitCode !== 0 && policy !== 'Never';
  return policy === 'Always' || (policy === 'OnFailure' && exitCode !== 0);
}

/**
 * computePodActions' Killing message for a failed probe: app containers say whether they come
 * back (not under `restartPolicy: Never`); sidecars always do and say nothing of it.
 */
function probeKillMessage(pod: KubeObject, record: ContainerRecord, probe: string): string {
  if (record.sidecar) return `Init container ${record.name} failed ${probe} probe`;
  const message = `Container ${record.name} failed ${probe} probe`;
  return restartPolicy(pod) === 'Never' ? message : `${message}, will be restarted`;
}

/** One container of the pod: what the kubelet knows and the instances it ran. */
export interface Slot {
  record: ContainerRecord;
  spec: Json;
  instance?: ContainerInstance;
  previous?: ContainerInstance;
  /** A start (pull, create) is under way. */
  starting: boolean;
  /** Stops the running instance's probes. */
  stopProbes?: () => void;
  /**
   * Its image was changed in place while it ran: it was killed to restart with the new one,
   * whatever the restart policy and without crash-loop back-off (computePodActions).
   */
  specChanged?: boolean;
}

/**
 * The pod as env fieldRefs see it: the kubelet's own addresses, even before its status write
 * with them has come back through the watch.
 */
function withAddresses(host: LifecycleHost): KubeObject {
  const status = (host.pod.status ?? {}) as Json;
  const podIP = host.sandbox.network.podIP;
  const hostIP = host.kubelet.hostIP;
  return {
    ...host.pod,
    status: { ...status, podIP, podIPs: [{ ip: podIP }], hostIP, hostIPs: [{ ip: hostIP }] },
  };
}

/** The pod worker as a container start sees it. */
export interface LifecycleHost {
  readonly kubelet: KubeletContext;
  readonly pod: KubeObject;
  readonly sandbox: PodSandbox;
  readonly volumes: ReadonlyMap<string, PodVolume>;
  /** The pod is being deleted or is gone: start nothing more. */
  readonly stopping: boolean;
  requestSync(delayMs?: number): void;
  writeStatus(): Promise<void>;
  /** The instance's main process ended with `code`. */
  exited(slot: Slot, instance: ContainerInstance, code: number): void;
}

/** Starts a never-started container, or restarts an exited one unless in back-off. */
export async function startOrBackOff(host: LifecycleHost, slot: Slot): Promise<void> {
  const record = slot.record;
  const state = record.state;
  const key = `${host.pod.metadata.uid}/${record.name}`;
  const previous = state.kind === 'terminated' ? state : record.lastState;
  // Waiting after an exit: in back-off, or reporting why the last start failed after it ran.
  const exited =
    state.kind === 'terminated' ||
    (state.kind === 'waiting' && RESTART_REASONS.has(state.reason) && !!record.lastState);
  if (slot.specChanged) {
    // Restarted for its new image (lastState already holds the killed instance): no back-off.
    slot.specChanged = false;
    record.restartCount++;
  } else if (exited && previous) {
    const backOff = host.kubelet.crashBackOff;
    if (backOff.inBackOffSince(key, previous.finishedAt)) {
      const window = backOff.get(key);
      const name = host.pod.metadata.name ?? '';
      const ns = host.pod.metadata.namespace ?? '';
      record.lastState = previous;
      record.state = {
        kind: 'waiting',
        reason: 'CrashLoopBackOff',
        message: `back-off ${goDuration(window)} restarting failed container=${record.name} pod=${name}_${ns}(${host.pod.metadata.uid})`,
      };
      // Every sync inside the window reports it again, as the pod worker's requeues do.
      host.kubelet.event(
        host.pod,
        slot,
        'Warning',
        'BackOff',
        `Back-off restarting failed container ${record.name} in pod ${name}_${ns}(${host.pod.metadata.uid})`,
      );
      const remaining =
        backOff.endsAt(key, previous.finishedAt) - host.kubelet.clock.now().getTime();
      host.requestSync(Math.max(1, Math.min(RETRY_MS, remaining)));
      return;
    }
    backOff.next(key, previous.finishedAt);
    record.lastState = previous;
    record.restartCount++;
  }
  await startContainer(host, slot);
}

async function startContainer(host: LifecycleHost, slot: Slot): Promise<void> {
  slot.starting = true;
  try {
    const record = slot.record;
    const image = await host.kubelet.images.ensure(host.pod, slot, record, () =>
      host.writeStatus(),
    );
    if (!image || host.stopping) {
      if (!image) host.requestSync(host.kubelet.images.retryIn(host.pod, record.specImage));
      return;
    }
    let env: [string, string][];
    try {
      env = resolveEnv(withAddresses(host), slot.spec, host.kubelet.lookup);
    } catch (error) {
      if (!(error instanceof ContainerConfigError)) throw error;
      record.state = {
        kind: 'waiting',
        reason: 'CreateContainerConfigError',
        message: error.message,
      };
      host.kubelet.event(host.pod, slot, 'Warning', 'Failed', `Error: ${error.message}`);
      host.requestSync(RETRY_MS);
      return;
    }
    const sandbox = host.sandbox;
    let instance: ContainerInstance;
    try {
      instance = host.kubelet.runtime.startContainer({
        pod: host.pod,
        container: slot.spec,
        image,
        env,
        volumes: host.volumes,
        sandbox,
      });
    } catch (error) {
      if (error instanceof CreateContainerError) {
        // containerd refused to create it (e.g. the image's USER is not in its /etc/passwd):
        // no container exists; the kubelet retries at each sync.
        record.state = { kind: 'waiting', reason: 'CreateContainerError', message: error.message };
        host.kubelet.event(host.pod, slot, 'Warning', 'Failed', `Error: ${error.message}`);
        host.requestSync(RETRY_MS);
        return;
      }
      if (!(error instanceof StartContainerError)) throw error;
      const now = host.kubelet.clock.now().getTime();
      // runc created the container, then could not exec its command: exit 128, StartError.
      const id = containerID();
      record.containerID = id;
      host.kubelet.event(host.pod, slot, 'Normal', 'Created', `Created container ${record.name}`);
      host.kubelet.event(host.pod, slot, 'Warning', 'Failed', `Error: ${error.message}`);
      record.state = {
        kind: 'terminated',
        exitCode: 128,
        reason: 'StartError',
        message: error.message,
        startedAt: 0,
        finishedAt: now,
        containerID: id,
      };
      host.requestSync();
      return;
    }
    if (slot.instance) slot.previous = slot.instance;
    slot.instance = instance;
    record.containerID = instance.id;
    record.image = image.canonicalName;
    record.imageID = `${image.repository}@${image.digest}`;
    host.kubelet.event(host.pod, slot, 'Normal', 'Created', `Created container ${record.name}`);
    host.kubelet.event(host.pod, slot, 'Normal', 'Started', `Started container ${record.name}`);
    void instance.process.exit.then((code) => host.exited(slot, instance, code));
    // Until postStart returns the kubelet has not finished starting it: no running state yet.
    const failure = await runHook(host.kubelet, host.pod, slot, instance, 'postStart');
    if (failure !== undefined) {
      // startContainer kills it (preStop and grace included) before it returns ErrPostStartHook.
      const graceMs = killGraceMs(host.pod, slot.spec, 'other');
      await killContainerAndWait(
        host.kubelet,
        host.pod,
        slot,
        instance,
        'FailedPostStartHook',
        graceMs,
      );
      reportPostStartHookError(host, slot, instance, failure);
      return;
    }
    // The instance may have died during the hook (its exit closed the log).
    if (slot.instance !== instance || instance.log.isClosed) return;
    record.state = { kind: 'running', startedAt: instance.startedAt };
    delete record.ready;
    delete record.started;
    slot.stopProbes = startProbes({
      kubelet: host.kubelet,
      pod: () => host.pod,
      record,
      spec: slot.spec,
      instance,
      changed: () => {
        void host.writeStatus();
        // A sidecar's startup probe passing is what lets the next init container start.
        if (record.sidecar) host.requestSync();
      },
      restart: () => {
        // Liveness and readiness wait for the startup probe: until it passed, it is the one failing.
        const probe = record.started === false ? 'startup' : 'liveness';
        const message = probeKillMessage(host.pod, record, probe);
        const graceMs = killGraceMs(host.pod, slot.spec, `${probe}Probe`);
        killContainer(host.kubelet, host.pod, slot, instance, message, graceMs);
      },
    });
  } finally {
    slot.starting = false;
  }
}

/**
 * After the kill of a container whose postStart failed: the kubelet's reason cache holds
 * ErrPostStartHook with the handler's message, which the status shows as the waiting state —
 * over the terminated one, which becomes lastState — as long as the container is to be
 * started again. (Under a policy that does not restart it, it just stays terminated.)
 */
function reportPostStartHookError(
  host: LifecycleHost,
  slot: Slot,
  instance: ContainerInstance,
  message: string,
): void {
  const record = slot.record;
  if (host.stopping || slot.instance !== instance || record.state.kind !== 'terminated') return;
  const { kind: _, ...terminated }: { kind: 'terminated' } & Terminated = record.state;
  if (!restartsAfter(host.pod, record, terminated.exitCode)) return;
  record.lastState = terminated;
  record.state = { kind: 'waiting', reason: 'PostStartHookError', message };
}
