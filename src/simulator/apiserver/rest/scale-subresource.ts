/**
 * `deployments/scale` and `replicasets/scale` (`pkg/registry/apps/*\/storage ScaleREST`): an
 * autoscaling/v1 Scale read from and written into the workload's `spec.replicas`. `kubectl
 * scale` sends a merge patch here and decodes the answer as a Scale — anything else and it
 * fails with `no kind "Deployment" is registered for version "apps/v1"`.
 */

import { fieldInvalid } from '../../admission/field-errors.js';
import { NEGATIVE_ERROR } from '../../admission/name-validation.js';
import { isPlainObject, type KubeObject } from '../../kube-object.js';
import { readBody } from '../http/request-body.js';
import { sendJson } from '../http/respond.js';
import { decodeObject } from '../object-codec.js';
import { applyPatch, MERGE_PATCH, STRATEGIC_MERGE_PATCH } from '../patch/apply-patch.js';
import { groupResource } from '../registry/registry.js';
import type { ResourceInfo } from '../resources.js';
import { ApiError, conflict, invalid, methodNotSupported } from '../status.js';
import { labelSelectorString } from '../tables/selector-format.js';
import { managerFromUserAgent } from './field-manager.js';
import { decodeFields, parseFieldValidation } from './field-validation.js';
import type { SubresourceHandler } from './rest-handler.js';

/** The kind a Scale body decodes as (autoscaling/v1 is registered, not served). */
const SCALE: ResourceInfo = {
  group: 'autoscaling',
  version: 'v1',
  resource: 'scales',
  singular: 'scale',
  kind: 'Scale',
  namespaced: true,
  shortNames: [],
  categories: [],
  verbs: [],
  subresources: [],
  hasGeneration: false,
  hasStatus: false,
};

/** `scaleFromDeployment` / `scaleFromReplicaSet`. */
export function scaleOf(object: KubeObject): KubeObject {
  const meta = object.metadata;
  const spec = isPlainObject(object.spec) ? object.spec : {};
  const status = isPlainObject(object.status) ? object.status : {};
  const replicas = typeof spec.replicas === 'number' ? spec.replicas : 0;
  const selector = labelSelectorString(spec.selector) ?? '';
  return {
    kind: 'Scale',
    apiVersion: 'autoscaling/v1',
    metadata: {
      name: meta.name ?? '',
      namespace: meta.namespace ?? '',
      uid: meta.uid ?? '',
      resourceVersion: meta.resourceVersion ?? '',
      creationTimestamp: meta.creationTimestamp ?? '',
    },
    // `replicas` is omitempty in ScaleSpec, not in ScaleStatus.
    spec: replicas ? { replicas } : {},
    status: {
      replicas: typeof status.replicas === 'number' ? status.replicas : 0,
      ...(selector ? { selector } : {}),
    },
  };
}

export const scaleSubresource: SubresourceHandler = async (req, res, target, url, context) => {
  const { info, name, namespace } = target;
  const method = req.method ?? 'GET';
  const current = context.registry.get(info, namespace, name);
  if (method === 'GET') {
    sendJson(res, 200, scaleOf(current));
    return;
  }
  if (method !== 'PUT' && method !== 'PATCH') {
    throw methodNotSupported(
      { group: info.group, resource: `${info.resource}/scale` },
      method.toLowerCase(),
    );
  }
  const body = await readBody(req);
  let scale: KubeObject;
  if (method === 'PUT') {
    const decoded = decodeObject(req.headers['content-type'], body, SCALE);
    scale = decodeFields(
      SCALE,
      decoded,
      parseFieldValidation(url.searchParams.get('fieldValidation')),
    ).object;
  } else {
    // A Scale has no lists, so a strategic merge patch merges as a JSON merge patch does.
    const contentType = req.headers['content-type'] ?? '';
    const type = contentType.startsWith(STRATEGIC_MERGE_PATCH) ? MERGE_PATCH : contentType;
    scale = applyPatch(type, scaleOf(current), body, 'Scale', 'autoscaling');
  }
  const spec = isPlainObject(scale.spec) ? scale.spec : {};
  const replicas = typeof spec.replicas === 'number' ? spec.replicas : 0;
  if (replicas < 0) {
    const { status } = invalid('Scale', 'autoscaling', name, [
      fieldInvalid('spec.replicas', replicas, NEGATIVE_ERROR),
    ]);
    // `NewInvalid` names the kind with its group: `Scale.autoscaling "web" is invalid: …`.
    throw new ApiError({
      code: status.code,
      reason: 'Invalid',
      message: `Scale.autoscaling "${name}" is invalid: spec.replicas: Invalid value: ${replicas}: ${NEGATIVE_ERROR}`,
      ...(status.details ? { details: status.details } : {}),
    });
  }
  // A resourceVersion in the Scale is a precondition on the workload itself.
  const expected = scale.metadata?.resourceVersion;
  if (expected && expected !== current.metadata.resourceVersion) {
    throw conflict(
      groupResource(info),
      name,
      'the object has been modified; please apply your changes to the latest version and try again',
    );
  }
  const updated = structuredClone(current);
  updated.spec = { ...(isPlainObject(updated.spec) ? updated.spec : {}), replicas };
  const fieldManager =
    url.searchParams.get('fieldManager') || managerFromUserAgent(req.headers['user-agent'] ?? '');
  const result = await context.registry.update(info, namespace, name, updated, {
    ...(fieldManager ? { fieldManager } : {}),
    ...(url.searchParams.getAll('dryRun').includes('All') ? { dryRun: true } : {}),
    subresource: 'scale',
  });
  sendJson(res, 200, scaleOf(result));
};
