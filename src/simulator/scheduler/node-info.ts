/**
 * `framework.NodeInfo`: a node with the pods bound to it and what they take — the scheduler's
 * snapshot of the cluster for one scheduling cycle.
 */
import { asObject, asString } from '../admission/json-access.js';
import type { KubeObject } from '../kube-object.js';
import { type HostPort, podHostPorts } from './host-ports.js';
import {
  addResources,
  emptyResources,
  nodeAllocatable,
  podRequests,
  type Resources,
} from './pod-resources.js';

export interface NodeInfo {
  name: string;
  node: KubeObject;
  pods: KubeObject[];
  allocatable: Resources;
  allowedPods: number;
  requested: Resources;
  usedPorts: HostPort[];
}

export function isTerminal(pod: KubeObject): boolean {
  const phase = asString(asObject(pod.status)?.phase);
  return phase === 'Succeeded' || phase === 'Failed';
}

export function boundNode(pod: KubeObject): string {
  return asString(asObject(pod.spec)?.nodeName);
}

/** The pod's priority (`corev1helpers.PodPriority`): `spec.priority`, 0 when unset. */
export function podPriority(pod: KubeObject): number {
  const priority = asObject(pod.spec)?.priority;
  return typeof priority === 'number' ? priority : 0;
}

export function nodeInfo(node: KubeObject, pods: KubeObject[]): NodeInfo {
  const { resources, pods: allowedPods } = nodeAllocatable(node);
  const requested = emptyResources();
  const usedPorts: HostPort[] = [];
  for (const pod of pods) {
    addResources(requested, podRequests(pod));
    usedPorts.push(...podHostPorts(pod));
  }
  return {
    name: node.metadata.name ?? '',
    node,
    pods,
    allocatable: resources,
    allowedPods,
    requested,
    usedPorts,
  };
}

/**
 * Node infos of every node, sorted by name, counting the pods bound to each that have not
 * finished (the scheduler's informer leaves Succeeded and Failed pods out).
 */
export function snapshot(nodes: Iterable<KubeObject>, pods: Iterable<KubeObject>): NodeInfo[] {
  const byNode = new Map<string, KubeObject[]>();
  for (const pod of pods) {
    const node = boundNode(pod);
    if (node === '' || isTerminal(pod)) continue;
    const list = byNode.get(node) ?? [];
    list.push(pod);
    byNode.set(node, list);
  }
  return [...nodes]
    .map((node) => nodeInfo(node, byNode.get(node.metadata.name ?? '') ?? []))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
