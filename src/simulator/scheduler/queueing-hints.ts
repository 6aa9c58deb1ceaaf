/**
 * QueueingHints (on by default in 1.32): when the cluster changes, a pod that was rejected is
 * retried only if one of the plugins that rejected it says the change may help. These are the
 * hint functions of the simulated plugins, in their 1.32 form.
 */
import type { KubeObject } from '../kube-object.js';
import type { PluginName } from './filters.js';
import { insufficientResources } from './filters.js';
import { podHostPorts, portsFit } from './host-ports.js';
import { interPodAffinityHint } from './inter-pod-affinity-hints.js';
import { matchesNodeAffinity } from './node-affinity.js';
import { nodeInfo } from './node-info.js';
import type { Labels } from './pod-affinity-term.js';
import { podRequests, type Resources } from './pod-resources.js';
import { nodeTaints, podTolerations, untoleratedTaint } from './taints.js';

export type ClusterEvent =
  /** A node was added (`old` undefined) or changed. */
  | { kind: 'node'; old: KubeObject | undefined; node: KubeObject }
  /** A pod bound to a node went away: deleted, or finished. */
  | { kind: 'assigned-pod-gone'; pod: KubeObject }
  /** A pod was bound to a node (`AssignedPodAdded`); `namespaceLabels` are its namespace's. */
  | { kind: 'assigned-pod-added'; pod: KubeObject; namespaceLabels: Labels }
  /** A bound pod's labels changed (`AssignedPodUpdated`, UpdatePodLabel). */
  | { kind: 'assigned-pod-updated'; old: KubeObject; pod: KubeObject; namespaceLabels: Labels }
  /** The unscheduled pod itself changed. */
  | { kind: 'own-update'; old: KubeObject; pod: KubeObject };

const tolerationCount = (pod: KubeObject) => podTolerations(pod).length;

function unschedulableFlag(node: KubeObject | undefined) {
  return (node?.spec as { unschedulable?: unknown } | undefined)?.unschedulable === true;
}

/** Fits the node's allocatable alone, ignoring the pods on it (`isFit`). */
function fitsEmpty(request: Resources, node: KubeObject) {
  return insufficientResources(request, nodeInfo(node, [])).length === 0;
}

/** Whether `event` may make `pod`, rejected by `plugin`, schedulable (`Queue` versus `QueueSkip`). */
export function hint(plugin: PluginName, pod: KubeObject, event: ClusterEvent): boolean {
  switch (plugin) {
    case 'NodeAffinity':
      // isSchedulableAfterNodeChange: the node matches now and did not before.
      return (
        event.kind === 'node' &&
        matchesNodeAffinity(pod, event.node) &&
        (!event.old || !matchesNodeAffinity(pod, event.old))
      );
    case 'TaintToleration': {
      if (event.kind === 'own-update')
        return tolerationCount(event.old) !== tolerationCount(event.pod);
      if (event.kind !== 'node') return false;
      const tolerations = podTolerations(pod);
      const was = event.old ? untoleratedTaint(nodeTaints(event.old), tolerations) : true;
      const is = untoleratedTaint(nodeTaints(event.node), tolerations);
      return was !== undefined && is === undefined;
    }
    case 'NodeUnschedulable':
      return (
        event.kind === 'node' &&
        !unschedulableFlag(event.node) &&
        (!event.old || unschedulableFlag(event.old))
      );
    case 'NodePorts':
      if (event.kind === 'node') return event.old === undefined;
      if (event.kind === 'assigned-pod-gone') {
        // Only the departure of a pod holding one of the wanted ports helps.
        return !portsFit(podHostPorts(pod), podHostPorts(event.pod));
      }
      return false;
    case 'InterPodAffinity':
      return interPodAffinityHint(pod, event);
    case 'NodeResourcesFit': {
      if (event.kind === 'assigned-pod-gone') return true;
      if (event.kind !== 'node') return false;
      const request = podRequests(pod);
      if (!fitsEmpty(request, event.node)) return false;
      if (!event.old) return true;
      return increased(request, event.old, event.node);
    }
  }
}

/** `haveAnyRequestedResourcesIncreased`: more allocatable of something the pod asks for. */
function increased(request: Resources, old: KubeObject, node: KubeObject): boolean {
  const before = nodeInfo(old, []);
  const after = nodeInfo(node, []);
  if (after.allowedPods > before.allowedPods) return true;
  const a = before.allocatable;
  const b = after.allocatable;
  if (request.milliCPU > 0n && b.milliCPU > a.milliCPU) return true;
  if (request.memory > 0n && b.memory > a.memory) return true;
  if (request.ephemeralStorage > 0n && b.ephemeralStorage > a.ephemeralStorage) return true;
  for (const [name, amount] of request.scalars) {
    if (amount > 0n && (b.scalars.get(name) ?? 0n) > (a.scalars.get(name) ?? 0n)) return true;
  }
  return false;
}
