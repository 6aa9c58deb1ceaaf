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
  ENDPOINTS,
  ENDPOINTS_STORE,
  findPort,
  HEADLESS_LABEL,
  hostnameFor,
  isPodReady,
  isServiceIPSet,
  LAST_CHANGE_TRIGGER_TIME,
  podIPv4s,
  podNodeName,
  podReference,
  SERVICE_STORE,
  selectedPods,
  servicePorts,
  serviceSelector,
  shouldPodBeInEndpoints,
  specOf,
} from './endpoint-pods.js';
import { type AddressOnPort, type EndpointSubset, repackSubsets } from './endpoint-subsets.js';
import { QueuedController } from './queued-controller.js';
import { semanticEqual } from './semantic-equal.js';
import { ServiceWakeups } from './service-wakeups.js';
import { formatTriggerTime, TriggerTimeTracker } from './trigger-time-tracker.js';

const COMPONENT = 'endpoint-controller';
/** Endpoints used as leader-election locks belong to no Service: never deleted as leftovers. */
const LEADER_ANNOTATION = 'control-plane.alpha.kubernetes.io/leader';
/** `v1.EndpointsOverCapacity`: the controller clears it (it never stores more than 1000). */
const OVER_CAPACITY = 'endpoints.kubernetes.io/over-capacity';

/**
 * The endpoints controller (`pkg/controller/endpoint`, 1.32): for every Service with a selector,
 * an Endpoints object of the same name listing the selected pods that have an IP — Ready ones
 * in `addresses`, the others in `notReadyAddresses` (all of them ready with
 * `publishNotReadyAddresses`), each Service port resolved against the pod's container ports —
 * with the Service's labels and the last-change-trigger-time annotation. Pods being deleted are
 * dropped at once (the EndpointSlice controller keeps them as terminating). Services without a
 * selector, and ExternalName ones, are left alone: their Endpoints are the user's. When a Service
 * goes, its Endpoints go; an Endpoints object without a Service is removed when the controller
 * starts (`checkLeftoverEndpoints`).
 */
export class EndpointsController extends QueuedController {
  private readonly wakeups: ServiceWakeups;
  private readonly triggers = new TriggerTimeTracker();

  constructor(context: ControllerContext) {
    super(context);
    this.wakeups = new ServiceWakeups(context.registry.storage, (key) => this.queue.add(key));
  }

  start() {
    const storage = this.context.registry.storage;
    const from = storage.resourceVersion;
    for (const service of storage.list(SERVICE_STORE).items) this.queue.add(objectKey(service));
    for (const pod of storage.list(POD_STORE).items) this.wakeups.onPod('ADDED', pod);
    for (const endpoints of storage.list(ENDPOINTS_STORE).items) {
      if (endpoints.metadata.annotations?.[LEADER_ANNOTATION] === undefined) {
        this.queue.add(objectKey(endpoints));
      }
    }
    this.stops.push(
      watchResource(this.context, SERVICE_STORE, from, (_type, service) =>
        this.queue.add(objectKey(service)),
      ),
      watchResource(this.context, POD_STORE, from, (type, pod) => this.wakeups.onPod(type, pod)),
      // Only a deletion wakes the Service: an Endpoints object removed by hand comes back.
      watchResource(this.context, ENDPOINTS_STORE, from, (type, endpoints) => {
        if (type === 'DELETED') this.queue.add(objectKey(endpoints));
      }),
    );
  }

  /** `syncService`. */
  protected async sync(key: string) {
    const [namespace, name] = splitKey(key);
    const { registry } = this.context;
    const storage = registry.storage;
    const service = storage.get(SERVICE_STORE, namespace, name);
    if (!service) {
      this.triggers.deleteService(namespace, name);
      if (!storage.get(ENDPOINTS_STORE, namespace, name)) return;
      try {
        await registry.delete(ENDPOINTS, namespace, name);
      } catch (error) {
        if (!(isRace(error) && (error as { code: number }).code === 404)) throw error;
      }
      return;
    }
    const selector = serviceSelector(service);
    if (specOf(service).type === 'ExternalName' || !selector) return;
    const pods = selectedPods(storage.list(POD_STORE, { namespace }).items, selector);
    // Computed at every sync, so the tracker follows the pods even when nothing is written.
    const triggerTime = this.triggers.compute(service, pods);
    const subsets = endpointSubsets(service, pods);
    const current = storage.get(ENDPOINTS_STORE, namespace, name);
    if (current && upToDate(current, service, subsets)) return;
    const next = nextEndpoints(current, service, subsets, triggerTime);
    try {
      if (current) {
        await registry.update(ENDPOINTS, namespace, name, next, { fieldManager: FIELD_MANAGER });
      } else {
        await registry.create(ENDPOINTS, namespace, next, { fieldManager: FIELD_MANAGER });
      }
    } catch (error) {
      // A terminating namespace refuses new objects: nothing to do until it is gone.
      if (!current && isNamespaceTerminating(error)) return;
      const message = current
        ? `Failed to update endpoint ${namespace}/${name}: ${errorMessage(error)}`
        : `Failed to create endpoint for service ${namespace}/${name}: ${errorMessage(error)}`;
      const reason = current ? 'FailedToUpdateEndpoint' : 'FailedToCreateEndpoint';
      recordEvent(this.context, COMPONENT, next, 'Warning', reason, message);
      throw error;
    }
  }
}

/** The subsets the selected pods make, repacked into the canonical layout. */
export function endpointSubsets(
  service: KubeObject,
  pods: readonly KubeObject[],
): EndpointSubset[] {
  const spec = specOf(service);
  const publishNotReady = spec.publishNotReadyAddresses === true;
  const ports = servicePorts(service);
  const found: AddressOnPort[] = [];
  for (const pod of pods) {
    if (!shouldPodBeInEndpoints(pod, publishNotReady)) continue;
    // The Service's family is IPv4 (the simulated cluster is single-stack).
    const ip = podIPv4s(pod)[0];
    if (ip === undefined) continue;
    const hostname = hostnameFor(pod, service);
    const address = {
      ip,
      ...(hostname !== undefined ? { hostname } : {}),
      nodeName: podNodeName(pod),
      targetRef: podReference(pod),
    };
    const ready = publishNotReady || isPodReady(pod);
    if (ports.length === 0) {
      // Only a headless Service may have no ports: its addresses are listed without any.
      if (spec.clusterIP === 'None') found.push({ address, port: undefined, ready });
      continue;
    }
    for (const port of ports) {
      const number = findPort(pod, port);
      if (number === undefined) continue;
      found.push({
        address,
        port: {
          ...(port.name ? { name: port.name } : {}),
          port: number,
          protocol: port.protocol,
          ...(port.appProtocol !== undefined ? { appProtocol: port.appProtocol } : {}),
        },
        ready,
      });
    }
  }
  return repackSubsets(found);
}

/** Subsets and labels already as they should be (the headless label aside, and no over-capacity mark). */
function upToDate(current: KubeObject, service: KubeObject, subsets: EndpointSubset[]): boolean {
  const { [HEADLESS_LABEL]: _headless, ...labels } = current.metadata.labels ?? {};
  return (
    semanticEqual(current.subsets, subsets) &&
    semanticEqual(labels, service.metadata.labels ?? {}) &&
    current.metadata.annotations?.[OVER_CAPACITY] === undefined
  );
}

function nextEndpoints(
  current: KubeObject | undefined,
  service: KubeObject,
  subsets: EndpointSubset[],
  triggerTime: number | undefined,
): KubeObject {
  const next: KubeObject = current
    ? structuredClone(current)
    : {
        apiVersion: 'v1',
        kind: 'Endpoints',
        metadata: {
          name: service.metadata.name ?? '',
          namespace: service.metadata.namespace ?? '',
        },
      };
  delete next.subsets;
  if (subsets.length) next.subsets = subsets;
  const labels: Record<string, string> = { ...service.metadata.labels };
  if (isServiceIPSet(service)) delete labels[HEADLESS_LABEL];
  else labels[HEADLESS_LABEL] = '';
  next.metadata.labels = labels;
  const annotations: Record<string, string> = { ...next.metadata.annotations };
  if (triggerTime !== undefined) {
    annotations[LAST_CHANGE_TRIGGER_TIME] = formatTriggerTime(triggerTime);
  } else {
    delete annotations[LAST_CHANGE_TRIGGER_TIME];
  }
  delete annotations[OVER_CAPACITY];
  next.metadata.annotations = annotations;
  return next;
}

function isNamespaceTerminating(error: unknown): boolean {
  return isRace(error) && (error as { code: number }).code === 403;
}
