/**
 * `POST pods/<name>/binding`, the way a scheduler assigns a pod to a node: the real
 * `BindingREST.Create` (pkg/registry/core/pod/storage/storage.go). It writes the pod straight to
 * storage, around the pod strategy (which would refuse a spec change and keep the old status):
 * `spec.nodeName`, the Binding's annotations, and `PodScheduled=True`.
 * Its quirks are kept: target validation fails as a plain aggregate error (a 500 with no
 * reason), and every refusal inside the update is a Conflict on `pods/binding`.
 */
import { isPlainObject, type KubeObject } from '../../kube-object.js';
import { ConflictError, NotFoundError } from '../../store/index.js';
import { readBody } from '../http/request-body.js';
import { sendJson } from '../http/respond.js';
import { decodeObject } from '../object-codec.js';
import { rfc3339 } from '../registry/registry.js';
import type { ResourceInfo } from '../resources.js';
import type { SubresourceHandler } from '../rest/rest-handler.js';
import { ApiError, badRequest, conflict, methodNotSupported, notFound } from '../status.js';
import { type Storage, storeErrorToApiError } from '../storage.js';

const BINDING_INFO: ResourceInfo = {
  group: '',
  version: 'v1',
  resource: 'bindings',
  singular: 'binding',
  kind: 'Binding',
  namespaced: true,
  shortNames: [],
  categories: [],
  verbs: ['create'],
  subresources: [],
  hasGeneration: false,
  hasStatus: false,
};

/** A concurrent write between read and update is retried, as `GuaranteedUpdate` does. */
const MAX_ATTEMPTS = 5;

export const podBinding: SubresourceHandler = async (req, res, target, url, context) => {
  if (req.method !== 'POST') {
    throw methodNotSupported(
      { group: '', resource: 'pods/binding' },
      (req.method ?? '').toLowerCase(),
    );
  }
  const binding = decodeObject(req.headers['content-type'], await readBody(req), BINDING_INFO);
  const meta = binding.metadata;
  if (meta.namespace && meta.namespace !== target.namespace) {
    throw badRequest(
      'the namespace of the provided object does not match the namespace sent on the request',
    );
  }
  if ((meta.name ?? '') !== target.name)
    throw badRequest('name in URL does not match name in Binding object');
  const nodeName = validateBindingTarget(binding);
  const dryRun = url.searchParams.getAll('dryRun').includes('All');
  await assignPod(
    context.registry.storage,
    target.namespace,
    target.name,
    binding,
    nodeName,
    context.now(),
    dryRun,
  );
  sendJson(res, 201, {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Success',
    code: 201,
  });
};

/**
 * `ValidatePodBinding`. Its `errs.ToAggregate()` is not an API status, so the handler reports
 * it as an unknown-reason 500 carrying the aggregate's text.
 */
export function validateBindingTarget(binding: KubeObject): string {
  const target = isPlainObject(binding.target) ? binding.target : {};
  const kind = typeof target.kind === 'string' ? target.kind : '';
  const name = typeof target.name === 'string' ? target.name : '';
  const errors: string[] = [];
  if (kind !== '' && kind !== 'Node') {
    errors.push(
      `target.kind: Unsupported value: ${JSON.stringify(kind)}: supported values: "Node", "<empty>"`,
    );
  }
  if (name === '') errors.push('target.name: Required value');
  if (errors.length > 0) {
    const message = errors.length === 1 ? (errors[0] ?? '') : `[${errors.join(', ')}]`;
    throw new ApiError({ message, code: 500 });
  }
  return name;
}

/**
 * `BindingREST.assignPod`: `setPodNodeAndMetadata` inside `GuaranteedUpdate`, with the
 * Binding's uid/resourceVersion as preconditions. It writes straight to storage, around the pod
 * strategy that would refuse a change of `spec.nodeName`. The one binding implementation: the
 * `pods/binding` handler and the simulator's scheduler (scheduler/pod-binding.ts) both call it.
 * Returns the stored pod (or, on a dry run, the pod as it would be stored).
 */
export async function assignPod(
  storage: Storage,
  namespace: string,
  name: string,
  binding: KubeObject,
  nodeName: string,
  now: Date,
  dryRun = false,
): Promise<KubeObject> {
  const key = `/registry/pods/${namespace}/${name}`;
  for (let attempt = 1; ; attempt++) {
    const current = storage.get('pods', namespace, name);
    if (!current) throw notFound({ group: '', resource: 'pods' }, name);
    checkPreconditions(binding, current, key, name);
    const pod = structuredClone(current);
    const spec = isPlainObject(pod.spec) ? pod.spec : {};
    pod.spec = spec;
    const refuse = (reason: string): never => {
      throw conflict({ group: '', resource: 'pods/binding' }, name, reason);
    };
    if (pod.metadata.deletionTimestamp)
      refuse(`pod ${name} is being deleted, cannot be assigned to a host`);
    if (typeof spec.nodeName === 'string' && spec.nodeName !== '') {
      refuse(`pod ${name} is already assigned to node ${JSON.stringify(spec.nodeName)}`);
    }
    if (Array.isArray(spec.schedulingGates) && spec.schedulingGates.length > 0) {
      refuse(`pod ${name} has non-empty .spec.schedulingGates`);
    }
    spec.nodeName = nodeName;
    const annotations = binding.metadata.annotations;
    if (isPlainObject(annotations) && Object.keys(annotations).length > 0) {
      pod.metadata.annotations = { ...(pod.metadata.annotations ?? {}), ...annotations };
    }
    markScheduled(pod, now);
    if (dryRun) return pod;
    try {
      return await storage.update('pods', pod, {
        expectedResourceVersion: current.metadata.resourceVersion,
      });
    } catch (error) {
      if (error instanceof NotFoundError) throw notFound({ group: '', resource: 'pods' }, name);
      if (!(error instanceof ConflictError) || attempt >= MAX_ATTEMPTS)
        throw storeErrorToApiError(error) ?? error;
    }
  }
}

/** `storage.Preconditions.Check`, reported through `InterpretUpdateError` as a Conflict on pods. */
function checkPreconditions(binding: KubeObject, pod: KubeObject, key: string, name: string) {
  const failed = (detail: string) =>
    conflict(
      { group: '', resource: 'pods' },
      name,
      `StorageError: invalid object, Code: 4, Key: ${key}, ResourceVersion: 0, AdditionalErrorMsg: ${detail}`,
    );
  const { uid, resourceVersion } = binding.metadata;
  if (uid && uid !== pod.metadata.uid) {
    throw failed(
      `Precondition failed: UID in precondition: ${uid}, UID in object meta: ${pod.metadata.uid ?? ''}`,
    );
  }
  if (resourceVersion && resourceVersion !== pod.metadata.resourceVersion) {
    throw failed(
      `Precondition failed: ResourceVersion in precondition: ${resourceVersion}, ResourceVersion in object meta: ${pod.metadata.resourceVersion ?? ''}`,
    );
  }
}

/** `podutil.UpdatePodCondition` with `{PodScheduled, True}`: replaces the condition, keeping its time if unchanged. */
function markScheduled(pod: KubeObject, now: Date) {
  const status = isPlainObject(pod.status) ? pod.status : {};
  pod.status = status;
  const conditions = Array.isArray(status.conditions)
    ? (status.conditions as Record<string, unknown>[])
    : [];
  const index = conditions.findIndex((c) => isPlainObject(c) && c.type === 'PodScheduled');
  const old = index >= 0 ? conditions[index] : undefined;
  const condition = {
    type: 'PodScheduled',
    status: 'True',
    lastProbeTime: null,
    lastTransitionTime:
      old?.status === 'True' && old.lastTransitionTime ? old.lastTransitionTime : rfc3339(now),
  };
  if (index >= 0) conditions[index] = condition;
  else conditions.push(condition);
  status.conditions = conditions;
}
