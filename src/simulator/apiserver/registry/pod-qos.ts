import { canonicalQuantity } from '../../admission/quantity.js';
import { isPlainObject, type KubeObject } from '../../kube-object.js';

type ResourceList = Record<string, unknown>;
const COMPUTE = ['cpu', 'memory'];

/**
 * `status.qosClass` as `qos.GetPodQOS` computes it: BestEffort when no container asks for
 * cpu or memory, Guaranteed when every container's requests equal its limits for both, else
 * Burstable. Set once at create, as the real pod strategy does.
 */
export function podQosClass(pod: KubeObject): 'BestEffort' | 'Burstable' | 'Guaranteed' {
  const spec = isPlainObject(pod.spec) ? pod.spec : {};
  const containers = [
    ...(Array.isArray(spec.initContainers) ? spec.initContainers : []),
    ...(Array.isArray(spec.containers) ? spec.containers : []),
  ].filter(isPlainObject);
  let anySet = false;
  let guaranteed = true;
  for (const container of containers) {
    const resources = isPlainObject(container.resources) ? container.resources : {};
    const requests = computeOnly(resources.requests);
    const limits = computeOnly(resources.limits);
    if (Object.keys(requests).length || Object.keys(limits).length) anySet = true;
    for (const name of COMPUTE) {
      const limit = limits[name];
      if (limit === undefined) {
        guaranteed = false;
        continue;
      }
      // An unset request defaults to the limit.
      const request = requests[name] ?? limit;
      if (request !== limit) guaranteed = false;
    }
  }
  if (!anySet) return 'BestEffort';
  return guaranteed ? 'Guaranteed' : 'Burstable';
}

/** cpu and memory quantities in canonical form, zero values dropped (they do not count). */
function computeOnly(list: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!isPlainObject(list)) return out;
  for (const name of COMPUTE) {
    const value = canonicalQuantity((list as ResourceList)[name]);
    if (value !== undefined && value !== '0') out[name] = value;
  }
  return out;
}
