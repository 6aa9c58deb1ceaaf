/**
 * Sidecars: init containers with `restartPolicy: Always` (pod-facts §4.1–§4.2). The next init
 * container starts once a sidecar has *started* (running, startup probe passed); sidecars
 * restart on every exit whatever the pod's restart policy, keep running beside the app
 * containers, and are stopped only after those — last sidecar first — when the pod completes
 * or is deleted. The pod worker keeps one `SidecarSet` per pod.
 */
import type { KubeObject } from '../kube-object.js';
import { awaitsRestart } from './container-changes.js';
import { type LifecycleHost, type Slot, startOrBackOff } from './container-lifecycle.js';
import type { KubeletContext } from './kubelet-context.js';
import { gracePeriodMs, killContainer, signalStop } from './pod-termination.js';

/** A container the kubelet is running or about to run. */
const live = (slot: Slot) => slot.record.state.kind === 'running' || slot.starting;

export class SidecarSet {
  /** Sidecars that have started once: later restarts no longer hold back what follows them. */
  private readonly startedOnce = new Set<string>();
  private completing = false;
  private deleting = false;

  constructor(private readonly slots: readonly Slot[]) {}

  /** The app containers are done for good: sidecars are being stopped, not restarted. */
  get stopping(): boolean {
    return this.completing;
  }

  /**
   * Starts or restarts a sidecar (with the crash-loop back-off). True when what follows it
   * may go on: it has started, now or at some earlier time.
   */
  async sync(host: LifecycleHost, slot: Slot): Promise<boolean> {
    const record = slot.record;
    const up = () => record.state.kind === 'running' && record.started !== false;
    const down = record.state.kind !== 'running' || awaitsRestart(slot);
    if (down && !slot.starting) await startOrBackOff(host, slot);
    if (up()) this.startedOnce.add(record.name);
    return this.startedOnce.has(record.name);
  }

  /**
   * The pod has run to completion: stops the running sidecars, last one first, with their
   * stop signal and the pod's grace period. False once none is left running.
   */
  stopForCompletion(kubelet: KubeletContext, pod: KubeObject): boolean {
    const running = this.slots.filter((s) => s.record.sidecar && live(s)).reverse();
    if (running.length === 0) return false;
    if (this.completing) return true;
    this.completing = true;
    for (const slot of running) {
      slot.stopProbes?.();
      const instance = slot.instance;
      if (!instance || slot.record.state.kind !== 'running') continue;
      const message = `Stopping container ${slot.record.name}`;
      killContainer(kubelet, pod, slot, instance, message, gracePeriodMs(pod));
    }
    return true;
  }

  /**
   * The pod is being deleted: once no app (or plain init) container runs any more, the
   * sidecars get their stop signal, last one first. False once nothing is left running.
   */
  stopForDeletion(kubelet: KubeletContext, pod: KubeObject): boolean {
    if (this.slots.some((s) => !s.record.sidecar && live(s))) return true;
    const running = this.slots.filter((s) => s.record.sidecar && live(s));
    if (running.length === 0) return false;
    if (!this.deleting) {
      this.deleting = true;
      signalStop(kubelet, pod, running.reverse());
    }
    return true;
  }
}
