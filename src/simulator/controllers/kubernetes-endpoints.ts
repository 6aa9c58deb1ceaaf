/**
 * The endpoints of the `kubernetes` Service in `default`, which no controller derives from pods:
 * kube-apiserver's own endpoint reconciler (`pkg/controlplane/reconcilers`, the lease reconciler
 * kind uses) writes them, every 10 s, as the control-plane node's address on the secure port
 * 6443 — an Endpoints object marked `endpointslice.kubernetes.io/skip-mirror: "true"` and an
 * EndpointSlice named `kubernetes` with only the Service-name label. Deleting either brings it
 * back at the next round. The simulator runs it beside the controllers.
 */

import { asObject, asObjects, asString } from '../admission/json-access.js';
import { API_SERVER_PORT } from '../apiserver/kubernetes-service.js';
import { every } from '../events/timer-clock.js';
import type { KubeObject } from '../kube-object.js';
import { type ControllerContext, isRace } from './controller-context.js';
import {
  ENDPOINT_SLICE_STORE,
  ENDPOINT_SLICES,
  ENDPOINTS,
  ENDPOINTS_STORE,
} from './endpoint-pods.js';
import { SERVICE_NAME_LABEL } from './endpointslice-objects.js';
import { semanticEqual } from './semantic-equal.js';

const NAMESPACE = 'default';
const NAME = 'kubernetes';
/** `--endpoint-reconciler-interval` / the kubernetes service controller's loop. */
export const RECONCILE_INTERVAL_MS = 10_000;
const SKIP_MIRROR = 'endpointslice.kubernetes.io/skip-mirror';
const CONTROL_PLANE_LABEL = 'node-role.kubernetes.io/control-plane';
const FIELD_MANAGER = 'kube-apiserver';

/** The API servers' addresses: the InternalIP of every control-plane node, sorted. */
export function apiServerIPs(nodes: readonly KubeObject[]): string[] {
  const ips = new Set<string>();
  for (const node of nodes) {
    if (node.metadata.labels?.[CONTROL_PLANE_LABEL] === undefined) continue;
    for (const address of asObjects(asObject(node.status)?.addresses)) {
      if (address.type === 'InternalIP' && asString(address.address)) {
        ips.add(asString(address.address));
      }
    }
  }
  return [...ips].sort();
}

const PORT = { name: 'https', port: API_SERVER_PORT, protocol: 'TCP' };

export class KubernetesEndpoints {
  private work: Promise<void> = Promise.resolve();
  private stopTimer: (() => void) | undefined;
  private stopped = false;

  constructor(private readonly context: ControllerContext) {}

  start() {
    this.reconcile();
    this.stopTimer = every(this.context.clock, RECONCILE_INTERVAL_MS, () => this.reconcile());
  }

  stop() {
    this.stopped = true;
    this.stopTimer?.();
    this.stopTimer = undefined;
  }

  /** Resolves once the rounds started so far are done. */
  idle() {
    return this.work;
  }

  reconcile() {
    this.work = this.work
      .then(() => (this.stopped ? undefined : this.sync()))
      // A conflict or a vanished object is retried at the next round.
      .catch((error: unknown) => {
        if (!isRace(error)) this.context.onError(error);
      });
  }

  private async sync() {
    const storage = this.context.registry.storage;
    const ips = apiServerIPs(storage.list('nodes').items);
    if (ips.length === 0) return;
    await this.syncEndpoints(ips);
    await this.syncSlice(ips);
  }

  /** `updateEndpoints`: one subset, the addresses, the port; created or reset when different. */
  private async syncEndpoints(ips: string[]) {
    const { registry } = this.context;
    const current = registry.storage.get(ENDPOINTS_STORE, NAMESPACE, NAME);
    const next: KubeObject = current
      ? structuredClone(current)
      : { apiVersion: 'v1', kind: 'Endpoints', metadata: { name: NAME, namespace: NAMESPACE } };
    next.metadata.labels = { [SKIP_MIRROR]: 'true' };
    next.subsets = [{ addresses: ips.map((ip) => ({ ip })), ports: [PORT] }];
    const options = { fieldManager: FIELD_MANAGER };
    if (!current) {
      await registry.create(ENDPOINTS, NAMESPACE, next, options);
    } else if (
      !semanticEqual(current.subsets, next.subsets) ||
      !semanticEqual(current.metadata.labels, next.metadata.labels)
    ) {
      await registry.update(ENDPOINTS, NAMESPACE, NAME, next, options);
    }
  }

  /** `updateEndpointSlice`: the slice named after the Service; any other slice of it goes. */
  private async syncSlice(ips: string[]) {
    const { registry } = this.context;
    const slices = registry.storage.list(ENDPOINT_SLICE_STORE, {
      namespace: NAMESPACE,
      predicate: (slice) => slice.metadata.labels?.[SERVICE_NAME_LABEL] === NAME,
    }).items;
    const current = slices.find((s) => s.metadata.name === NAME && s.addressType === 'IPv4');
    for (const other of slices) {
      if (other === current) continue;
      await registry.delete(ENDPOINT_SLICES, NAMESPACE, other.metadata.name ?? '');
    }
    const next: KubeObject = current
      ? structuredClone(current)
      : {
          apiVersion: 'discovery.k8s.io/v1',
          kind: 'EndpointSlice',
          metadata: { name: NAME, namespace: NAMESPACE },
        };
    next.metadata.labels = { [SERVICE_NAME_LABEL]: NAME };
    next.addressType = 'IPv4';
    next.endpoints = ips.map((ip) => ({ addresses: [ip], conditions: { ready: true } }));
    next.ports = [{ name: PORT.name, protocol: PORT.protocol, port: PORT.port }];
    const options = { fieldManager: FIELD_MANAGER };
    if (!current) {
      await registry.create(ENDPOINT_SLICES, NAMESPACE, next, options);
    } else if (
      !semanticEqual(current.endpoints, next.endpoints) ||
      !semanticEqual(current.ports, next.ports) ||
      !semanticEqual(current.metadata.labels, next.metadata.labels)
    ) {
      await registry.update(ENDPOINT_SLICES, NAMESPACE, NAME, next, options);
    }
  }
}
