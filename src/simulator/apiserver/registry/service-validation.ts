/**
 * `ValidateService` / `ValidateServiceUpdate` (pkg/apis/core/validation), the parts a learner's
 * Service meets: a DNS-1035 name, ports (number, name, protocol, targetPort), the type, the
 * selector, ExternalName, the shape of a chosen ClusterIP, and a ClusterIP that never changes.
 */

import {
  child,
  fieldDuplicate,
  fieldInvalid,
  fieldNotSupported,
  fieldRequired,
  goValue,
  index,
} from '../../admission/field-errors.js';
import { asArray, asObject, asObjects, asString } from '../../admission/json-access.js';
import {
  isDns1123Label,
  isValidPortName,
  isValidPortNum,
  nameIsDns1035Label,
  validateLabels,
} from '../../admission/name-validation.js';
import {
  goStringSlice,
  validateObjectMeta,
  validateObjectMetaUpdate,
} from '../../admission/object-meta-validation.js';
import type { KubeObject } from '../../kube-object.js';
import type { FieldError } from '../status.js';
import { isIPv4 } from './service-allocation.js';

const TYPES = ['ClusterIP', 'ExternalName', 'LoadBalancer', 'NodePort'];
const PROTOCOLS = ['SCTP', 'TCP', 'UDP'];
const AFFINITIES = ['ClientIP', 'None'];

function validatePorts(spec: Record<string, unknown>): FieldError[] {
  const errors: FieldError[] = [];
  const ports = asObjects(spec.ports);
  const names = new Set<string>();
  ports.forEach((port, i) => {
    const path = index('spec.ports', i);
    const name = asString(port.name);
    if (ports.length > 1 && name === '') errors.push(fieldRequired(child(path, 'name')));
    if (name !== '') {
      for (const msg of isDns1123Label(name))
        errors.push(fieldInvalid(child(path, 'name'), name, msg));
      if (names.has(name)) errors.push(fieldDuplicate(child(path, 'name'), name));
      names.add(name);
    }
    const number = typeof port.port === 'number' ? port.port : 0;
    for (const msg of isValidPortNum(number))
      errors.push(fieldInvalid(child(path, 'port'), number, msg));
    const protocol = asString(port.protocol);
    if (protocol === '') errors.push(fieldRequired(child(path, 'protocol')));
    else if (!PROTOCOLS.includes(protocol)) {
      errors.push(fieldNotSupported(child(path, 'protocol'), protocol, PROTOCOLS));
    }
    const target = port.targetPort;
    if (typeof target === 'number') {
      for (const msg of isValidPortNum(target)) {
        errors.push(fieldInvalid(child(path, 'targetPort'), target, msg));
      }
    } else if (typeof target === 'string') {
      for (const msg of isValidPortName(target)) {
        errors.push(fieldInvalid(child(path, 'targetPort'), target, msg));
      }
    }
  });
  return errors;
}

function validateClusterIPs(spec: Record<string, unknown>, type: string): FieldError[] {
  const errors: FieldError[] = [];
  const ips = asArray(spec.clusterIPs).map(asString);
  if (type === 'ExternalName') {
    if (ips.length > 0 || asString(spec.clusterIP) !== '') {
      errors.push(
        fieldInvalid(
          'spec.clusterIPs',
          goValue(goStringSlice(ips)),
          'may not be set for ExternalName services',
        ),
      );
    }
    return errors;
  }
  ips.forEach((ip, i) => {
    if (ip === 'None' && i === 0) return;
    if (!isIPv4(ip)) {
      errors.push(
        fieldInvalid(
          index('spec.clusterIPs', i),
          ip,
          'must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)',
        ),
      );
    }
  });
  if (ips[0] === 'None' && (type === 'NodePort' || type === 'LoadBalancer')) {
    errors.push(
      fieldInvalid('spec.clusterIPs[0]', 'None', `may not be set to 'None' for ${type} services`),
    );
  }
  return errors;
}

export function validateService(service: KubeObject): FieldError[] {
  const errors = validateObjectMeta(service.metadata, {
    name: nameIsDns1035Label,
    requiresNamespace: true,
  });
  const spec = asObject(service.spec) ?? {};
  const type = asString(spec.type);
  const headless = asArray(spec.clusterIPs)[0] === 'None';
  if (asObjects(spec.ports).length === 0 && !headless && type !== 'ExternalName') {
    errors.push(fieldRequired('spec.ports'));
  }
  if (type === 'ExternalName') {
    const external = asString(spec.externalName);
    if (external === '') errors.push(fieldRequired('spec.externalName'));
  }
  errors.push(...validatePorts(spec));
  if (!TYPES.includes(type)) errors.push(fieldNotSupported('spec.type', type, TYPES));
  if (spec.selector !== undefined) errors.push(...validateLabels(spec.selector, 'spec.selector'));
  const affinity = asString(spec.sessionAffinity);
  if (!AFFINITIES.includes(affinity)) {
    errors.push(fieldNotSupported('spec.sessionAffinity', affinity, AFFINITIES));
  }
  errors.push(...validateClusterIPs(spec, type));
  return errors;
}

/** The primary ClusterIP is fixed once allocated, unless the Service turns to or from ExternalName. */
export function validateServiceUpdate(service: KubeObject, old: KubeObject): FieldError[] {
  const errors = validateObjectMetaUpdate(service.metadata, old.metadata);
  errors.push(...validateService(service).filter((e) => !e.field.startsWith('metadata.')));
  const spec = asObject(service.spec) ?? {};
  const oldSpec = asObject(old.spec) ?? {};
  const externalName = spec.type === 'ExternalName' || oldSpec.type === 'ExternalName';
  const ips = asArray(spec.clusterIPs).map(asString);
  const oldIPs = asArray(oldSpec.clusterIPs).map(asString);
  if (!externalName && ips.length > 0 && oldIPs.length > 0 && ips[0] !== oldIPs[0]) {
    errors.push(
      fieldInvalid('spec.clusterIPs[0]', goValue(goStringSlice(ips)), 'may not change once set'),
    );
  }
  return errors;
}
