/**
 * Label selectors and affinity (`ValidateLabelSelector`, `validateAffinity`): selector
 * requirements, node selector terms and match fields, weights, pod (anti-)affinity terms.
 */

import type { FieldError } from '../apiserver/status.js';
import { child, fieldForbidden, fieldInvalid, fieldRequired, index } from './field-errors.js';
import {
  asArray,
  asNumber,
  asObject,
  asObjects,
  asString,
  type JsonObject,
} from './json-access.js';
import {
  isDns1123Label,
  isDns1123Subdomain,
  isValidLabelValue,
  validateLabels,
  validateQualifiedName,
} from './name-validation.js';

/** `ValidateLabelSelector` (`metav1.LabelSelector`). */
export function validateLabelSelector(value: unknown, path: string): FieldError[] {
  const selector = asObject(value);
  if (!selector) return [];
  const errors = validateLabels(selector.matchLabels, child(path, 'matchLabels'));
  asObjects(selector.matchExpressions).forEach((requirement, i) => {
    errors.push(
      ...validateRequirement(requirement, index(child(path, 'matchExpressions'), i), false, true),
    );
  });
  return errors;
}

/** Label selector and node selector requirements share their rules (`Gt`/`Lt` only for nodes). */
function validateRequirement(
  requirement: JsonObject,
  path: string,
  node: boolean,
  checkValues: boolean,
): FieldError[] {
  const errors: FieldError[] = [];
  const operator = asString(requirement.operator);
  const values = asArray(requirement.values).map(asString);
  const valuesPath = child(path, 'values');
  if (operator === 'In' || operator === 'NotIn') {
    if (values.length === 0) {
      errors.push(
        fieldRequired(valuesPath, "must be specified when `operator` is 'In' or 'NotIn'"),
      );
    }
  } else if (operator === 'Exists' || operator === 'DoesNotExist') {
    if (values.length > 0) {
      errors.push(
        fieldForbidden(
          valuesPath,
          "may not be specified when `operator` is 'Exists' or 'DoesNotExist'",
        ),
      );
    }
  } else if (node && (operator === 'Gt' || operator === 'Lt')) {
    if (values.length !== 1) {
      errors.push(
        fieldRequired(valuesPath, "must be specified single value when `operator` is 'Lt' or 'Gt'"),
      );
    }
  } else {
    errors.push(fieldInvalid(child(path, 'operator'), operator, 'not a valid selector operator'));
  }
  errors.push(...validateQualifiedName(asString(requirement.key), child(path, 'key')));
  if (checkValues) {
    values.forEach((v, i) => {
      for (const msg of isValidLabelValue(v))
        errors.push(fieldInvalid(index(valuesPath, i), v, msg));
    });
  }
  return errors;
}

function validateNodeSelectorTerm(
  term: JsonObject,
  path: string,
  checkValues: boolean,
): FieldError[] {
  const errors: FieldError[] = [];
  asObjects(term.matchExpressions).forEach((requirement, j) => {
    errors.push(
      ...validateRequirement(
        requirement,
        index(child(path, 'matchExpressions'), j),
        true,
        checkValues,
      ),
    );
  });
  asObjects(term.matchFields).forEach((requirement, j) => {
    const fieldPath = index(child(path, 'matchFields'), j);
    const operator = asString(requirement.operator);
    const values = asArray(requirement.values).map(asString);
    if (operator === 'In' || operator === 'NotIn') {
      if (values.length !== 1) {
        errors.push(
          fieldRequired(
            child(fieldPath, 'values'),
            "must be only one value when `operator` is 'In' or 'NotIn' for node field selector",
          ),
        );
      }
    } else {
      errors.push(
        fieldInvalid(child(fieldPath, 'operator'), operator, 'not a valid selector operator'),
      );
    }
    const key = asString(requirement.key);
    if (key !== 'metadata.name') {
      errors.push(fieldInvalid(child(fieldPath, 'key'), key, 'not a valid field selector key'));
    } else {
      values.forEach((v, i) => {
        for (const msg of isDns1123Subdomain(v))
          errors.push(fieldInvalid(index(child(fieldPath, 'values'), i), v, msg));
      });
    }
  });
  return errors;
}

function validateWeight(weight: number, path: string): FieldError[] {
  return weight <= 0 || weight > 100
    ? [fieldInvalid(path, weight, 'must be in the range 1-100')]
    : [];
}

function validatePodAffinityTerm(term: JsonObject, path: string): FieldError[] {
  const errors = validateLabelSelector(term.labelSelector, child(path, 'labelSelector'));
  for (const namespace of asArray(term.namespaces).map(asString)) {
    // Go reports every namespace at `namespace`, singular.
    for (const msg of isDns1123Label(namespace))
      errors.push(fieldInvalid(child(path, 'namespace'), namespace, msg));
  }
  const topologyKey = asString(term.topologyKey);
  if (!topologyKey) errors.push(fieldRequired(child(path, 'topologyKey'), 'can not be empty'));
  errors.push(...validateQualifiedName(topologyKey, child(path, 'topologyKey')));
  return errors;
}

function validatePodAffinity(value: unknown, path: string): FieldError[] {
  const affinity = asObject(value);
  if (!affinity) return [];
  const errors: FieldError[] = [];
  const requiredPath = child(path, 'requiredDuringSchedulingIgnoredDuringExecution');
  asObjects(affinity.requiredDuringSchedulingIgnoredDuringExecution).forEach((term, i) => {
    errors.push(...validatePodAffinityTerm(term, index(requiredPath, i)));
  });
  const preferredPath = child(path, 'preferredDuringSchedulingIgnoredDuringExecution');
  asObjects(affinity.preferredDuringSchedulingIgnoredDuringExecution).forEach((weighted, i) => {
    errors.push(
      ...validateWeight(asNumber(weighted.weight), child(index(preferredPath, i), 'weight')),
    );
    const term = asObject(weighted.podAffinityTerm) ?? {};
    errors.push(
      ...validatePodAffinityTerm(term, child(index(preferredPath, i), 'podAffinityTerm')),
    );
  });
  return errors;
}

export function validateAffinity(value: unknown, path: string): FieldError[] {
  const affinity = asObject(value);
  if (!affinity) return [];
  const errors: FieldError[] = [];
  const nodeAffinity = asObject(affinity.nodeAffinity);
  if (nodeAffinity) {
    const nodePath = child(path, 'nodeAffinity');
    const required = asObject(nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution);
    if (required) {
      const termsPath = child(
        nodePath,
        'requiredDuringSchedulingIgnoredDuringExecution',
        'nodeSelectorTerms',
      );
      const terms = asObjects(required.nodeSelectorTerms);
      if (terms.length === 0)
        errors.push(fieldRequired(termsPath, 'must have at least one node selector term'));
      terms.forEach((term, i) => {
        errors.push(...validateNodeSelectorTerm(term, index(termsPath, i), true));
      });
    }
    const preferredPath = child(nodePath, 'preferredDuringSchedulingIgnoredDuringExecution');
    asObjects(nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution).forEach(
      (preferred, i) => {
        errors.push(
          ...validateWeight(asNumber(preferred.weight), child(index(preferredPath, i), 'weight')),
        );
        const term = asObject(preferred.preference) ?? {};
        errors.push(
          ...validateNodeSelectorTerm(term, child(index(preferredPath, i), 'preference'), false),
        );
      },
    );
  }
  errors.push(...validatePodAffinity(affinity.podAffinity, child(path, 'podAffinity')));
  errors.push(...validatePodAffinity(affinity.podAntiAffinity, child(path, 'podAntiAffinity')));
  return errors;
}
