/**
 * The scheme defaults of apps/v1 Deployments and ReplicaSets (`pkg/apis/apps/v1/defaults.go`)
 * and of the PodSpec in their template (`SetDefaults_PodSpec` and below, not the pod-only
 * ones), applied in place to decoded JSON, then the strategy's dropping of disabled template
 * fields (`DropDisabledTemplateFields`). A template is defaulted as a pod spec is so that the
 * pods made from it, and the pod-template-hash computed from it, match a real cluster's.
 */

import { asObject, ensureObject, isSet, type JsonObject } from './json-access.js';
import { dropDisabledPodFields } from './pod-defaults.js';
import { defaultPodSpec } from './pod-spec-defaults.js';

export const DEFAULT_MAX_SURGE = '25%';
export const DEFAULT_MAX_UNAVAILABLE = '25%';
export const DEFAULT_REVISION_HISTORY_LIMIT = 10;
export const DEFAULT_PROGRESS_DEADLINE_SECONDS = 600;

/** The template's pod spec defaults; `oldTemplate` keeps fields an update may keep in use. */
function defaultTemplate(spec: JsonObject, oldSpec: JsonObject | undefined): void {
  const template = ensureObject(spec, 'template');
  // The template's ObjectMeta always serialises its zero `creationTimestamp` (a struct, so
  // `omitempty` keeps it): a 1.32 server shows `creationTimestamp: null` there.
  const metadata = ensureObject(template, 'metadata');
  if (metadata.creationTimestamp === undefined) metadata.creationTimestamp = null;
  const podSpec = ensureObject(template, 'spec');
  defaultPodSpec(podSpec);
  const oldPodSpec = asObject(asObject(oldSpec?.template)?.spec);
  dropDisabledPodFields(podSpec, oldPodSpec);
}

/** `SetDefaults_Deployment` and its template's defaults. */
export function defaultDeployment(deployment: JsonObject, old?: JsonObject): void {
  const spec = ensureObject(deployment, 'spec');
  if (!isSet(spec, 'replicas')) spec.replicas = 1;
  const strategy = ensureObject(spec, 'strategy');
  if (!strategy.type) strategy.type = 'RollingUpdate';
  if (strategy.type === 'RollingUpdate') {
    const rollingUpdate = ensureObject(strategy, 'rollingUpdate');
    if (!isSet(rollingUpdate, 'maxUnavailable'))
      rollingUpdate.maxUnavailable = DEFAULT_MAX_UNAVAILABLE;
    if (!isSet(rollingUpdate, 'maxSurge')) rollingUpdate.maxSurge = DEFAULT_MAX_SURGE;
  }
  if (!isSet(spec, 'revisionHistoryLimit'))
    spec.revisionHistoryLimit = DEFAULT_REVISION_HISTORY_LIMIT;
  if (!isSet(spec, 'progressDeadlineSeconds'))
    spec.progressDeadlineSeconds = DEFAULT_PROGRESS_DEADLINE_SECONDS;
  defaultTemplate(spec, asObject(old?.spec));
}

/** `SetDefaults_ReplicaSet` and its template's defaults. */
export function defaultReplicaSet(replicaSet: JsonObject, old?: JsonObject): void {
  const spec = ensureObject(replicaSet, 'spec');
  if (!isSet(spec, 'replicas')) spec.replicas = 1;
  defaultTemplate(spec, asObject(old?.spec));
}
