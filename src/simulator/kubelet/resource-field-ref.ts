/**
 * `resourceFieldRef` values, for env and downwardAPI volumes alike (pkg/api/v1/resource
 * ExtractContainerResourceValue after the kubelet's defaultPodLimitsForDownwardAPI): the
 * container's own request or limit, divided by `divisor` (default 1) and rounded up — cpu in
 * millicores, memory and ephemeral storage in bytes. A limit the container does not set is the
 * node's allocatable amount; a request it does not set is 0.
 */
import { parseQuantity, QuantityError } from '../admission/quantity.js';
import { NODE_CAPACITY } from '../cluster-shape.js';
import type { KubeObject } from '../kube-object.js';

type Json = Record<string, unknown>;
const asRecord = (value: unknown): Json =>
  value && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : {};
const asList = (value: unknown): Json[] => (Array.isArray(value) ? value.map(asRecord) : []);
const str = (value: unknown): string => (typeof value === 'string' ? value : '');

/** The simulated nodes' allocatable resources (kind reserves nothing: capacity). */
const NODE_ALLOCATABLE: Readonly<Record<string, string>> = {
  cpu: NODE_CAPACITY.cpu,
  memory: NODE_CAPACITY.memory,
  'ephemeral-storage': NODE_CAPACITY['ephemeral-storage'],
};

/** A quantity's nano-units, or undefined when absent or unparsable. */
function nanosOf(value: unknown): bigint | undefined {
  if (typeof value !== 'string' && typeof value !== 'number') return undefined;
  try {
    return parseQuantity(String(value)).nanos;
  } catch (error) {
    if (error instanceof QuantityError) return undefined;
    throw error;
  }
}

/** Go's `MilliValue()` / `Value()`: rounded up to whole milli-units or units. */
const ceilDiv = (value: bigint, unit: bigint) =>
  value >= 0n ? (value + unit - 1n) / unit : value / unit;

/**
 * The value of `ref` for `container` of `pod` (the env's own container when `ref` names none).
 * Undefined for a resource this simulator does not know.
 */
export function resourceFieldValue(
  pod: KubeObject,
  ref: Json,
  ownContainer?: Json,
): string | undefined {
  const name = str(ref.containerName);
  const spec = asRecord(pod.spec);
  const container = name
    ? [...asList(spec.containers), ...asList(spec.initContainers)].find((c) => c.name === name)
    : ownContainer;
  const [kind, resourceName] = str(ref.resource).split('.', 2) as [string, string | undefined];
  if (!container || (kind !== 'limits' && kind !== 'requests') || !resourceName) return undefined;
  if (!(resourceName in NODE_ALLOCATABLE)) return undefined;
  const resources = asRecord(container.resources);
  const set = nanosOf(asRecord(resources[kind])[resourceName]);
  const amount = set ?? (kind === 'limits' ? (nanosOf(NODE_ALLOCATABLE[resourceName]) ?? 0n) : 0n);
  const divisorNanos = nanosOf(ref.divisor);
  const divisor = divisorNanos === undefined || divisorNanos === 0n ? 1_000_000_000n : divisorNanos;
  // cpu counts milli-units, everything else whole units; then float division and ceil, as Go does.
  const unit = resourceName === 'cpu' ? 1_000_000n : 1_000_000_000n;
  const value = Number(ceilDiv(amount, unit));
  const per = Number(ceilDiv(divisor, unit));
  return String(Math.ceil(value / per));
}
