/**
 * Container resources (`ValidateContainerResourceRequirements`): resource names, non-negative
 * quantities, and requests no greater than limits (`must be less than or equal to cpu limit of
 * 500m`), with quantities printed in their canonical form as Go's `Quantity.String()` does.
 */

import type { FieldError } from '../apiserver/status.js';
import { child, fieldInvalid, fieldRequired, goValue, key } from './field-errors.js';
import { asObject } from './json-access.js';
import { isQualifiedName, NEGATIVE_ERROR, validateQualifiedName } from './name-validation.js';
import { compareQuantities, formatQuantity, parseQuantity, type Quantity } from './quantity.js';

const STANDARD_RESOURCES = new Set([
  'cpu',
  'memory',
  'ephemeral-storage',
  'storage',
  'pods',
  'services',
  'replicationcontrollers',
  'resourcequotas',
  'secrets',
  'configmaps',
  'persistentvolumeclaims',
  'services.nodeports',
  'services.loadbalancers',
  'requests.cpu',
  'requests.memory',
  'requests.storage',
  'requests.ephemeral-storage',
  'limits.cpu',
  'limits.memory',
  'limits.ephemeral-storage',
]);
const CONTAINER_RESOURCES = new Set(['cpu', 'memory', 'ephemeral-storage']);
const HUGEPAGES_PREFIX = 'hugepages-';

const isHugePages = (name: string) => name.startsWith(HUGEPAGES_PREFIX);
const isNative = (name: string) => !name.includes('/') || name.includes('kubernetes.io/');

function isExtended(name: string): boolean {
  if (isNative(name) || name.startsWith('requests.')) return false;
  return isQualifiedName(`requests.${name}`).length === 0;
}

/** `validateContainerResourceName`. */
function validateResourceName(name: string, path: string): FieldError[] {
  const errors = validateQualifiedName(name, path);
  if (errors.length) return errors;
  const bare = !name.includes('/');
  if (bare && !isHugePages(name) && !STANDARD_RESOURCES.has(name)) {
    return [fieldInvalid(path, name, 'must be a standard resource type or fully qualified')];
  }
  if (bare) {
    if (!CONTAINER_RESOURCES.has(name) && !isHugePages(name)) {
      return [fieldInvalid(path, name, 'must be a standard resource for containers')];
    }
  } else if (!isNative(name) && !isExtended(name)) {
    return [fieldInvalid(path, name, "doesn't follow extended resource name standard")];
  }
  return [];
}

/** Quantities were canonicalized by decoding; an unparsable one cannot reach validation. */
function quantityOf(value: unknown): Quantity | undefined {
  try {
    return parseQuantity(String(value).trim());
  } catch {
    return undefined;
  }
}

function validateQuantityValue(name: string, quantity: Quantity, path: string): FieldError[] {
  const errors: FieldError[] = [];
  if (quantity.nanos < 0n)
    errors.push(fieldInvalid(path, formatQuantity(quantity), NEGATIVE_ERROR));
  // Extended resources count whole devices.
  if (isExtended(name) && quantity.nanos % 1_000_000_000n !== 0n) {
    errors.push(fieldInvalid(path, goValue(formatQuantity(quantity)), 'must be an integer'));
  }
  return errors;
}

const overcommitAllowed = (name: string) => isNative(name) && !isHugePages(name);

export function validateResources(value: unknown, path: string): FieldError[] {
  const resources = asObject(value);
  if (!resources) return [];
  const errors: FieldError[] = [];
  const limitsPath = child(path, 'limits');
  const requestsPath = child(path, 'requests');
  const limits = new Map<string, Quantity>();
  let cpuOrMemory = false;
  let hugePages = false;
  for (const [name, raw] of Object.entries(asObject(resources.limits) ?? {})) {
    const quantity = quantityOf(raw);
    if (!quantity) continue;
    limits.set(name, quantity);
    errors.push(...validateResourceName(name, key(limitsPath, name)));
    errors.push(...validateQuantityValue(name, quantity, key(limitsPath, name)));
    if (isHugePages(name)) hugePages = true;
    if (name === 'cpu' || name === 'memory') cpuOrMemory = true;
  }
  for (const [name, raw] of Object.entries(asObject(resources.requests) ?? {})) {
    const quantity = quantityOf(raw);
    if (!quantity) continue;
    errors.push(...validateResourceName(name, key(requestsPath, name)));
    errors.push(...validateQuantityValue(name, quantity, key(requestsPath, name)));
    const limit = limits.get(name);
    if (limit) {
      const order = compareQuantities(quantity, limit);
      if (order !== 0 && !overcommitAllowed(name)) {
        errors.push(
          fieldInvalid(
            requestsPath,
            formatQuantity(quantity),
            `must be equal to ${name} limit of ${formatQuantity(limit)}`,
          ),
        );
      } else if (order > 0) {
        errors.push(
          fieldInvalid(
            requestsPath,
            formatQuantity(quantity),
            `must be less than or equal to ${name} limit of ${formatQuantity(limit)}`,
          ),
        );
      }
    } else if (!overcommitAllowed(name)) {
      errors.push(fieldRequired(limitsPath, 'Limit must be set for non overcommitable resources'));
    }
    if (isHugePages(name)) hugePages = true;
    if (name === 'cpu' || name === 'memory') cpuOrMemory = true;
  }
  if (hugePages && !cpuOrMemory) {
    errors.push({
      field: path,
      reason: 'FieldValueForbidden',
      body: 'Forbidden: HugePages require cpu or memory',
    });
  }
  return errors;
}
