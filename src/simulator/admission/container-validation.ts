/**
 * Containers and init containers (`validateContainers`, `validateInitContainers`,
 * `validateContainerCommon`): names, image, ports, env, mounts, pull policy, resources,
 * security context, probes and hooks, in the order 1.32 reports them.
 */

import type { FieldError } from '../apiserver/status.js';
import { validateEnv, validateEnvFrom } from './env-validation.js';
import {
  child,
  fieldDuplicate,
  fieldForbidden,
  fieldInvalid,
  fieldNotSupported,
  fieldRequired,
  index,
} from './field-errors.js';
import { asNumber, asObjects, asString, isSet, type JsonObject } from './json-access.js';
import { isDns1123Label, isValidPortName, isValidPortNum } from './name-validation.js';
import { validateLifecycle, validateProbe } from './probe-validation.js';
import { validateResources } from './resource-validation.js';
import { validateContainerSecurityContext } from './security-context-validation.js';
import { validateVolumeMounts } from './volume-mount-validation.js';

/** What container validation needs from the pod around it. */
export interface ContainerContext {
  /** Volumes that validated, by name. */
  volumes: Map<string, JsonObject>;
  gracePeriod: number | undefined;
  hostUsers: boolean;
}

function validatePorts(ports: unknown, path: string): FieldError[] {
  const errors: FieldError[] = [];
  const names = new Set<string>();
  asObjects(ports).forEach((port, i) => {
    const portPath = index(path, i);
    const name = asString(port.name);
    if (name) {
      const messages = isValidPortName(name);
      if (messages.length)
        for (const msg of messages) errors.push(fieldInvalid(child(portPath, 'name'), name, msg));
      else if (names.has(name)) errors.push(fieldDuplicate(child(portPath, 'name'), name));
      else names.add(name);
    }
    const containerPort = asNumber(port.containerPort);
    if (containerPort === 0) errors.push(fieldRequired(child(portPath, 'containerPort')));
    else {
      for (const msg of isValidPortNum(containerPort)) {
        errors.push(fieldInvalid(child(portPath, 'containerPort'), containerPort, msg));
      }
    }
    const hostPort = asNumber(port.hostPort);
    if (hostPort !== 0) {
      for (const msg of isValidPortNum(hostPort))
        errors.push(fieldInvalid(child(portPath, 'hostPort'), hostPort, msg));
    }
    const protocol = asString(port.protocol);
    if (!protocol) errors.push(fieldRequired(child(portPath, 'protocol')));
    else if (!['SCTP', 'TCP', 'UDP'].includes(protocol)) {
      errors.push(fieldNotSupported(child(portPath, 'protocol'), protocol, ['SCTP', 'TCP', 'UDP']));
    }
  });
  return errors;
}

function validatePullPolicy(container: JsonObject, path: string): FieldError[] {
  const policy = asString(container.imagePullPolicy);
  if (policy === 'Always' || policy === 'IfNotPresent' || policy === 'Never') return [];
  if (!policy) return [fieldRequired(path)];
  return [fieldNotSupported(path, policy, ['Always', 'IfNotPresent', 'Never'])];
}

/** `validateContainerCommon`: what every kind of container must get right. */
function validateContainerCommon(
  container: JsonObject,
  ctx: ContainerContext,
  path: string,
): FieldError[] {
  const errors: FieldError[] = [];
  const name = asString(container.name);
  if (!name) errors.push(fieldRequired(child(path, 'name')));
  else
    for (const msg of isDns1123Label(name))
      errors.push(fieldInvalid(child(path, 'name'), name, msg));
  if (!asString(container.image)) errors.push(fieldRequired(child(path, 'image')));
  const policy = asString(container.terminationMessagePolicy);
  if (!policy) errors.push(fieldRequired(child(path, 'terminationMessagePolicy')));
  else if (policy !== 'File' && policy !== 'FallbackToLogsOnError') {
    errors.push(
      fieldNotSupported(child(path, 'terminationMessagePolicy'), policy, [
        'File',
        'FallbackToLogsOnError',
      ]),
    );
  }
  errors.push(...validatePorts(container.ports, child(path, 'ports')));
  errors.push(...validateEnv(container.env, child(path, 'env')));
  errors.push(...validateEnvFrom(container.envFrom, child(path, 'envFrom')));
  errors.push(...validateVolumeMounts(container, ctx, child(path, 'volumeMounts')));
  errors.push(...validatePullPolicy(container, child(path, 'imagePullPolicy')));
  errors.push(...validateResources(container.resources, child(path, 'resources')));
  errors.push(
    ...validateContainerSecurityContext(
      container.securityContext,
      child(path, 'securityContext'),
      ctx.hostUsers,
    ),
  );
  return errors;
}

/** `checkHostPortConflicts`: `Duplicate value: "TCP//8080"` (protocol/hostIP/port). */
function checkHostPortConflicts(containers: JsonObject[], path: string): FieldError[] {
  const errors: FieldError[] = [];
  const seen = new Set<string>();
  containers.forEach((container, ci) => {
    asObjects(container.ports).forEach((port, pi) => {
      const hostPort = asNumber(port.hostPort);
      if (hostPort === 0) return;
      const key = `${asString(port.protocol)}/${asString(port.hostIP)}/${hostPort}`;
      const portPath = child(index(child(index(path, ci), 'ports'), pi), 'hostPort');
      if (seen.has(key)) errors.push(fieldDuplicate(portPath, key));
      else seen.add(key);
    });
  });
  return errors;
}

export function validateContainers(
  containers: unknown,
  ctx: ContainerContext,
  path: string,
): FieldError[] {
  const list = asObjects(containers);
  if (list.length === 0) return [fieldRequired(path)];
  const errors: FieldError[] = [];
  const names = new Set<string>();
  list.forEach((container, i) => {
    const containerPath = index(path, i);
    errors.push(...validateContainerCommon(container, ctx, containerPath));
    const name = asString(container.name);
    if (names.has(name)) errors.push(fieldDuplicate(child(containerPath, 'name'), name));
    else names.add(name);
    errors.push(...validateHooksAndProbes(container, ctx, containerPath));
    if (isSet(container, 'restartPolicy')) {
      errors.push(
        fieldForbidden(
          child(containerPath, 'restartPolicy'),
          'may not be set for non-init containers',
        ),
      );
    }
  });
  errors.push(...checkHostPortConflicts(list, path));
  return errors;
}

/** Lifecycle hooks and the three probes, for app containers and sidecar init containers alike. */
function validateHooksAndProbes(
  container: JsonObject,
  ctx: ContainerContext,
  path: string,
): FieldError[] {
  return [
    ...validateLifecycle(container.lifecycle, ctx.gracePeriod, child(path, 'lifecycle')),
    ...(['livenessProbe', 'readinessProbe', 'startupProbe'] as const).flatMap((probe) =>
      validateProbe(container[probe], probe, ctx.gracePeriod, child(path, probe)),
    ),
  ];
}

const NOT_FOR_INIT = 'may not be set for init containers without restartPolicy=Always';

export function validateInitContainers(
  initContainers: unknown,
  containers: unknown,
  ctx: ContainerContext,
  path: string,
): FieldError[] {
  const errors: FieldError[] = [];
  const names = new Set(asObjects(containers).map((c) => asString(c.name)));
  asObjects(initContainers).forEach((container, i) => {
    const containerPath = index(path, i);
    errors.push(...validateContainerCommon(container, ctx, containerPath));
    let restartAlways = false;
    if (isSet(container, 'restartPolicy')) {
      const policy = asString(container.restartPolicy);
      if (policy !== 'Always')
        errors.push(fieldNotSupported(child(containerPath, 'restartPolicy'), policy, ['Always']));
      restartAlways = policy === 'Always';
    }
    const name = asString(container.name);
    if (names.has(name)) errors.push(fieldDuplicate(child(containerPath, 'name'), name));
    else if (name) names.add(name);
    // Init containers run one by one, so only ports within one of them can clash. Go passes a
    // one-element list, so the path always says `initContainers[0]`.
    errors.push(...checkHostPortConflicts([container], path));
    if (restartAlways) {
      errors.push(...validateHooksAndProbes(container, ctx, containerPath));
    } else {
      for (const field of ['lifecycle', 'livenessProbe', 'readinessProbe', 'startupProbe']) {
        if (isSet(container, field))
          errors.push(fieldForbidden(child(containerPath, field), NOT_FOR_INIT));
      }
    }
  });
  return errors;
}
