/**
 * A pod update that changes a container's image (the one container field the API lets a
 * running pod change: `kubectl set image pod/web web=nginx:1.27`). The kubelet compares each
 * container's spec hash on every sync (computePodActions): a container waiting to start simply
 * starts with the new image; a running one is killed — `Container web definition changed,
 * will be restarted` — and started again with it, whatever the pod's restart policy.
 */
import type { KubeObject } from '../kube-object.js';
import type { Slot } from './container-lifecycle.js';
import type { ContainerInstance } from './container-runtime.js';
import type { KubeletContext } from './kubelet-context.js';
import { gracePeriodMs, killContainer } from './pod-termination.js';

type Json = Record<string, unknown>;
const asRecord = (value: unknown): Json =>
  value && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : {};
const asList = (value: unknown): Json[] => (Array.isArray(value) ? value.map(asRecord) : []);
const str = (value: unknown): string => (typeof value === 'string' ? value : '');

/**
 * Gives every slot its container's spec from `pod`, and returns the running app containers
 * and sidecars whose image changed — those the caller must kill to restart. (A plain init
 * container that already ran is not run again.)
 */
export function applyContainerChanges(slots: readonly Slot[], pod: KubeObject): Slot[] {
  const spec = asRecord(pod.spec);
  const toRestart: Slot[] = [];
  for (const slot of slots) {
    const list = slot.record.init ? spec.initContainers : spec.containers;
    const next = asList(list).find((c) => c.name === slot.record.name);
    if (!next) continue;
    const changed = str(next.image) !== str(slot.spec.image);
    slot.spec = next;
    if (!changed) continue;
    slot.record.specImage = str(next.image);
    const restartable = !slot.record.init || slot.record.sidecar === true;
    if (restartable && slot.instance && slot.record.state.kind === 'running') {
      slot.specChanged = true;
      toRestart.push(slot);
    }
  }
  return toRestart;
}

/** Applies `pod`'s container specs to `slots` and kills the running ones whose image changed. */
export function restartChangedContainers(
  kubelet: KubeletContext,
  pod: KubeObject,
  slots: readonly Slot[],
): void {
  for (const slot of applyContainerChanges(slots, pod)) {
    // Sidecars are init containers to the kubelet, and it words their restart differently.
    const message = slot.record.sidecar
      ? `Init container ${slot.record.name} definition changed`
      : `Container ${slot.record.name} definition changed, will be restarted`;
    const instance = slot.instance as ContainerInstance;
    killContainer(kubelet, pod, slot, instance, message, gracePeriodMs(pod));
  }
}

/** Killed for a new image and now gone: the next sync starts it again. */
export function awaitsRestart(slot: Slot): boolean {
  return slot.specChanged === true && slot.instance?.log.isClosed === true;
}
