/**
 * Probes and lifecycle hooks: one handler each (`exec`, `httpGet`, `tcpSocket`, `grpc`, and
 * `sleep` for hooks), with the checks of `validateHandler` and `validateProbe`.
 */

import type { FieldError } from '../apiserver/status.js';
import {
  child,
  fieldForbidden,
  fieldInvalid,
  fieldNotSupported,
  fieldRequired,
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
import { isValidPortName, isValidPortNum, NEGATIVE_ERROR, regexError } from './name-validation.js';

/** `ValidatePortNumOrName`: an int-or-string port; a numeric string is a (bad) name. */
export function validatePortNumOrName(port: unknown, path: string): FieldError[] {
  if (typeof port === 'number') {
    return isValidPortNum(port).map((msg) => fieldInvalid(path, port, msg));
  }
  const name = asString(port);
  return isValidPortName(name).map((msg) => fieldInvalid(path, name, msg));
}

function validateHttpGet(httpGet: JsonObject, path: string): FieldError[] {
  const errors: FieldError[] = [];
  if (!asString(httpGet.path)) errors.push(fieldRequired(child(path, 'path')));
  errors.push(...validatePortNumOrName(httpGet.port, child(path, 'port')));
  const scheme = asString(httpGet.scheme);
  if (scheme !== 'HTTP' && scheme !== 'HTTPS') {
    errors.push(fieldNotSupported(child(path, 'scheme'), scheme, ['HTTP', 'HTTPS']));
  }
  for (const header of asObjects(httpGet.httpHeaders)) {
    const name = asString(header.name);
    if (!/^[-A-Za-z0-9]+$/.test(name)) {
      errors.push(
        fieldInvalid(
          child(path, 'httpHeaders'),
          name,
          regexError(
            "a valid HTTP header must consist of alphanumeric characters or '-'",
            '[-A-Za-z0-9]+',
            'X-Header-Name',
          ),
        ),
      );
    }
  }
  return errors;
}

/**
 * `validateHandler`: the first handler found is validated, every further one is Forbidden.
 * 1.32 refuses a zero-second sleep (PodLifecycleSleepActionAllowZero is alpha).
 */
function validateHandler(
  handler: JsonObject,
  gracePeriod: number | undefined,
  path: string,
  allowSleep: boolean,
): FieldError[] {
  const errors: FieldError[] = [];
  let handlers = 0;
  const types = allowSleep
    ? ['exec', 'httpGet', 'tcpSocket', 'grpc', 'sleep']
    : ['exec', 'httpGet', 'tcpSocket', 'grpc'];
  for (const type of types) {
    const action = asObject(handler[type]);
    if (!action) continue;
    const actionPath = child(path, type);
    if (handlers > 0) {
      errors.push(fieldForbidden(actionPath, 'may not specify more than 1 handler type'));
      continue;
    }
    handlers++;
    if (type === 'exec' && asArray(action.command).length === 0) {
      errors.push(fieldRequired(child(actionPath, 'command')));
    }
    if (type === 'httpGet') errors.push(...validateHttpGet(action, actionPath));
    if (type === 'tcpSocket')
      errors.push(...validatePortNumOrName(action.port, child(actionPath, 'port')));
    if (type === 'grpc')
      errors.push(...validatePortNumOrName(asNumber(action.port), child(actionPath, 'port')));
    if (type === 'sleep') {
      const seconds = asNumber(action.seconds);
      if (gracePeriod !== undefined && (seconds <= 0 || seconds > gracePeriod)) {
        errors.push(
          fieldInvalid(
            actionPath,
            seconds,
            `must be greater than 0 and less than terminationGracePeriodSeconds (${gracePeriod}). Enable AllowPodLifecycleSleepActionZeroValue feature gate for zero sleep.`,
          ),
        );
      }
    }
  }
  if (handlers === 0) errors.push(fieldRequired(path, 'must specify a handler type'));
  return errors;
}

export type ProbeKind = 'livenessProbe' | 'readinessProbe' | 'startupProbe';

/** `validateLivenessProbe` / `validateReadinessProbe` / `validateStartupProbe`. */
export function validateProbe(
  value: unknown,
  kind: ProbeKind,
  gracePeriod: number | undefined,
  path: string,
): FieldError[] {
  const probe = asObject(value);
  if (!probe) return [];
  const errors = validateHandler(probe, gracePeriod, path, false);
  for (const field of [
    'initialDelaySeconds',
    'timeoutSeconds',
    'periodSeconds',
    'successThreshold',
    'failureThreshold',
  ]) {
    const number = asNumber(probe[field]);
    if (number < 0) errors.push(fieldInvalid(child(path, field), number, NEGATIVE_ERROR));
  }
  if (
    isSet(probe, 'terminationGracePeriodSeconds') &&
    asNumber(probe.terminationGracePeriodSeconds) <= 0
  ) {
    errors.push(
      fieldInvalid(
        child(path, 'terminationGracePeriodSeconds'),
        asNumber(probe.terminationGracePeriodSeconds),
        'must be greater than 0',
      ),
    );
  }
  if (kind === 'readinessProbe' && isSet(probe, 'terminationGracePeriodSeconds')) {
    errors.push(
      fieldInvalid(
        child(path, 'terminationGracePeriodSeconds'),
        asNumber(probe.terminationGracePeriodSeconds),
        'must not be set for readinessProbes',
      ),
    );
  }
  if (kind !== 'readinessProbe' && asNumber(probe.successThreshold) !== 1) {
    errors.push(
      fieldInvalid(child(path, 'successThreshold'), asNumber(probe.successThreshold), 'must be 1'),
    );
  }
  return errors;
}

export function validateLifecycle(
  value: unknown,
  gracePeriod: number | undefined,
  path: string,
): FieldError[] {
  const lifecycle = asObject(value);
  if (!lifecycle) return [];
  const errors: FieldError[] = [];
  for (const hook of ['postStart', 'preStop']) {
    const handler = asObject(lifecycle[hook]);
    if (handler) errors.push(...validateHandler(handler, gracePeriod, child(path, hook), true));
  }
  return errors;
}
