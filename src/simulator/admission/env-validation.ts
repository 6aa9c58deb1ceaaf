/**
 * Container environment: `env` (names, `valueFrom` sources and the downward API field paths)
 * and `envFrom`, as `ValidateEnv` and `ValidateEnvFrom` check them in 1.32.
 */

import type { FieldError } from '../apiserver/status.js';
import { child, fieldInvalid, fieldNotSupported, fieldRequired, index } from './field-errors.js';
import { asObject, asObjects, asString, type JsonObject } from './json-access.js';
import {
  isConfigMapKey,
  isRelaxedEnvVarName,
  nameIsDnsSubdomain,
  validateQualifiedName,
} from './name-validation.js';
import { formatQuantity, parseQuantity } from './quantity.js';

const ENV_FIELD_PATHS = [
  'metadata.name',
  'metadata.namespace',
  'metadata.uid',
  'spec.nodeName',
  'spec.serviceAccountName',
  'status.hostIP',
  'status.hostIPs',
  'status.podIP',
  'status.podIPs',
];
export const VOLUME_FIELD_PATHS = [
  'metadata.annotations',
  'metadata.labels',
  'metadata.name',
  'metadata.namespace',
  'metadata.uid',
];
/** Every label `ConvertDownwardAPIFieldLabel` knows for pods (`spec.host` is the old nodeName). */
const CONVERTIBLE_FIELD_LABELS = new Set([
  'metadata.annotations',
  'metadata.labels',
  'metadata.name',
  'metadata.namespace',
  'metadata.uid',
  'spec.nodeName',
  'spec.restartPolicy',
  'spec.serviceAccountName',
  'spec.schedulerName',
  'status.phase',
  'status.hostIP',
  'status.hostIPs',
  'status.podIP',
  'status.podIPs',
  'spec.host',
]);
export const RESOURCE_FIELD_PATHS = [
  'limits.cpu',
  'limits.ephemeral-storage',
  'limits.memory',
  'requests.cpu',
  'requests.ephemeral-storage',
  'requests.memory',
];
const HUGEPAGES_PREFIXES = ['limits.hugepages-', 'requests.hugepages-'];
const CPU_DIVISORS = new Set(['1m', '1']);
const BYTE_DIVISORS = new Set([
  '1',
  '1k',
  '1M',
  '1G',
  '1T',
  '1P',
  '1E',
  '1Ki',
  '1Mi',
  '1Gi',
  '1Ti',
  '1Pi',
  '1Ei',
]);
const BYTE_DIVISOR_LIST = '1, 1k, 1M, 1G, 1T, 1P, 1E, 1Ki, 1Mi, 1Gi, 1Ti, 1Pi, 1Ei';

/** `fieldpath.SplitMaybeSubscriptedPath`: `metadata.labels['app']` → path and subscript. */
function splitSubscript(fieldPath: string): [string, string] | undefined {
  if (!fieldPath.endsWith("']")) return undefined;
  const inner = fieldPath.slice(0, -2);
  const at = inner.indexOf("['");
  if (at <= 0) return undefined;
  return [inner.slice(0, at), inner.slice(at + 2)];
}

/** `validateObjectFieldSelector`. */
export function validateFieldRef(
  fieldRef: JsonObject,
  allowed: string[],
  path: string,
): FieldError[] {
  const apiVersion = asString(fieldRef.apiVersion);
  const fieldPath = asString(fieldRef.fieldPath);
  if (!apiVersion) return [fieldRequired(child(path, 'apiVersion'))];
  if (!fieldPath) return [fieldRequired(child(path, 'fieldPath'))];
  const subscripted = splitSubscript(fieldPath);
  let conversionError: string | undefined;
  if (apiVersion !== 'v1') conversionError = `unsupported pod version: ${apiVersion}`;
  else if (subscripted) {
    if (subscripted[0] !== 'metadata.annotations' && subscripted[0] !== 'metadata.labels') {
      conversionError = `field label does not support subscript: ${fieldPath}`;
    }
  } else if (!CONVERTIBLE_FIELD_LABELS.has(fieldPath)) {
    conversionError = `field label not supported: ${fieldPath}`;
  }
  if (conversionError) {
    return [
      fieldInvalid(
        child(path, 'fieldPath'),
        fieldPath,
        `error converting fieldPath: ${conversionError}`,
      ),
    ];
  }
  if (subscripted) {
    const [base, subscript] = subscripted;
    return validateQualifiedName(
      base === 'metadata.annotations' ? subscript.toLowerCase() : subscript,
      path,
    );
  }
  const internal = fieldPath === 'spec.host' ? 'spec.nodeName' : fieldPath;
  if (!allowed.includes(internal))
    return [fieldNotSupported(child(path, 'fieldPath'), internal, allowed)];
  return [];
}

function validateDivisor(resource: string, divisor: unknown, path: string): FieldError[] {
  if (divisor === undefined || divisor === null) return [];
  let text: string;
  try {
    const quantity = parseQuantity(String(divisor).trim());
    if (quantity.nanos === 0n) return [];
    text = formatQuantity(quantity);
  } catch {
    return [];
  }
  const divisorPath = child(path, 'divisor');
  const bad = (what: string, list: string) =>
    fieldInvalid(
      divisorPath,
      resource,
      `only divisor's values ${list} are supported with the ${what}`,
    );
  const errors: FieldError[] = [];
  if ((resource === 'limits.cpu' || resource === 'requests.cpu') && !CPU_DIVISORS.has(text)) {
    errors.push(
      fieldInvalid(
        divisorPath,
        resource,
        "only divisor's values 1m and 1 are supported with the cpu resource",
      ),
    );
  }
  if (
    (resource === 'limits.memory' || resource === 'requests.memory') &&
    !BYTE_DIVISORS.has(text)
  ) {
    errors.push(bad('memory resource', BYTE_DIVISOR_LIST));
  }
  if (
    resource.endsWith('.ephemeral-storage') &&
    resource.split('.').length === 2 &&
    !BYTE_DIVISORS.has(text)
  ) {
    errors.push(bad('local ephemeral storage resource', BYTE_DIVISOR_LIST));
  }
  if (HUGEPAGES_PREFIXES.some((p) => resource.startsWith(p)) && !BYTE_DIVISORS.has(text)) {
    errors.push(bad('hugepages resource', BYTE_DIVISOR_LIST));
  }
  return errors;
}

/** `validateContainerResourceFieldSelector`; `volume` items must also name their container. */
export function validateResourceFieldRef(
  ref: JsonObject,
  path: string,
  volume: boolean,
): FieldError[] {
  const resource = asString(ref.resource);
  const errors: FieldError[] = [];
  if (volume && !asString(ref.containerName))
    errors.push(fieldRequired(child(path, 'containerName')));
  else if (!resource) errors.push(fieldRequired(child(path, 'resource')));
  else if (
    !RESOURCE_FIELD_PATHS.includes(resource) &&
    !HUGEPAGES_PREFIXES.some((p) => resource.startsWith(p))
  ) {
    errors.push(fieldNotSupported(child(path, 'resource'), resource, RESOURCE_FIELD_PATHS));
  }
  errors.push(...validateDivisor(resource, ref.divisor, path));
  return errors;
}

function validateKeySelector(selector: JsonObject, path: string): FieldError[] {
  const errors: FieldError[] = [];
  const name = asString(selector.name);
  for (const msg of nameIsDnsSubdomain(name, false))
    errors.push(fieldInvalid(child(path, 'name'), name, msg));
  const key = asString(selector.key);
  if (!key) errors.push(fieldRequired(child(path, 'key')));
  else
    for (const msg of isConfigMapKey(key)) errors.push(fieldInvalid(child(path, 'key'), key, msg));
  return errors;
}

function validateValueFrom(env: JsonObject, path: string): FieldError[] {
  const valueFrom = asObject(env.valueFrom);
  if (!valueFrom) return [];
  const errors: FieldError[] = [];
  let sources = 0;
  const fieldRef = asObject(valueFrom.fieldRef);
  if (fieldRef) {
    sources++;
    errors.push(...validateFieldRef(fieldRef, ENV_FIELD_PATHS, child(path, 'fieldRef')));
  }
  const resourceFieldRef = asObject(valueFrom.resourceFieldRef);
  if (resourceFieldRef) {
    sources++;
    errors.push(
      ...validateResourceFieldRef(resourceFieldRef, child(path, 'resourceFieldRef'), false),
    );
  }
  for (const field of ['configMapKeyRef', 'secretKeyRef']) {
    const selector = asObject(valueFrom[field]);
    if (selector) {
      sources++;
      errors.push(...validateKeySelector(selector, child(path, field)));
    }
  }
  if (sources === 0) {
    errors.push(
      fieldInvalid(
        path,
        '',
        'must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`',
      ),
    );
  } else if (asString(env.value)) {
    errors.push(fieldInvalid(path, '', 'may not be specified when `value` is not empty'));
  } else if (sources > 1) {
    errors.push(fieldInvalid(path, '', 'may not have more than one field specified at a time'));
  }
  return errors;
}

export function validateEnv(env: unknown, path: string): FieldError[] {
  const errors: FieldError[] = [];
  asObjects(env).forEach((variable, i) => {
    const itemPath = index(path, i);
    const name = asString(variable.name);
    if (!name) errors.push(fieldRequired(child(itemPath, 'name')));
    else
      for (const msg of isRelaxedEnvVarName(name))
        errors.push(fieldInvalid(child(itemPath, 'name'), name, msg));
    errors.push(...validateValueFrom(variable, child(itemPath, 'valueFrom')));
  });
  return errors;
}

export function validateEnvFrom(envFrom: unknown, path: string): FieldError[] {
  const errors: FieldError[] = [];
  asObjects(envFrom).forEach((source, i) => {
    const itemPath = index(path, i);
    const prefix = asString(source.prefix);
    if (prefix) {
      for (const msg of isRelaxedEnvVarName(prefix))
        errors.push(fieldInvalid(child(itemPath, 'prefix'), prefix, msg));
    }
    let sources = 0;
    for (const field of ['configMapRef', 'secretRef']) {
      const ref = asObject(source[field]);
      if (!ref) continue;
      sources++;
      const name = asString(ref.name);
      const namePath = child(itemPath, field, 'name');
      if (!name) errors.push(fieldRequired(namePath));
      else
        for (const msg of nameIsDnsSubdomain(name, true))
          errors.push(fieldInvalid(namePath, name, msg));
    }
    // Go reports these at the list's path, not the item's.
    if (sources === 0)
      errors.push(fieldInvalid(path, '', 'must specify one of: `configMapRef` or `secretRef`'));
    else if (sources > 1)
      errors.push(fieldInvalid(path, '', 'may not have more than one field specified at a time'));
  });
  return errors;
}
