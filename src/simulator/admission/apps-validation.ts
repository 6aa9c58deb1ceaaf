/**
 * `ValidateDeployment`, `ValidateReplicaSet` and their update forms (`pkg/apis/apps/validation`)
 * with the registry strategies' apps/v1 rule that a selector is immutable. Runs after
 * defaulting, on decoded JSON; messages are Kubernetes' own, values printed as Go's `%#v`.
 */

import type { FieldError } from '../apiserver/status.js';
import { validateLabelSelector } from './affinity-validation.js';
import {
  child,
  fieldForbidden,
  fieldInvalid,
  fieldNotSupported,
  fieldRequired,
  goValue,
} from './field-errors.js';
import { semanticEqual } from './go-diff.js';
import { goQuote } from './go-text.js';
import { asObject, asObjects, isSet, type JsonObject } from './json-access.js';
import { compileSelector, goLabelSelector, goStringMap } from './label-selector-object.js';
import {
  NEGATIVE_ERROR,
  nameIsDnsSubdomain,
  regexError,
  validateAnnotations,
  validateLabels,
} from './name-validation.js';
import { validateObjectMeta, validateObjectMetaUpdate } from './object-meta-validation.js';
import { validatePodSpec } from './pod-validation.js';

type Kind = 'Deployment' | 'ReplicaSet';

function nonNegative(value: unknown, path: string): FieldError[] {
  return typeof value === 'number' && value < 0 ? [fieldInvalid(path, value, NEGATIVE_ERROR)] : [];
}

/** `%#v` of an `intstr.IntOrString` (a value type without its own `String`). */
function goIntOrString(value: unknown): string {
  return typeof value === 'string'
    ? `intstr.IntOrString{Type:1, IntVal:0, StrVal:${goQuote(value)}}`
    : `intstr.IntOrString{Type:0, IntVal:${typeof value === 'number' ? value : 0}, StrVal:""}`;
}

const PERCENT = /^[0-9]+%$/;

/** `getIntOrPercentValue`: a percent's number, else `IntValue()` (Atoi of a string, 0 on error). */
function intOrPercentValue(value: unknown): number {
  if (typeof value === 'number') return value;
  if (typeof value !== 'string') return 0;
  if (PERCENT.test(value)) return Number(value.slice(0, -1));
  return /^[+-]?\d+$/.test(value) ? Number(value) : 0;
}

function validatePositiveIntOrPercent(value: unknown, path: string): FieldError[] {
  if (typeof value === 'string') {
    if (PERCENT.test(value)) return [];
    const message = regexError(
      "a valid percent string must be a numeric string followed by an ending '%'",
      '[0-9]+%',
      '1%',
      '93%',
    );
    return [fieldInvalid(path, goValue(goIntOrString(value)), message)];
  }
  return nonNegative(value, path);
}

function validateRollingUpdate(rollingUpdate: JsonObject, path: string): FieldError[] {
  const unavailablePath = child(path, 'maxUnavailable');
  const errors = [
    ...validatePositiveIntOrPercent(rollingUpdate.maxUnavailable, unavailablePath),
    ...validatePositiveIntOrPercent(rollingUpdate.maxSurge, child(path, 'maxSurge')),
  ];
  const unavailable = rollingUpdate.maxUnavailable;
  if (intOrPercentValue(unavailable) === 0 && intOrPercentValue(rollingUpdate.maxSurge) === 0) {
    errors.push(
      fieldInvalid(
        unavailablePath,
        goValue(goIntOrString(unavailable)),
        'may not be 0 when `maxSurge` is 0',
      ),
    );
  }
  if (typeof unavailable === 'string' && PERCENT.test(unavailable)) {
    if (Number(unavailable.slice(0, -1)) > 100) {
      errors.push(
        fieldInvalid(
          unavailablePath,
          goValue(goIntOrString(unavailable)),
          'must not be greater than 100%',
        ),
      );
    }
  }
  return errors;
}

function goStrategy(strategy: JsonObject): string {
  const rollingUpdate = isSet(strategy, 'rollingUpdate')
    ? '(*apps.RollingUpdateDeployment)(0xc000a1c0f0)'
    : '(*apps.RollingUpdateDeployment)(nil)';
  return `apps.DeploymentStrategy{Type:${goQuote(String(strategy.type ?? ''))}, RollingUpdate:${rollingUpdate}}`;
}

/** `ValidateDeploymentStrategy`. */
function validateStrategy(strategy: JsonObject, path: string): FieldError[] {
  const type = strategy.type;
  if (type === 'Recreate') {
    return isSet(strategy, 'rollingUpdate')
      ? [
          fieldForbidden(
            child(path, 'rollingUpdate'),
            "may not be specified when strategy `type` is 'Recreate'",
          ),
        ]
      : [];
  }
  if (type === 'RollingUpdate') {
    const rollingUpdate = asObject(strategy.rollingUpdate);
    if (!rollingUpdate) {
      return [
        fieldRequired(child(path, 'rollingUpdate'), 'this should be defaulted and never be nil'),
      ];
    }
    return validateRollingUpdate(rollingUpdate, child(path, 'rollingUpdate'));
  }
  return [fieldNotSupported(path, goValue(goStrategy(strategy)), ['Recreate', 'RollingUpdate'])];
}

/** `ValidatePodTemplateSpec` (a template's labels are checked at `template.labels`, sic). */
function validatePodTemplateSpec(template: JsonObject, path: string): FieldError[] {
  const meta = asObject(template.metadata) ?? {};
  const spec = asObject(template.spec) ?? {};
  const errors = [
    ...validateLabels(meta.labels, child(path, 'labels')),
    ...validateAnnotations(meta.annotations, child(path, 'annotations')),
    ...validatePodSpec(spec, child(path, 'spec'), { resourceIsPod: false }),
  ];
  if (asObjects(spec.ephemeralContainers).length > 0) {
    errors.push(
      fieldForbidden(
        child(path, 'spec', 'ephemeralContainers'),
        'ephemeral containers not allowed in pod template',
      ),
    );
  }
  return errors;
}

/** `ValidatePodTemplateSpecForReplicaSet`: the template must carry what the selector selects. */
function validateTemplateForSelector(spec: JsonObject, path: string): FieldError[] {
  const errors: FieldError[] = [];
  const selector = compileSelector(spec.selector);
  if (!selector) {
    const shown = asObject(spec.selector) ?? {};
    return [
      fieldInvalid(
        child(path, 'selector'),
        goValue(goLabelSelector(shown)),
        'invalid label selector',
      ),
    ];
  }
  const template = asObject(spec.template) ?? {};
  const labels = asObject(asObject(template.metadata)?.labels);
  const templatePath = child(path, 'template');
  if (!selector.empty && !selector(labels as Record<string, string> | undefined)) {
    errors.push(
      fieldInvalid(
        child(templatePath, 'metadata', 'labels'),
        goValue(goStringMap(labels)),
        '`selector` does not match template `labels`',
      ),
    );
  }
  errors.push(...validatePodTemplateSpec(template, templatePath));
  const podSpec = asObject(template.spec) ?? {};
  const restartPolicy = typeof podSpec.restartPolicy === 'string' ? podSpec.restartPolicy : '';
  if (restartPolicy !== 'Always') {
    errors.push(
      fieldNotSupported(child(templatePath, 'spec', 'restartPolicy'), restartPolicy, ['Always']),
    );
  }
  if (isSet(podSpec, 'activeDeadlineSeconds')) {
    errors.push(
      fieldForbidden(
        child(templatePath, 'spec', 'activeDeadlineSeconds'),
        'activeDeadlineSeconds in ReplicaSet is not Supported',
      ),
    );
  }
  return errors;
}

/** The selector checks both specs share: required, valid, not empty. */
function validateSelector(spec: JsonObject, path: string): FieldError[] {
  const selectorPath = child(path, 'selector');
  const selector = asObject(spec.selector);
  if (!selector) return [fieldRequired(selectorPath)];
  const errors = validateLabelSelector(selector, selectorPath);
  const count =
    Object.keys(asObject(selector.matchLabels) ?? {}).length +
    asObjects(selector.matchExpressions).length;
  if (count === 0) {
    // ReplicaSets say "deployment" too: ValidateReplicaSetSpec copied the message.
    errors.push(
      fieldInvalid(
        selectorPath,
        goValue(goLabelSelector(selector)),
        'empty selector is invalid for deployment',
      ),
    );
  }
  return errors;
}

/** `ValidateDeploymentSpec`. */
function validateDeploymentSpec(spec: JsonObject, path: string): FieldError[] {
  const errors = [
    ...nonNegative(spec.replicas, child(path, 'replicas')),
    ...validateSelector(spec, path),
    ...validateTemplateForSelector(spec, path),
    ...validateStrategy(asObject(spec.strategy) ?? {}, child(path, 'strategy')),
    ...nonNegative(spec.minReadySeconds, child(path, 'minReadySeconds')),
    ...nonNegative(spec.revisionHistoryLimit, child(path, 'revisionHistoryLimit')),
  ];
  if (isSet(spec, 'progressDeadlineSeconds')) {
    const deadline = spec.progressDeadlineSeconds;
    errors.push(...nonNegative(deadline, child(path, 'progressDeadlineSeconds')));
    const minReady = typeof spec.minReadySeconds === 'number' ? spec.minReadySeconds : 0;
    if (typeof deadline === 'number' && deadline <= minReady) {
      errors.push(
        fieldInvalid(
          child(path, 'progressDeadlineSeconds'),
          deadline,
          'must be greater than minReadySeconds',
        ),
      );
    }
  }
  return errors;
}

/** `ValidateReplicaSetSpec`. */
function validateReplicaSetSpec(spec: JsonObject, path: string): FieldError[] {
  return [
    ...nonNegative(spec.replicas, child(path, 'replicas')),
    ...nonNegative(spec.minReadySeconds, child(path, 'minReadySeconds')),
    ...validateSelector(spec, path),
    ...validateTemplateForSelector(spec, path),
  ];
}

function validateSpec(kind: Kind, spec: JsonObject): FieldError[] {
  return kind === 'Deployment'
    ? validateDeploymentSpec(spec, 'spec')
    : validateReplicaSetSpec(spec, 'spec');
}

/** `ValidateDeployment` / `ValidateReplicaSet`: metadata (DNS subdomain names), then the spec. */
export function validateAppsObject(kind: Kind, value: unknown): FieldError[] {
  const object = asObject(value) ?? {};
  return [
    ...validateObjectMeta(object.metadata, { name: nameIsDnsSubdomain, requiresNamespace: true }),
    ...validateSpec(kind, asObject(object.spec) ?? {}),
  ];
}

/** The update forms, plus apps/v1's `spec.selector: ... field is immutable`. */
export function validateAppsObjectUpdate(
  kind: Kind,
  value: unknown,
  oldValue: unknown,
): FieldError[] {
  const object = asObject(value) ?? {};
  const old = asObject(oldValue) ?? {};
  const spec = asObject(object.spec) ?? {};
  const errors = [
    ...validateObjectMetaUpdate(object.metadata, old.metadata),
    ...validateSpec(kind, spec),
  ];
  const selector = spec.selector;
  if (!semanticEqual(selector, asObject(old.spec)?.selector)) {
    const shown = asObject(selector);
    errors.push(
      fieldInvalid(
        child('spec', 'selector'),
        shown ? goValue(goLabelSelector(shown)) : null,
        'field is immutable',
      ),
    );
  }
  return errors;
}
