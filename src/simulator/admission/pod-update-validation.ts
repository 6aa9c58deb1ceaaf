/**
 * `ValidatePodUpdate`: a running pod's spec is immutable except container images,
 * `activeDeadlineSeconds` (set or shortened), added tolerations, a negative grace period set to
 * 1, and removed scheduling gates. Everything else is one Forbidden error whose first line is
 * fixed text, followed by a diff.
 */

import type { FieldError } from '../apiserver/status.js';
import { fieldForbidden, fieldInvalid, fieldRequired, index } from './field-errors.js';
import { podSpecDiff, podSpecsEqual, semanticEqual } from './go-diff.js';
import {
  asArray,
  asNumber,
  asObject,
  asObjects,
  asString,
  isSet,
  type JsonObject,
} from './json-access.js';
import { inclusiveRangeError } from './name-validation.js';
import { validateObjectMetaUpdate } from './object-meta-validation.js';
import { validatePodMetadataAndSpec } from './pod-validation.js';
import { validateTolerations } from './scheduling-validation.js';

const UPDATABLE_FIELDS = [
  '`spec.containers[*].image`',
  '`spec.initContainers[*].image`',
  '`spec.activeDeadlineSeconds`',
  '`spec.tolerations` (only additions to existing tolerations)',
  '`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)',
];

/** The fixed first line of the immutability error (items joined with `,`, no space). */
export const POD_UPDATE_FORBIDDEN = `pod updates may not change fields other than ${UPDATABLE_FIELDS.join(',')}`;

const MAX_INT32 = 2147483647;

/** `ValidateContainerUpdates`; `stop` when the number of containers changed. */
function validateContainerUpdates(
  next: JsonObject[],
  previous: JsonObject[],
  path: string,
): { errors: FieldError[]; stop: boolean } {
  if (next.length !== previous.length) {
    return {
      errors: [fieldForbidden(path, 'pod updates may not add or remove containers')],
      stop: true,
    };
  }
  const errors: FieldError[] = [];
  next.forEach((container, i) => {
    const image = asString(container.image);
    if (!image) errors.push(fieldRequired(`${index(path, i)}.image`));
    if (image.trim() !== image) {
      errors.push(
        fieldInvalid(
          `${index(path, i)}.image`,
          image,
          'must not have leading or trailing whitespace',
        ),
      );
    }
  });
  return { errors, stop: false };
}

function validateActiveDeadline(
  spec: JsonObject,
  old: JsonObject,
): { errors: FieldError[]; stop: boolean } {
  const path = 'spec.activeDeadlineSeconds';
  if (isSet(spec, 'activeDeadlineSeconds')) {
    const next = asNumber(spec.activeDeadlineSeconds);
    if (next < 0 || next > MAX_INT32) {
      return { errors: [fieldInvalid(path, next, inclusiveRangeError(0, MAX_INT32))], stop: true };
    }
    if (isSet(old, 'activeDeadlineSeconds') && asNumber(old.activeDeadlineSeconds) < next) {
      return {
        errors: [fieldInvalid(path, next, 'must be less than or equal to previous value')],
        stop: true,
      };
    }
  } else if (isSet(old, 'activeDeadlineSeconds')) {
    return {
      errors: [fieldInvalid(path, null, 'must not update from a positive integer to nil value')],
      stop: false,
    };
  }
  return { errors: [], stop: false };
}

/** Existing tolerations may only change their `tolerationSeconds`; new ones may be added. */
function validateOnlyAddedTolerations(next: JsonObject[], previous: JsonObject[]): FieldError[] {
  const path = 'spec.tolerations';
  for (const old of previous) {
    const found = next.some((toleration) =>
      semanticEqual({ ...old, tolerationSeconds: toleration.tolerationSeconds }, toleration),
    );
    if (!found)
      return [
        fieldForbidden(
          path,
          'existing toleration can not be modified except its tolerationSeconds',
        ),
      ];
  }
  return validateTolerations(next, path);
}

function validateOnlyDeletedSchedulingGates(
  next: JsonObject[],
  previous: JsonObject[],
): FieldError[] {
  const known = new Set(previous.map((gate) => asString(gate.name)));
  const errors: FieldError[] = [];
  next.forEach((gate, i) => {
    const name = asString(gate.name);
    if (!known.has(name)) {
      errors.push(
        fieldForbidden(
          `spec.schedulingGates[${i}].name`,
          `only deletion is allowed, but found new scheduling gate '${name}'`,
        ),
      );
    }
  });
  return errors;
}

/** The new spec with every field an update may change set back to the old value. */
function mungedSpec(spec: JsonObject, old: JsonObject): JsonObject {
  const munged: JsonObject = structuredClone(spec);
  const oldContainers = asObjects(old.containers);
  const oldInit = asObjects(old.initContainers);
  munged.containers = asObjects(munged.containers).map((c, i) => ({
    ...c,
    image: oldContainers[i]?.image,
  }));
  if (isSet(munged, 'initContainers')) {
    munged.initContainers = asObjects(munged.initContainers).map((c, i) => ({
      ...c,
      image: oldInit[i]?.image,
    }));
  }
  for (const field of ['activeDeadlineSeconds', 'schedulingGates', 'tolerations']) {
    if (old[field] === undefined) delete munged[field];
    else munged[field] = old[field];
  }
  const oldGrace = old.terminationGracePeriodSeconds;
  if (typeof oldGrace === 'number' && oldGrace < 0 && munged.terminationGracePeriodSeconds === 1) {
    munged.terminationGracePeriodSeconds = oldGrace;
  }
  // A pod still held by scheduling gates may gain nodeSelector entries.
  if (asArray(old.schedulingGates).length > 0) {
    const oldSelector = asObject(old.nodeSelector) ?? {};
    const newSelector = asObject(munged.nodeSelector) ?? {};
    const onlyAdditions = Object.entries(oldSelector).every(([k, v]) => newSelector[k] === v);
    if (onlyAdditions) {
      if (old.nodeSelector === undefined) delete munged.nodeSelector;
      else munged.nodeSelector = old.nodeSelector;
    }
  }
  return munged;
}

/** `ValidatePodUpdate` (after the registry restored server-owned metadata and status). */
export function validatePodUpdate(newPod: unknown, oldPod: unknown): FieldError[] {
  const pod = asObject(newPod) ?? {};
  const old = asObject(oldPod) ?? {};
  const spec = asObject(pod.spec) ?? {};
  const oldSpec = asObject(old.spec) ?? {};
  const errors = validateObjectMetaUpdate(pod.metadata, old.metadata);
  errors.push(...validatePodMetadataAndSpec(pod));
  const oldAnnotations = asObject(asObject(old.metadata)?.annotations) ?? {};
  const newAnnotations = asObject(asObject(pod.metadata)?.annotations) ?? {};
  const mirror = 'kubernetes.io/config.mirror';
  if (oldAnnotations[mirror] !== undefined && newAnnotations[mirror] !== oldAnnotations[mirror]) {
    errors.push(
      fieldForbidden(
        `metadata.annotations[${mirror}]`,
        'may not remove or update mirror pod annotation',
      ),
    );
  }
  if (oldAnnotations[mirror] === undefined && newAnnotations[mirror] !== undefined) {
    errors.push(
      fieldForbidden(`metadata.annotations[${mirror}]`, 'may not add mirror pod annotation'),
    );
  }
  for (const field of ['containers', 'initContainers']) {
    const result = validateContainerUpdates(
      asObjects(spec[field]),
      asObjects(oldSpec[field]),
      `spec.${field}`,
    );
    errors.push(...result.errors);
    if (result.stop) return errors;
  }
  const deadline = validateActiveDeadline(spec, oldSpec);
  errors.push(...deadline.errors);
  if (deadline.stop) return errors;
  errors.push(
    ...validateOnlyAddedTolerations(asObjects(spec.tolerations), asObjects(oldSpec.tolerations)),
  );
  errors.push(
    ...validateOnlyDeletedSchedulingGates(
      asObjects(spec.schedulingGates),
      asObjects(oldSpec.schedulingGates),
    ),
  );
  // Compared as the internal types: no `serviceAccount` alias (conversion derives it from
  // `serviceAccountName`, it is never compared), and strings left out are "".
  if (podSpecsEqual(spec, oldSpec)) return errors;
  const munged = mungedSpec(spec, oldSpec);
  if (!podSpecsEqual(munged, oldSpec)) {
    errors.push(fieldForbidden('spec', `${POD_UPDATE_FORBIDDEN}\n${podSpecDiff(oldSpec, munged)}`));
  }
  return errors;
}
