/**
 * core/v1 Services (`pkg/registry/core/service/strategy.go` and `storage/storage.go`): the
 * v1 defaults, ClusterIP/ClusterIPs kept in step, the single-stack IPv4 family fields of a kind
 * cluster, addresses and node ports allocated (`service-allocation.ts`) before validation runs,
 * an empty status on create, and allocated values carried over when an update leaves them out.
 */

import {
  asArray,
  asObject,
  asObjects,
  asString,
  ensureObject,
} from '../../admission/json-access.js';
import type { KubeObject } from '../../kube-object.js';
import { invalid } from '../status.js';
import { allocateClusterIP, allocateNodePorts } from './service-allocation.js';
import { validateService, validateServiceUpdate } from './service-validation.js';
import { baseStrategy, keepStatusOnUpdate, type Strategy } from './strategy.js';

type Json = Record<string, unknown>;

const usesNodePorts = (type: unknown) => type === 'NodePort' || type === 'LoadBalancer';

/** `SetDefaults_Service` (k8s.io/kubernetes/pkg/apis/core/v1/defaults.go). */
function defaultService(spec: Json) {
  spec.sessionAffinity ??= 'None';
  if (spec.sessionAffinity === 'None') delete spec.sessionAffinityConfig;
  if (spec.type === undefined || spec.type === '') spec.type = 'ClusterIP';
  for (const port of asObjects(spec.ports)) {
    if (port.protocol === undefined || port.protocol === '') port.protocol = 'TCP';
    if (port.targetPort === undefined || port.targetPort === 0 || port.targetPort === '') {
      port.targetPort = port.port;
    }
  }
  const externallyAccessible =
    usesNodePorts(spec.type) || (spec.type === 'ClusterIP' && asArray(spec.externalIPs).length > 0);
  if (externallyAccessible && !spec.externalTrafficPolicy) spec.externalTrafficPolicy = 'Cluster';
  if (spec.internalTrafficPolicy === undefined && spec.type !== 'ExternalName') {
    spec.internalTrafficPolicy = 'Cluster';
  }
  if (spec.type === 'LoadBalancer') spec.allocateLoadBalancerNodePorts ??= true;
}

/** `normalizeClusterIPs`: whichever of the two fields the client set decides the other. */
function normalizeClusterIPs(spec: Json, oldSpec?: Json) {
  if (spec.type === 'ExternalName') return;
  const clusterIP = asString(spec.clusterIP);
  const ips = asArray(spec.clusterIPs);
  if (oldSpec && clusterIP !== asString(oldSpec.clusterIP)) {
    // The client changed clusterIP but left clusterIPs as they were: clusterIP wins.
    if (JSON.stringify(ips) === JSON.stringify(asArray(oldSpec.clusterIPs))) {
      if (clusterIP === '') delete spec.clusterIPs;
      else spec.clusterIPs = [clusterIP];
    }
    return;
  }
  if (clusterIP !== '' && ips.length === 0) spec.clusterIPs = [clusterIP];
}

/**
 * `initIPFamilyFields` on a single-stack IPv4 cluster: SingleStack and `[IPv4]`, except that a
 * headless Service without a selector asks for RequireDualStack (and still gets only IPv4).
 */
function defaultIPFamilies(spec: Json) {
  if (spec.type === 'ExternalName') return;
  const headless = asArray(spec.clusterIPs)[0] === 'None';
  const selector = asObject(spec.selector);
  if (spec.ipFamilyPolicy === undefined) {
    spec.ipFamilyPolicy =
      headless && (!selector || Object.keys(selector).length === 0)
        ? 'RequireDualStack'
        : 'SingleStack';
  }
  if (asArray(spec.ipFamilies).length === 0) spec.ipFamilies = ['IPv4'];
}

/** ClusterIP mirrors the primary ClusterIPs entry once allocation is done. */
function syncClusterIP(spec: Json) {
  const first = asArray(spec.clusterIPs)[0];
  if (typeof first === 'string') spec.clusterIP = first;
}

/**
 * `patchAllocatedValues`: a PUT that leaves out what the server allocated (kubectl replace of
 * a file without clusterIP) keeps the old values, as long as the type still needs them.
 */
function keepAllocated(spec: Json, oldSpec: Json) {
  const needsIP = (s: Json) => s.type !== 'ExternalName';
  if (needsIP(spec) && needsIP(oldSpec)) {
    if (asString(spec.clusterIP) === '' && oldSpec.clusterIP !== undefined) {
      spec.clusterIP = oldSpec.clusterIP;
    }
    if (asArray(spec.clusterIPs).length === 0 && oldSpec.clusterIPs !== undefined) {
      spec.clusterIPs = structuredClone(oldSpec.clusterIPs);
    }
    if (spec.ipFamilies === undefined && oldSpec.ipFamilies !== undefined) {
      spec.ipFamilies = structuredClone(oldSpec.ipFamilies);
    }
    if (spec.ipFamilyPolicy === undefined && oldSpec.ipFamilyPolicy !== undefined) {
      spec.ipFamilyPolicy = oldSpec.ipFamilyPolicy;
    }
  }
  if (usesNodePorts(spec.type) && usesNodePorts(oldSpec.type)) {
    const oldPorts = asObjects(oldSpec.ports);
    for (const port of asObjects(spec.ports)) {
      if (port.nodePort !== undefined && port.nodePort !== 0) continue;
      const match = oldPorts.find((o) => o.port === port.port && o.protocol === port.protocol);
      if (match?.nodePort !== undefined) port.nodePort = match.nodePort;
    }
  }
}

/** `dropTypeDependentFields`: a type that no longer needs an address or node ports drops them. */
function dropTypeDependentFields(spec: Json, oldSpec: Json) {
  if (spec.type === 'ExternalName' && oldSpec.type !== 'ExternalName') {
    if (JSON.stringify(spec.clusterIPs) === JSON.stringify(oldSpec.clusterIPs)) {
      delete spec.clusterIP;
      delete spec.clusterIPs;
    }
    delete spec.ipFamilies;
    delete spec.ipFamilyPolicy;
    delete spec.internalTrafficPolicy;
  }
  if (!usesNodePorts(spec.type) && usesNodePorts(oldSpec.type)) {
    for (const port of asObjects(spec.ports)) delete port.nodePort;
    if (spec.externalTrafficPolicy === oldSpec.externalTrafficPolicy) {
      delete spec.externalTrafficPolicy;
    }
  }
}

function fail(service: KubeObject, errors: ReturnType<typeof allocateClusterIP>) {
  if (errors.length) throw invalid('Service', '', service.metadata.name ?? '', errors);
}

export const serviceStrategy: Strategy = {
  ...baseStrategy,
  prepareForCreate(service, { storage }) {
    const spec = ensureObject(service, 'spec');
    defaultService(spec);
    normalizeClusterIPs(spec);
    // Allocation comes before validation, as the storage's BeginCreate runs first; an object
    // that will not validate gets nothing, so validation reports what is wrong with it.
    if (validateService(service).length === 0) {
      fail(service, allocateClusterIP(service, storage));
      fail(service, allocateNodePorts(service, storage));
    }
    syncClusterIP(spec);
    defaultIPFamilies(spec);
    service.status = { loadBalancer: {} };
  },
  validateCreate: validateService,
  prepareForUpdate(service, old, { storage }) {
    const spec = ensureObject(service, 'spec');
    const oldSpec = asObject(old.spec) ?? {};
    defaultService(spec);
    normalizeClusterIPs(spec, oldSpec);
    keepAllocated(spec, oldSpec);
    dropTypeDependentFields(spec, oldSpec);
    if (validateServiceUpdate(service, old).length === 0) {
      fail(service, allocateClusterIP(service, storage, old));
      fail(service, allocateNodePorts(service, storage, old));
    }
    syncClusterIP(spec);
    defaultIPFamilies(spec);
    keepStatusOnUpdate(service, old);
  },
  validateUpdate: validateServiceUpdate,
};
