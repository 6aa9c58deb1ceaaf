import type { KubeObject } from '../kube-object.js';
import {
  type ControllerContext,
  errorMessage,
  FIELD_MANAGER,
  isRace,
  objectKey,
  POD_STORE,
  recordEvent,
  splitKey,
  watchResource,
} from './controller-context.js';
import {
  ENDPOINT_SLICE_STORE,
  ENDPOINT_SLICES,
  hasManagedEndpoints,
  LAST_CHANGE_TRIGGER_TIME,
  SERVICE_STORE,
  selectedPods,
  serviceSelector,
} from './endpoint-pods.js';
import {
  CONTROLLER_NAME,
  MANAGED_BY_LABEL,
  ownedBy,
  SERVICE_NAME_LABEL,
  sliceEndpoints,
} from './endpointslice-objects.js';
import { planSlices, type SlicePlan } from './endpointslice-reconciler.js';
import { QueuedController } from './queued-controller.js';
import { ServiceWakeups } from './service-wakeups.js';
import { formatTriggerTime, TriggerTimeTracker } from './trigger-time-tracker.js';

const COMPONENT = 'endpoint-slice-controller';
/** `endpointSliceChangeMinSyncDelay`: a slice changed by someone else is looked at 1 s later. */
const SLICE_CHANGE_DELAY_MS = 1000;

/**
 * The EndpointSlice controller (`pkg/controller/endpointslice`, 1.32): for every Service with a
 * selector, EndpointSlices named `<service>-<5 random characters>`, labelled with the Service
 * name and `endpointslice.kubernetes.io/managed-by: endpointslice-controller.k8s.io`, owned by
 * the Service (the garbage collector removes them with it). Each endpoint carries the pod's
 * address, its node (and zone), a reference to it and the `ready`/`serving`/`terminating`
 * conditions: a pod being deleted stays, terminating and not ready, until it is gone. The plan
 * itself is `endpointslice-reconciler.ts`, the objects it is made of `endpointslice-objects.ts`.
 */
export class EndpointSliceController extends QueuedController {
  private readonly wakeups: ServiceWakeups;
  private readonly triggers = new TriggerTimeTracker();
  /** The Service whose slices this controller is writing: its own changes wake nothing. */
  private writing: string | undefined;

  constructor(context: ControllerContext) {
    super(context);
    this.wakeups = new ServiceWakeups(context.registry.storage, (key) => this.queue.add(key));
  }

  start() {
    const storage = this.context.registry.storage;
    const from = storage.resourceVersion;
    for (const service of storage.list(SERVICE_STORE).items) this.queue.add(objectKey(service));
    for (const pod of storage.list(POD_STORE).items) this.wakeups.onPod('ADDED', pod);
    this.stops.push(
      watchResource(this.context, SERVICE_STORE, from, (_type, service) =>
        this.queue.add(objectKey(service)),
      ),
      watchResource(this.context, POD_STORE, from, (type, pod) => this.wakeups.onPod(type, pod)),
      watchResource(this.context, ENDPOINT_SLICE_STORE, from, (_type, slice) =>
        this.onSlice(slice),
      ),
    );
  }

  /** A managed slice changed (edited or deleted by hand, or by the garbage collector). */
  private onSlice(slice: KubeObject) {
    const labels = slice.metadata.labels ?? {};
    const service = labels[SERVICE_NAME_LABEL];
    if (labels[MANAGED_BY_LABEL] !== CONTROLLER_NAME || !service) return;
    const key = `${slice.metadata.namespace ?? ''}/${service}`;
    if (key === this.writing) return;
    this.queue.addAfter(key, SLICE_CHANGE_DELAY_MS);
  }

  /** `syncService`. */
  protected async sync(key: string) {
    const [namespace, name] = splitKey(key);
    const storage = this.context.registry.storage;
    const service = storage.get(SERVICE_STORE, namespace, name);
    if (!service) {
      // Its slices go with it: the garbage collector follows their owner reference.
      this.triggers.deleteService(namespace, name);
      return;
    }
    const selector = serviceSelector(service);
    if (!hasManagedEndpoints(service) || !selector) return;
    const pods = selectedPods(storage.list(POD_STORE, { namespace }).items, selector);
    const slices = storage.list(ENDPOINT_SLICE_STORE, {
      namespace,
      predicate: (slice) =>
        slice.metadata.labels?.[SERVICE_NAME_LABEL] === name &&
        slice.metadata.labels?.[MANAGED_BY_LABEL] === CONTROLLER_NAME &&
        !slice.metadata.deletionTimestamp,
    }).items;
    const triggerTime = this.triggers.compute(service, pods);
    const plan = planSlices(service, pods, slices, (node) => storage.get('nodes', '', node));
    this.writing = key;
    try {
      await this.finalize(service, plan, triggerTime);
      if (plan.errors.length > 0) {
        throw new Error(plan.errors.length === 1 ? plan.errors[0] : `[${plan.errors.join(', ')}]`);
      }
    } catch (error) {
      if (!isRace(error)) {
        recordEvent(
          this.context,
          COMPONENT,
          service,
          'Warning',
          'FailedToUpdateEndpointSlices',
          `Error updating Endpoint Slices for Service ${namespace}/${name}: ${errorMessage(error)}`,
        );
      }
      throw error;
    } finally {
      this.writing = undefined;
    }
  }

  /** `finalize`: creates, updates, deletes — a create meeting a delete becomes an update. */
  private async finalize(service: KubeObject, plan: SlicePlan, triggerTime: number | undefined) {
    const { registry } = this.context;
    const namespace = service.metadata.namespace ?? '';
    const create = [...plan.create];
    const update = [...plan.update];
    const remove = [...plan.delete];
    for (let i = 0; i < remove.length && create.length > 0; ) {
      const doomed = remove[i] as KubeObject;
      const slice = create[create.length - 1] as KubeObject;
      if (doomed.addressType === slice.addressType && ownedBy(doomed, service)) {
        slice.metadata.name = doomed.metadata.name ?? '';
        // Go sends it unconditionally (the strategy allows that); the simulator's registry
        // wants the version, which is the one just read anyway.
        slice.metadata.resourceVersion = doomed.metadata.resourceVersion ?? '';
        create.pop();
        update.push(slice);
        remove.splice(i, 1);
      } else {
        i++;
      }
    }
    const options = { fieldManager: FIELD_MANAGER };
    // No new slices for a Service being deleted: the garbage collector is removing them.
    if (!service.metadata.deletionTimestamp) {
      for (const slice of create) {
        try {
          await registry.create(ENDPOINT_SLICES, namespace, stored(slice, triggerTime), options);
        } catch (error) {
          if (isRace(error) && (error as { code: number }).code === 403) return;
          throw new Error(
            `failed to create EndpointSlice for Service ${namespace}/${service.metadata.name}: ${errorMessage(error)}`,
            { cause: error },
          );
        }
      }
    }
    for (const slice of update) {
      const name = slice.metadata.name ?? '';
      await registry.update(ENDPOINT_SLICES, namespace, name, stored(slice, triggerTime), options);
    }
    for (const slice of remove) {
      try {
        await registry.delete(ENDPOINT_SLICES, namespace, slice.metadata.name ?? '');
      } catch (error) {
        if (!(isRace(error) && (error as { code: number }).code === 404)) throw error;
      }
    }
  }
}

/**
 * The slice as the API server stores it: the trigger time set (or cleared), and empty endpoint
 * and port lists as `null` — they have no `omitempty`, and storage turns an empty list into nil.
 */
function stored(slice: KubeObject, triggerTime: number | undefined): KubeObject {
  const annotations: Record<string, string> = { ...slice.metadata.annotations };
  if (triggerTime !== undefined) {
    annotations[LAST_CHANGE_TRIGGER_TIME] = formatTriggerTime(triggerTime);
  } else {
    delete annotations[LAST_CHANGE_TRIGGER_TIME];
  }
  const endpoints = sliceEndpoints(slice);
  const ports = Array.isArray(slice.ports) ? slice.ports : [];
  return {
    ...slice,
    metadata: { ...slice.metadata, annotations },
    endpoints: endpoints.length > 0 ? endpoints : null,
    ports: ports.length > 0 ? ports : null,
  };
}
