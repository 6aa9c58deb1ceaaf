/**
 * apps/v1 Deployments and ReplicaSets (`pkg/registry/apps/{deployment,replicaset}/strategy.go`):
 * defaults on every write, a status that starts empty and that only the status subresource
 * writes, and a status subresource that may change annotations (the deployment controller
 * records the revision there) but never the spec.
 */

import { defaultDeployment, defaultReplicaSet } from '../../admission/apps-defaults.js';
import { validateAppsObject, validateAppsObjectUpdate } from '../../admission/apps-validation.js';
import { semanticEqual } from '../../admission/go-diff.js';
import type { KubeObject } from '../../kube-object.js';
import type { ResourceInfo } from '../resources.js';
import { baseStrategy, keepStatusOnUpdate, type Strategy } from './strategy.js';

/** `deploymentStatusStrategy` / `rsStatusStrategy`: the stored spec (and labels) stay. */
function keepSpec(keepLabels: boolean) {
  return (object: KubeObject, old: KubeObject) => {
    object.spec = structuredClone(old.spec);
    if (keepLabels) {
      if (old.metadata.labels) object.metadata.labels = structuredClone(old.metadata.labels);
      else delete object.metadata.labels;
    }
  };
}

export const deploymentStrategy: Strategy = {
  ...baseStrategy,
  prepareForCreate(deployment) {
    defaultDeployment(deployment);
    deployment.status = {};
  },
  validateCreate: (deployment) => validateAppsObject('Deployment', deployment),
  prepareForUpdate(deployment, old) {
    defaultDeployment(deployment, old);
    keepStatusOnUpdate(deployment, old);
  },
  validateUpdate: (deployment, old) => validateAppsObjectUpdate('Deployment', deployment, old),
  prepareForStatusUpdate: keepSpec(true),
  // Annotations are copied to the ReplicaSets, so changing them is a change to roll out.
  generationChanged: (deployment, old) =>
    !semanticEqual(deployment.spec, old.spec) ||
    !semanticEqual(deployment.metadata.annotations, old.metadata.annotations),
};

export const replicaSetStrategy: Strategy = {
  ...baseStrategy,
  prepareForCreate(replicaSet) {
    defaultReplicaSet(replicaSet);
    // `replicas` has no omitempty: an empty ReplicaSetStatus still serialises it.
    replicaSet.status = { replicas: 0 };
  },
  validateCreate: (replicaSet) => validateAppsObject('ReplicaSet', replicaSet),
  prepareForUpdate(replicaSet, old) {
    defaultReplicaSet(replicaSet, old);
    keepStatusOnUpdate(replicaSet, old);
  },
  validateUpdate: (replicaSet, old) => validateAppsObjectUpdate('ReplicaSet', replicaSet, old),
  prepareForStatusUpdate: keepSpec(false),
};

export function appsStrategy(info: ResourceInfo): Strategy | undefined {
  if (info.resource === 'deployments') return deploymentStrategy;
  if (info.resource === 'replicasets') return replicaSetStrategy;
  return undefined;
}
