/**
 * The pod event handlers both endpoint controllers share (`addPod`, `updatePod`, `deletePod`
 * with `GetServicesToUpdateOnPodChange`): a pod change wakes the Services whose selectors pick
 * the pod before or after it, and only when something its endpoints are made of changed —
 * labels, readiness, deletion, IPs, ports — not at every status write of its containers.
 */

import type { Storage } from '../apiserver/storage.js';
import type { KubeObject } from '../kube-object.js';
import { endpointView, SERVICE_STORE, servicesSelecting } from './endpoint-pods.js';

interface Seen {
  view: string;
  labels: Record<string, string> | undefined;
}

export class ServiceWakeups {
  /** The last view of every pod, by uid (what an informer's old object gives the handler). */
  private readonly seen = new Map<string, Seen>();

  constructor(
    private readonly storage: Storage,
    private readonly wake: (serviceKey: string) => void,
  ) {}

  onPod(type: 'ADDED' | 'MODIFIED' | 'DELETED', pod: KubeObject): void {
    const uid = pod.metadata.uid ?? '';
    const previous = this.seen.get(uid);
    const view = endpointView(pod);
    if (type === 'DELETED') this.seen.delete(uid);
    else this.seen.set(uid, { view, labels: pod.metadata.labels });
    if (type !== 'DELETED' && previous?.view === view) return;
    const services = this.storage.list(SERVICE_STORE, {
      namespace: pod.metadata.namespace ?? '',
    }).items;
    const keys = new Set(servicesSelecting(services, pod.metadata.labels));
    if (previous) for (const key of servicesSelecting(services, previous.labels)) keys.add(key);
    for (const key of keys) this.wake(key);
  }
}
