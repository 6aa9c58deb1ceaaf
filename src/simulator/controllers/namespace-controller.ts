import type { Registry } from '../apiserver/registry/registry.js';
import { findResource, RESOURCES, storageResource } from '../apiserver/resources.js';
import { ApiError } from '../apiserver/status.js';
import type { KubeObject } from '../kube-object.js';
import { SerialQueue } from './serial-queue.js';

const ROOT_CA_DESCRIPTION =
  'Contains a CA bundle that can be used to verify the kube-apiserver when using internal endpoints such as the internal service IP or kubernetes.default.svc. No other usage is guaranteed across distributions of Kubernetes clusters.';

/**
 * The namespace-scoped housekeeping of kube-controller-manager: every active namespace has a
 * `default` ServiceAccount (serviceaccount-controller) and a `kube-root-ca.crt` ConfigMap
 * (root-ca-cert-publisher), recreated when deleted; a deleted namespace is emptied and then
 * removed (namespace-controller).
 */
export class NamespaceController {
  private readonly queue = new SerialQueue();
  private readonly stops: (() => void)[] = [];

  constructor(
    private readonly registry: Registry,
    private readonly caPem: string,
  ) {}

  start() {
    const storage = this.registry.storage;
    for (const ns of storage.list('namespaces').items) this.enqueue(ns.metadata.name ?? '');
    const from = storage.resourceVersion;
    const watch = (resource: string, onEvent: (object: KubeObject) => void) => {
      const w = storage.watch(resource, {
        fromResourceVersion: from,
        onEvent: (e) => e.type !== 'EXPIRED' && onEvent(e.object),
      });
      this.stops.push(() => w.stop());
    };
    watch('namespaces', (ns) => this.enqueue(ns.metadata.name ?? ''));
    watch(
      'serviceaccounts',
      (sa) => sa.metadata.name === 'default' && this.enqueue(sa.metadata.namespace ?? ''),
    );
    watch(
      'configmaps',
      (cm) => cm.metadata.name === 'kube-root-ca.crt' && this.enqueue(cm.metadata.namespace ?? ''),
    );
  }

  stop() {
    for (const stop of this.stops.splice(0)) stop();
  }

  /** Resolves once everything queued so far has been reconciled (tests, orderly shutdown). */
  idle() {
    return this.queue.idle();
  }

  private enqueue(namespace: string) {
    this.queue.push(namespace, () => this.reconcile(namespace));
  }

  private async reconcile(name: string) {
    const ns = this.registry.storage.get('namespaces', '', name);
    if (!ns) return;
    if (ns.metadata.deletionTimestamp) {
      await this.finalize(ns);
      return;
    }
    await this.ensureDefaultServiceAccount(name);
    await this.ensureRootCa(name);
  }

  private async ensureDefaultServiceAccount(namespace: string) {
    if (this.registry.storage.get('serviceaccounts', namespace, 'default')) return;
    const info = findResource('', 'v1', 'serviceaccounts');
    if (!info) return;
    await ignoreRaces(
      this.registry.create(
        info,
        namespace,
        { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'default' } },
        { fieldManager: 'kube-controller-manager' },
      ),
    );
  }

  private async ensureRootCa(namespace: string) {
    const info = findResource('', 'v1', 'configmaps');
    if (!info) return;
    const desired = { 'ca.crt': this.caPem };
    const existing = this.registry.storage.get('configmaps', namespace, 'kube-root-ca.crt');
    if (!existing) {
      await ignoreRaces(
        this.registry.create(
          info,
          namespace,
          {
            apiVersion: 'v1',
            kind: 'ConfigMap',
            metadata: {
              name: 'kube-root-ca.crt',
              annotations: { 'kubernetes.io/description': ROOT_CA_DESCRIPTION },
            },
            data: desired,
          },
          { fieldManager: 'kube-controller-manager' },
        ),
      );
      return;
    }
    if (JSON.stringify(existing.data) !== JSON.stringify(desired)) {
      const updated = { ...existing, data: desired };
      await ignoreRaces(
        this.registry.update(info, namespace, 'kube-root-ca.crt', updated, {
          fieldManager: 'kube-controller-manager',
        }),
      );
    }
  }

  /** Deletes everything in the namespace, then the namespace itself. */
  private async finalize(ns: KubeObject) {
    const name = ns.metadata.name ?? '';
    for (const info of RESOURCES.filter((r) => r.namespaced)) {
      for (const item of this.registry.storage.list(storageResource(info), { namespace: name })
        .items) {
        await ignoreRaces(
          this.registry.delete(info, name, item.metadata.name ?? '', { gracePeriodSeconds: 0 }),
        );
      }
    }
    const remaining = RESOURCES.filter((r) => r.namespaced).some(
      (info) =>
        this.registry.storage.list(storageResource(info), { namespace: name }).items.length > 0,
    );
    if (remaining) {
      // Objects held by finalizers: try again shortly, as the real controller requeues.
      setTimeout(() => this.enqueue(name), 1000).unref();
      return;
    }
    await ignoreRaces(this.registry.storage.delete('namespaces', '', name));
  }
}

/** Another writer got there first (409) or the object went away (404): nothing to do. */
async function ignoreRaces(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ApiError && (error.code === 404 || error.code === 409)) return;
    throw error;
  }
}
