/**
 * Stopping containers as kuberuntime's killContainer does: the `Killing` event, the preStop
 * hook — waited for at most the grace period, the whole seconds it took then taken off the
 * grace — and the CRI's StopContainer with what is left, never under 2 s: the image's stop
 * signal (SIGTERM unless STOPSIGNAL says otherwise — nginx: SIGQUIT, on which it exits 0), then
 * SIGKILL to whatever is left of the container. A PID 1 without a handler ignores SIGTERM, so
 * `sleep` and `sh -c` run out the grace period and end with 137; a main process that is not
 * PID 1 (shareProcessNamespace) dies of SIGTERM: 143. A preStop still running when the grace
 * runs out is no longer waited for: the stop signal goes then and SIGKILL 2 s later.
 */
import type { KubeObject } from '../kube-object.js';
import { SIGNALS, type SignalName } from '../runtime/process/contracts.js';
import type { Slot } from './container-lifecycle.js';
import type { ContainerInstance } from './container-runtime.js';
import type { KubeletContext } from './kubelet-context.js';
import { hookHandler, runHook } from './lifecycle-hooks.js';

type Json = Record<string, unknown>;
const asRecord = (value: unknown): Json =>
  value && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : {};

/** killContainer's floor for the grace period (minimumGracePeriodInSeconds). */
export const MIN_GRACE_SECONDS = 2;

/** The pod's own grace: the deletion's, else the spec's (the API defaults it to 30). */
function podGraceSeconds(pod: KubeObject): number {
  const spec = (pod.spec ?? {}) as { terminationGracePeriodSeconds?: number };
  return pod.metadata.deletionGracePeriodSeconds ?? spec.terminationGracePeriodSeconds ?? 30;
}

/** The grace the kubelet gives a terminating pod: the deletion's, else the spec's, never under 2 s. */
export function gracePeriodMs(pod: KubeObject): number {
  return Math.max(podGraceSeconds(pod), MIN_GRACE_SECONDS) * 1000;
}

/** Why a container is killed, as far as its grace period depends on it. */
export type KillReason = 'livenessProbe' | 'startupProbe' | 'other';

/**
 * setTerminationGracePeriod: the deletion's grace, else the failed probe's own
 * `terminationGracePeriodSeconds`, else the pod's — before the 2 s floor, so a preStop gets no
 * time at all when it is 0.
 */
export function killGraceMs(pod: KubeObject, spec: Json, reason: KillReason): number {
  if (pod.metadata.deletionGracePeriodSeconds === undefined && reason !== 'other') {
    const probeGrace = asRecord(spec[reason]).terminationGracePeriodSeconds;
    if (typeof probeGrace === 'number') return probeGrace * 1000;
  }
  return podGraceSeconds(pod) * 1000;
}

/** The image's STOPSIGNAL, else SIGTERM. */
function stopSignal(instance: ContainerInstance): SignalName {
  const stop = (instance.image.config.stopSignal || 'SIGTERM') as SignalName;
  return stop in SIGNALS ? stop : 'SIGTERM';
}

const hasExited = (instance: ContainerInstance) => instance.process.process.exited;

/**
 * The preStop hook, waited for at most `graceMs` (executePreStopHook); resolves with the time
 * waited. A hook still running goes on (its failure is still reported when it ends): the
 * kubelet only stops waiting for it.
 */
function preStopWithin(
  kubelet: KubeletContext,
  pod: KubeObject,
  slot: Slot,
  instance: ContainerInstance,
  graceMs: number,
): Promise<number> {
  const start = kubelet.clock.now().getTime();
  return new Promise((resolve) => {
    const done = () => {
      timer.cancel();
      resolve(kubelet.clock.now().getTime() - start);
    };
    const timer = kubelet.clock.setTimer(graceMs, done);
    void runHook(kubelet, pod, slot, instance, 'preStop').then(done, (error: unknown) => {
      kubelet.onError(error);
      done();
    });
  });
}

/**
 * The CRI's StopContainer(timeout): the stop signal to the main process, SIGKILL to the whole
 * container once `timeoutMs` has passed; resolves when the main process has exited.
 */
async function stopContainer(
  kubelet: KubeletContext,
  instance: ContainerInstance,
  timeoutMs: number,
): Promise<void> {
  if (hasExited(instance)) return;
  instance.process.kill(stopSignal(instance));
  const deadline = kubelet.clock.setTimer(timeoutMs, () => instance.cgroup.killAll('SIGKILL'));
  await instance.process.exit;
  deadline.cancel();
}

/**
 * killContainer: `Killing` with `message`, the preStop hook within `graceMs`, then the stop
 * signal and SIGKILL when what is left of the grace (at least 2 s) has passed. Resolves once
 * the container has exited.
 */
export async function killContainerAndWait(
  kubelet: KubeletContext,
  pod: KubeObject,
  slot: Slot,
  instance: ContainerInstance,
  message: string,
  graceMs: number,
): Promise<void> {
  kubelet.event(pod, slot, 'Normal', 'Killing', message);
  let remainingMs = graceMs;
  if (hookHandler(slot.spec, 'preStop') && graceMs > 0 && !hasExited(instance)) {
    const waitedMs = await preStopWithin(kubelet, pod, slot, instance, graceMs);
    // `gracePeriod -= executePreStopHook(…)`, which counts whole seconds (int64 of Seconds()).
    remainingMs -= Math.trunc(waitedMs / 1000) * 1000;
  }
  await stopContainer(kubelet, instance, Math.max(remainingMs, MIN_GRACE_SECONDS * 1000));
}

/** `killContainerAndWait` without waiting: a probe's or a spec change's kill. */
export function killContainer(
  kubelet: KubeletContext,
  pod: KubeObject,
  slot: Slot,
  instance: ContainerInstance,
  message: string,
  graceMs: number,
): void {
  killContainerAndWait(kubelet, pod, slot, instance, message, graceMs).catch((error: unknown) =>
    kubelet.onError(error),
  );
}

/**
 * A pod's deletion: each running container of `slots` is killed with `Stopping container x`
 * and the pod's grace. With the pod's `deadline`, that deadline waits for these kills, whose
 * own SIGKILL may come later than it (a preStop that used up the grace gets 2 s more).
 */
export function signalStop(
  kubelet: KubeletContext,
  pod: KubeObject,
  slots: readonly Slot[],
  deadline?: KillDeadline,
): void {
  for (const slot of slots) {
    const instance = slot.instance;
    if (!instance || slot.record.state.kind !== 'running') continue;
    const message = `Stopping container ${slot.record.name}`;
    const graceMs = killGraceMs(pod, slot.spec, 'other');
    const stopped = killContainerAndWait(kubelet, pod, slot, instance, message, graceMs).catch(
      (error: unknown) => kubelet.onError(error),
    );
    if (deadline) deadline.track(stopped);
  }
}

/**
 * The SIGKILL deadline of a terminating pod. A later delete with a shorter grace period
 * brings it forward (never back), counted from when the kubelet sees it. Kills handed to
 * `track` keep their own timing: the first deadline waits until they are over (they end by
 * their own SIGKILL); a deadline brought forward does not wait.
 */
export class KillDeadline {
  private handle: { cancel(): void; due: number } | undefined;
  private readonly kills = new Set<Promise<void>>();
  /** The deadline passed while tracked kills were still under way. */
  private overdue = false;

  constructor(
    private readonly kubelet: Pick<KubeletContext, 'clock'>,
    private readonly onDeadline: () => void,
  ) {}

  arm(delayMs: number): void {
    // Past the deadline, the kills still under way end within their 2 s minimum anyway.
    if (this.overdue) return;
    const due = this.kubelet.clock.now().getTime() + delayMs;
    if (this.handle && this.handle.due <= due) return;
    const shortened = this.handle !== undefined;
    this.handle?.cancel();
    this.handle = this.kubelet.clock.setTimer(delayMs, () => {
      this.handle = undefined;
      if (this.kills.size > 0 && !shortened) {
        this.overdue = true;
        return;
      }
      this.fire();
    });
  }

  /** A container's own kill (preStop, stop signal, SIGKILL) that the deadline waits for. */
  track(kill: Promise<void>): void {
    this.kills.add(kill);
    void kill.then(() => {
      this.kills.delete(kill);
      if (this.overdue && this.kills.size === 0) this.fire();
    });
  }

  cancel(): void {
    this.handle?.cancel();
    this.handle = undefined;
    this.overdue = false;
  }

  private fire(): void {
    this.cancel();
    this.onDeadline();
  }
}
