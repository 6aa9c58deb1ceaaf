/**
 * Validation of the other core objects the course creates: Secret (keys, size, typed secrets),
 * ConfigMap (keys, a key in both `data` and `binaryData`, size), Namespace and ServiceAccount
 * (their names), and the immutability rules of Secret and ConfigMap updates.
 */

import type { FieldError } from '../apiserver/status.js';
import { fieldForbidden, fieldInvalid, fieldRequired, fieldTooLong, key } from './field-errors.js';
import { semanticEqual } from './go-diff.js';
import { asArray, asObject, asString, type JsonObject } from './json-access.js';
import {
  isConfigMapKey,
  nameIsDnsLabel,
  nameIsDnsSubdomain,
  validateQualifiedName,
} from './name-validation.js';
import { validateObjectMeta, validateObjectMetaUpdate } from './object-meta-validation.js';

/** `core.MaxSecretSize`: 1 MiB, for secrets and config maps alike. */
export const MAX_SECRET_SIZE = 1024 * 1024;

function decodedLength(base64: string): number {
  return Buffer.from(base64, 'base64').length;
}

function requireKey(data: JsonObject, name: string, path: string): FieldError[] {
  return data[name] === undefined ? [fieldRequired(key(path, name))] : [];
}

function jsonError(base64: string): string | undefined {
  try {
    JSON.parse(Buffer.from(base64, 'base64').toString('utf8'));
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

/** `ValidateSecret`; `stringData` must already be merged into `data` (see `defaultSecret`). */
export function validateSecret(value: unknown): FieldError[] {
  const secret = asObject(value) ?? {};
  const errors = validateObjectMeta(secret.metadata, {
    name: nameIsDnsSubdomain,
    requiresNamespace: true,
  });
  const data = asObject(secret.data) ?? {};
  let total = 0;
  for (const [k, v] of Object.entries(data)) {
    for (const msg of isConfigMapKey(k)) errors.push(fieldInvalid(key('data', k), k, msg));
    total += decodedLength(asString(v));
  }
  if (total > MAX_SECRET_SIZE) errors.push(fieldTooLong('data', MAX_SECRET_SIZE));
  switch (asString(secret.type)) {
    case 'kubernetes.io/service-account-token': {
      const annotations = asObject(asObject(secret.metadata)?.annotations) ?? {};
      if (!asString(annotations['kubernetes.io/service-account.name'])) {
        errors.push(fieldRequired('metadata.annotations[kubernetes.io/service-account.name]'));
      }
      break;
    }
    case 'kubernetes.io/dockercfg':
    case 'kubernetes.io/dockerconfigjson': {
      const name = secret.type === 'kubernetes.io/dockercfg' ? '.dockercfg' : '.dockerconfigjson';
      const missing = requireKey(data, name, 'data');
      if (missing.length) {
        errors.push(...missing);
        break;
      }
      const problem = jsonError(asString(data[name]));
      if (problem)
        errors.push(fieldInvalid(key('data', name), '<secret contents redacted>', problem));
      break;
    }
    case 'kubernetes.io/basic-auth':
      if (data.username === undefined && data.password === undefined) {
        errors.push(fieldRequired(key('data', 'username')), fieldRequired(key('data', 'password')));
      }
      break;
    case 'kubernetes.io/ssh-auth':
      if (!asString(data['ssh-privatekey']))
        errors.push(fieldRequired(key('data', 'ssh-privatekey')));
      break;
    case 'kubernetes.io/tls':
      errors.push(...requireKey(data, 'tls.crt', 'data'), ...requireKey(data, 'tls.key', 'data'));
      break;
    default:
      break;
  }
  return errors;
}

/** `ValidateConfigMap`. */
export function validateConfigMap(value: unknown): FieldError[] {
  const configMap = asObject(value) ?? {};
  const errors = validateObjectMeta(configMap.metadata, {
    name: nameIsDnsSubdomain,
    requiresNamespace: true,
  });
  const data = asObject(configMap.data) ?? {};
  const binaryData = asObject(configMap.binaryData) ?? {};
  let total = 0;
  for (const [k, v] of Object.entries(data)) {
    for (const msg of isConfigMapKey(k)) errors.push(fieldInvalid(key('data', k), k, msg));
    if (binaryData[k] !== undefined) {
      errors.push(fieldInvalid(key('data', k), k, 'duplicate of key present in binaryData'));
    }
    total += Buffer.byteLength(asString(v), 'utf8');
  }
  for (const [k, v] of Object.entries(binaryData)) {
    for (const msg of isConfigMapKey(k)) errors.push(fieldInvalid(key('binaryData', k), k, msg));
    if (data[k] !== undefined) {
      errors.push(fieldInvalid(key('binaryData', k), k, 'duplicate of key present in data'));
    }
    total += decodedLength(asString(v));
  }
  // Go reports the total at an empty path: `: Too long: must have at most 1048576 bytes`.
  if (total > MAX_SECRET_SIZE) errors.push(fieldTooLong('', MAX_SECRET_SIZE));
  return errors;
}

/** `ValidateNamespace`: a DNS label name, no namespace of its own, qualified finalizers. */
export function validateNamespace(value: unknown): FieldError[] {
  const namespace = asObject(value) ?? {};
  const errors = validateObjectMeta(namespace.metadata, {
    name: nameIsDnsLabel,
    requiresNamespace: false,
  });
  for (const finalizer of asArray(asObject(namespace.spec)?.finalizers).map(asString)) {
    const problems = validateQualifiedName(finalizer, 'spec.finalizers');
    errors.push(...problems);
    if (problems.length === 0 && !finalizer.includes('/') && finalizer !== 'kubernetes') {
      errors.push(
        fieldInvalid(
          'spec.finalizers',
          finalizer,
          'name is neither a standard finalizer name nor is it fully qualified',
        ),
      );
    }
  }
  return errors;
}

/** `ValidateServiceAccount`: the metadata, with a DNS subdomain name. */
export function validateServiceAccount(value: unknown): FieldError[] {
  const account = asObject(value) ?? {};
  return validateObjectMeta(account.metadata, {
    name: nameIsDnsSubdomain,
    requiresNamespace: true,
  });
}

const IMMUTABLE_WHEN_SET = 'field is immutable when `immutable` is set';

/** `ValidateSecretUpdate`: type never changes; an immutable secret keeps its data. */
export function validateSecretUpdate(newValue: unknown, oldValue: unknown): FieldError[] {
  const secret = asObject(newValue) ?? {};
  const old = asObject(oldValue) ?? {};
  const errors = validateObjectMetaUpdate(secret.metadata, old.metadata);
  if (asString(secret.type) !== asString(old.type)) {
    errors.push(fieldInvalid('type', asString(secret.type), 'field is immutable'));
  }
  if (old.immutable === true) {
    if (secret.immutable !== true) errors.push(fieldForbidden('immutable', IMMUTABLE_WHEN_SET));
    if (!semanticEqual(secret.data, old.data))
      errors.push(fieldForbidden('data', IMMUTABLE_WHEN_SET));
  }
  errors.push(...validateSecret(secret));
  return errors;
}

/** `ValidateConfigMapUpdate`: an immutable config map keeps `data` and `binaryData`. */
export function validateConfigMapUpdate(newValue: unknown, oldValue: unknown): FieldError[] {
  const configMap = asObject(newValue) ?? {};
  const old = asObject(oldValue) ?? {};
  const errors = validateObjectMetaUpdate(configMap.metadata, old.metadata);
  if (old.immutable === true) {
    if (configMap.immutable !== true) errors.push(fieldForbidden('immutable', IMMUTABLE_WHEN_SET));
    if (!semanticEqual(configMap.data, old.data))
      errors.push(fieldForbidden('data', IMMUTABLE_WHEN_SET));
    if (!semanticEqual(configMap.binaryData, old.binaryData)) {
      errors.push(fieldForbidden('binaryData', IMMUTABLE_WHEN_SET));
    }
  }
  errors.push(...validateConfigMap(configMap));
  return errors;
}
