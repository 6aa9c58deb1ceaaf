/**
 * `ValidatePodCreate` and `ValidatePodSpec` of a 1.32 API server: metadata first, then the spec
 * in Go's order (volumes, containers, init containers, restartPolicy, dnsPolicy, …). The
 * caller wraps the list with `invalid('Pod', '', name, errors)`.
 */

import type { FieldError } from '../apiserver/status.js';
import { validateAffinity } from './affinity-validation.js';
import { validateContainers, validateInitContainers } from './container-validation.js';
import {
  child,
  fieldDuplicate,
  fieldForbidden,
  fieldInvalid,
  fieldNotSupported,
  fieldRequired,
  index,
  key,
} from './field-errors.js';
import {
  asArray,
  asNumber,
  asObject,
  asObjects,
  asString,
  isSet,
  type JsonObject,
} from './json-access.js';
import {
  inclusiveRangeError,
  isDns1123Label,
  isDns1123Subdomain,
  nameIsDnsSubdomain,
  validateLabels,
  validateQualifiedName,
} from './name-validation.js';
import { validateObjectMeta } from './object-meta-validation.js';
import {
  validateDnsConfig,
  validateHostAliases,
  validateTolerations,
  validateTopologySpreadConstraints,
} from './scheduling-validation.js';
import { validatePodSecurityContext } from './security-context-validation.js';
import { validateVolumes } from './volume-validation.js';

export interface PodSpecOptions {
  /** True for a Pod itself, false for a PodSpec inside a template (Deployment, ReplicaSet). */
  resourceIsPod: boolean;
}

function enumError(value: string, path: string, supported: string[]): FieldError[] {
  if (supported.includes(value)) return [];
  return value ? [fieldNotSupported(path, value, supported)] : [fieldRequired(path)];
}

function nameErrors(value: string, path: string, check: (v: string) => string[]): FieldError[] {
  return check(value).map((msg) => fieldInvalid(path, value, msg));
}

function validateHostNetworkPorts(
  spec: JsonObject,
  path: string,
  options: PodSpecOptions,
): FieldError[] {
  if (spec.hostNetwork !== true) return [];
  const errors: FieldError[] = [];
  asObjects(spec.containers).forEach((container, i) => {
    asObjects(container.ports).forEach((port, j) => {
      const hostPort = asNumber(port.hostPort);
      if ((options.resourceIsPod || hostPort !== 0) && hostPort !== asNumber(port.containerPort)) {
        errors.push(
          fieldInvalid(
            child(index(child(index(child(path, 'containers'), i), 'ports'), j), 'hostPort'),
            hostPort,
            'must match `containerPort` when `hostNetwork` is true',
          ),
        );
      }
    });
  });
  return errors;
}

function validateSchedulingGates(value: unknown, path: string): FieldError[] {
  const errors: FieldError[] = [];
  const seen = new Set<string>();
  asObjects(value).forEach((gate, i) => {
    const name = asString(gate.name);
    errors.push(...validateQualifiedName(name, index(path, i)));
    if (seen.has(name)) errors.push(fieldDuplicate(index(path, i), name));
    seen.add(name);
  });
  return errors;
}

/** The pod-level user namespace rules (`validateHostUsers`). */
function validateHostUsers(spec: JsonObject, path: string): FieldError[] {
  if (spec.hostUsers !== false) return [];
  const errors: FieldError[] = [];
  const detail = 'when `pod.Spec.HostUsers` is false';
  if (spec.hostNetwork === true) errors.push(fieldForbidden(child(path, 'hostNetwork'), detail));
  if (spec.hostPID === true) errors.push(fieldForbidden(child(path, 'HostPID'), detail));
  if (spec.hostIPC === true) errors.push(fieldForbidden(child(path, 'HostIPC'), detail));
  return errors;
}

/** `ValidatePodSpec`. `path` is `spec` for a pod, `spec.template.spec` for templates. */
export function validatePodSpec(
  value: unknown,
  path = 'spec',
  options: PodSpecOptions = { resourceIsPod: true },
): FieldError[] {
  const spec = asObject(value) ?? {};
  const errors: FieldError[] = [];
  if (!isSet(spec, 'terminationGracePeriodSeconds'))
    errors.push(fieldRequired(child(path, 'terminationGracePeriodSeconds')));
  const gracePeriod = isSet(spec, 'terminationGracePeriodSeconds')
    ? asNumber(spec.terminationGracePeriodSeconds)
    : undefined;
  const hostUsers = spec.hostUsers !== false;
  const { volumes, errors: volumeErrors } = validateVolumes(spec.volumes, child(path, 'volumes'));
  errors.push(...volumeErrors);
  const ctx = { volumes, gracePeriod, hostUsers };
  errors.push(...validateContainers(spec.containers, ctx, child(path, 'containers')));
  errors.push(
    ...validateInitContainers(
      spec.initContainers,
      spec.containers,
      ctx,
      child(path, 'initContainers'),
    ),
  );
  errors.push(...validateHostNetworkPorts(spec, path, options));
  errors.push(
    ...enumError(asString(spec.restartPolicy), child(path, 'restartPolicy'), [
      'Always',
      'OnFailure',
      'Never',
    ]),
  );
  errors.push(
    ...enumError(asString(spec.dnsPolicy), child(path, 'dnsPolicy'), [
      'ClusterFirstWithHostNet',
      'ClusterFirst',
      'Default',
      'None',
    ]),
  );
  errors.push(...validateLabels(spec.nodeSelector, child(path, 'nodeSelector')));
  errors.push(...validatePodSecurityContext(spec, child(path, 'securityContext')));
  errors.push(...validateAffinity(spec.affinity, child(path, 'affinity')));
  errors.push(...validateDnsConfig(spec, child(path, 'dnsConfig')));
  asObjects(spec.readinessGates).forEach((gate, i) => {
    errors.push(
      ...validateQualifiedName(
        asString(gate.conditionType),
        child(index(child(path, 'readinessGates'), i), 'conditionType'),
      ),
    );
  });
  errors.push(...validateSchedulingGates(spec.schedulingGates, child(path, 'schedulingGates')));
  errors.push(
    ...validateTopologySpreadConstraints(
      spec.topologySpreadConstraints,
      child(path, 'topologySpreadConstraints'),
    ),
  );
  errors.push(...validateHostUsers(spec, path));
  const serviceAccountName = asString(spec.serviceAccountName);
  if (serviceAccountName)
    errors.push(
      ...nameErrors(serviceAccountName, child(path, 'serviceAccountName'), isDns1123Subdomain),
    );
  const nodeName = asString(spec.nodeName);
  if (nodeName) errors.push(...nameErrors(nodeName, child(path, 'nodeName'), isDns1123Subdomain));
  if (isSet(spec, 'activeDeadlineSeconds')) {
    const deadline = asNumber(spec.activeDeadlineSeconds);
    if (deadline < 1 || deadline > 2147483647) {
      errors.push(
        fieldInvalid(
          child(path, 'activeDeadlineSeconds'),
          deadline,
          inclusiveRangeError(1, 2147483647),
        ),
      );
    }
  }
  const hostname = asString(spec.hostname);
  if (hostname) errors.push(...nameErrors(hostname, child(path, 'hostname'), isDns1123Label));
  const subdomain = asString(spec.subdomain);
  if (subdomain) errors.push(...nameErrors(subdomain, child(path, 'subdomain'), isDns1123Label));
  errors.push(...validateTolerations(spec.tolerations, child(path, 'tolerations')));
  errors.push(...validateHostAliases(spec.hostAliases, child(path, 'hostAliases')));
  const priorityClassName = asString(spec.priorityClassName);
  if (priorityClassName)
    errors.push(
      ...nameErrors(priorityClassName, child(path, 'priorityClassName'), isDns1123Subdomain),
    );
  if (isSet(spec, 'runtimeClassName')) {
    errors.push(
      ...nameErrors(
        asString(spec.runtimeClassName),
        child(path, 'runtimeClassName'),
        isDns1123Subdomain,
      ),
    );
  }
  if (isSet(spec, 'preemptionPolicy')) {
    errors.push(
      ...enumError(asString(spec.preemptionPolicy), child(path, 'preemptionPolicy'), [
        'PreemptLowerPriority',
        'Never',
      ]),
    );
  }
  const os = asObject(spec.os);
  if (os) {
    const osName = asString(os.name);
    if (!osName) errors.push(fieldRequired(child(path, 'os', 'name'), 'cannot be empty'));
    else if (osName !== 'linux' && osName !== 'windows') {
      errors.push(fieldNotSupported(child(path, 'os'), osName, ['linux', 'windows']));
    }
  }
  return errors;
}

/** The pod-specific annotations (`ValidatePodSpecificAnnotations`). */
function validatePodAnnotations(
  metadata: JsonObject,
  spec: JsonObject,
  path: string,
): FieldError[] {
  const annotations = asObject(metadata.annotations) ?? {};
  const errors: FieldError[] = [];
  const mirror = annotations['kubernetes.io/config.mirror'];
  if (typeof mirror === 'string' && !asString(spec.nodeName)) {
    errors.push(
      fieldInvalid(
        key(path, 'kubernetes.io/config.mirror'),
        mirror,
        'must set spec.nodeName if mirror pod annotation is set',
      ),
    );
  }
  // `strconv.ParseInt(value, 10, 32)`.
  const cost = annotations['controller.kubernetes.io/pod-deletion-cost'];
  if (typeof cost === 'string') {
    const number = /^[+-]?\d+$/.test(cost) ? Number(cost) : Number.NaN;
    if (!(number >= -(2 ** 31) && number < 2 ** 31)) {
      errors.push(
        fieldInvalid(
          key(path, 'controller.kubernetes.io/pod-deletion-cost'),
          cost,
          'must be a 32bit integer',
        ),
      );
    }
  }
  return errors;
}

/** `validatePodMetadataAndSpec`: shared by create and update. */
export function validatePodMetadataAndSpec(pod: JsonObject): FieldError[] {
  const metadata = asObject(pod.metadata) ?? {};
  const spec = asObject(pod.spec) ?? {};
  const errors = validateObjectMeta(metadata, {
    name: nameIsDnsSubdomain,
    requiresNamespace: true,
  });
  errors.push(...validatePodAnnotations(metadata, spec, 'metadata.annotations'));
  errors.push(...validatePodSpec(spec, 'spec', { resourceIsPod: true }));
  if (!asString(spec.serviceAccountName)) {
    asObjects(spec.volumes).forEach((volume, vi) => {
      asObjects(asObject(volume.projected)?.sources).forEach((source, si) => {
        if (isSet(source, 'serviceAccountToken')) {
          errors.push(
            fieldForbidden(
              `spec.volumes[${vi}].projected.sources[${si}].serviceAccountToken`,
              'must not be specified when serviceAccountName is not set',
            ),
          );
        }
      });
    });
  }
  for (const field of ['containers', 'initContainers']) {
    asObjects(spec[field]).forEach((container, i) => {
      const image = asString(container.image);
      if (image !== image.trim()) {
        errors.push(
          fieldInvalid(
            `spec.${field}[${i}].image`,
            image,
            'must not have leading or trailing whitespace',
          ),
        );
      }
    });
  }
  return errors;
}

/** `ValidatePodCreate`: everything a new pod must satisfy (after defaulting and admission). */
export function validatePod(value: unknown): FieldError[] {
  const pod = asObject(value) ?? {};
  const spec = asObject(pod.spec) ?? {};
  const errors = validatePodMetadataAndSpec(pod);
  if (asArray(spec.ephemeralContainers).length > 0) {
    errors.push(fieldForbidden('spec.ephemeralContainers', 'cannot be set on create'));
  }
  if (asString(spec.nodeName) && asArray(spec.schedulingGates).length > 0) {
    errors.push(
      fieldForbidden('spec.nodeName', 'cannot be set until all schedulingGates have been cleared'),
    );
  }
  return errors;
}
