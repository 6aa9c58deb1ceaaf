/**
 * Memory limits as the kubelet writes them into cgroups (cgroup v2, as kind nodes run it):
 * `memory.max` of a container is its `resources.limits.memory`; the pod's cgroup gets the sum
 * of its app containers' limits, or an init container's if that is larger — but only when every
 * container has one (a Burstable pod with an unlimited container has no pod-level limit).
 */
import { parseQuantity, QuantityError } from '../admission/quantity.js';
import type { KubeObject } from '../kube-object.js';

type Json = Record<string, unknown>;
const asRecord = (value: unknown): Json =>
  value && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : {};
const asList = (value: unknown): Json[] => (Array.isArray(value) ? value.map(asRecord) : []);

/** `resources.limits.memory` in bytes; undefined without a limit. */
export function memoryLimitBytes(container: Json): number | undefined {
  const limit = asRecord(asRecord(container.resources).limits).memory;
  if (typeof limit !== 'string' && typeof limit !== 'number') return undefined;
  try {
    const bytes = Number(parseQuantity(String(limit)).nanos / 1_000_000_000n);
    return bytes > 0 ? bytes : undefined;
  } catch (error) {
    if (error instanceof QuantityError) return undefined;
    throw error;
  }
}

/** The pod cgroup's `memory.max`; undefined when some container is unlimited. */
export function podMemoryLimitBytes(pod: KubeObject): number | undefined {
  const spec = asRecord(pod.spec);
  const inits = asList(spec.initContainers);
  const apps = asList(spec.containers);
  // Sidecars run beside the app containers: they count in the sum.
  const sidecars = inits.filter((c) => c.restartPolicy === 'Always');
  const plainInits = inits.filter((c) => c.restartPolicy !== 'Always');
  const limits = [...apps, ...sidecars].map(memoryLimitBytes);
  const initLimits = plainInits.map(memoryLimitBytes);
  if ([...limits, ...initLimits].some((limit) => limit === undefined)) return undefined;
  const sum = (limits as number[]).reduce((total, limit) => total + limit, 0);
  return Math.max(sum, ...(initLimits as number[]));
}
