/**
 * Stopping a pod's containers for its deletion (kuberuntime killContainer): the `Killing`
 * event, the image's stop signal (SIGTERM unless STOPSIGNAL says otherwise — nginx: SIGQUIT)
 * to each main process, and SIGKILL to whatever is left of the container at the deadline.
 * A PID 1 that has no handler ignores SIGTERM, so `sleep` and `sh -c` run out the grace period
 * and end with 137.
 */
import type { KubeObject } from '../kube-object.js';
import { SIGNALS, type SignalName } from '../runtime/process/contracts.js';
import type { Slot } from './container-lifecycle.js';
import type { ContainerInstance } from './container-runtime.js';
import type { KubeletContext } from './kubelet-context.js';
import { runHook } from './lifecycle-hooks.js';

/** killContainer's floor for the grace period. */
export const MIN_GRACE_SECONDS = 2;

/** The grace the kubelet gives: the deletion's, else the spec's, never under 2 s. */
export function gracePeriodMs(pod: KubeObject): number {
  const spec = (pod.spec ?? {}) as { terminationGracePeriodSeconds?: number };
  const grace = pod.metadata.deletionGracePeriodSeconds ?? spec.terminationGracePeriodSeconds ?? 30;
  return Math.max(grace, MIN_GRACE_SECONDS) * 1000;
}

/** The image's STOPSIGNAL, else SIGTERM. */
function stopSignal(instance: ContainerInstance): SignalName {
  const stop = (instance.image.config.stopSignal || 'SIGTERM') as SignalName;
  return stop in SIGNALS ? stop : 'SIGTERM';
}

/**
 * Kills one container so it restarts (a failed liveness or startup probe): `Killing` with
 * `message`, the stop signal, SIGKILL after the grace period if it is still there.
 */
export function killContainer(
  kubelet: KubeletContext,
  pod: KubeObject,
  slot: Slot,
  instance: ContainerInstance,
  message: string,
  graceMs: number,
  announce = true,
): void {
  if (announce) kubelet.event(pod, slot, 'Normal', 'Killing', message);
  void stopAfterPreStop(kubelet, pod, slot, instance);
  const deadline = kubelet.clock.setTimer(Math.max(graceMs, MIN_GRACE_SECONDS * 1000), () =>
    instance.cgroup.killAll('SIGKILL'),
  );
  void instance.process.exit.then(() => deadline.cancel());
}

/** Sends each running container's stop signal, with the `Killing` event. */
export function signalStop(kubelet: KubeletContext, pod: KubeObject, slots: readonly Slot[]): void {
  for (const slot of slots) {
    const instance = slot.instance;
    if (!instance || slot.record.state.kind !== 'running') continue;
    kubelet.event(pod, slot, 'Normal', 'Killing', `Stopping container ${slot.record.name}`);
    void stopAfterPreStop(kubelet, pod, slot, instance);
  }
}

/** The preStop hook, then the stop signal; the SIGKILL deadline runs meanwhile. */
async function stopAfterPreStop(
  kubelet: KubeletContext,
  pod: KubeObject,
  slot: Slot,
  instance: ContainerInstance,
): Promise<void> {
  try {
    await runHook(kubelet, pod, slot, instance, 'preStop');
  } finally {
    instance.process.kill(stopSignal(instance));
  }
}

/**
 * The SIGKILL deadline of a terminating pod. A later delete with a shorter grace period
 * brings it forward (never back), counted from when the kubelet sees it.
 */
export class KillDeadline {
  private handle: { cancel(): void; due: number } | undefined;

  constructor(
    private readonly kubelet: KubeletContext,
    private readonly onDeadline: () => void,
  ) {}

  arm(delayMs: number): void {
    const due = this.kubelet.clock.now().getTime() + delayMs;
    if (this.handle && this.handle.due <= due) return;
    this.handle?.cancel();
    this.handle = this.kubelet.clock.setTimer(delayMs, () => {
      this.handle = undefined;
      this.onDeadline();
    });
  }

  cancel(): void {
    this.handle?.cancel();
    this.handle = undefined;
  }
}
