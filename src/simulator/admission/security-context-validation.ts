/**
 * Pod and container security contexts (`validatePodSpecSecurityContext`,
 * `ValidateSecurityContext`): user and group ids, seccomp and AppArmor profiles, sysctls.
 * Internally Kubernetes keeps `hostNetwork`/`hostPID`/`hostIPC`/`shareProcessNamespace` in the
 * pod security context, so their errors are reported under `spec.securityContext`.
 */

import type { FieldError } from '../apiserver/status.js';
import {
  child,
  fieldDuplicate,
  fieldInvalid,
  fieldNotSupported,
  fieldRequired,
  goValue,
  index,
} from './field-errors.js';
import { asArray, asObject, asObjects, asString, isSet, type JsonObject } from './json-access.js';
import { inclusiveRangeError } from './name-validation.js';
import { validateLocalDescendingPath } from './volume-validation.js';

const MAX_ID = 2147483647;

function validateId(value: unknown, path: string): FieldError[] {
  if (typeof value !== 'number') return [];
  return value >= 0 && value <= MAX_ID
    ? []
    : [fieldInvalid(path, value, inclusiveRangeError(0, MAX_ID))];
}

function validateSeccompProfile(value: unknown, path: string): FieldError[] {
  const profile = asObject(value);
  if (!profile) return [];
  const errors: FieldError[] = [];
  const type = asString(profile.type);
  const types = ['Localhost', 'RuntimeDefault', 'Unconfined'];
  if (!type)
    errors.push(fieldRequired(child(path, 'type'), 'type is required when seccompProfile is set'));
  else if (!types.includes(type)) errors.push(fieldNotSupported(child(path, 'type'), type, types));
  if (type === 'Localhost') {
    if (!isSet(profile, 'localhostProfile')) {
      errors.push(
        fieldRequired(
          child(path, 'localhostProfile'),
          'must be set when seccomp type is Localhost',
        ),
      );
    } else {
      errors.push(
        ...validateLocalDescendingPath(
          asString(profile.localhostProfile),
          child(path, 'localhostProfile'),
        ),
      );
    }
  } else if (isSet(profile, 'localhostProfile')) {
    errors.push(
      fieldInvalid(
        child(path, 'localhostProfile'),
        goValue(
          `&core.SeccompProfile{Type:"${type}", LocalhostProfile:"${asString(profile.localhostProfile)}"}`,
        ),
        'can only be set when seccomp type is Localhost',
      ),
    );
  }
  return errors;
}

function validateAppArmorProfile(value: unknown, path: string): FieldError[] {
  const profile = asObject(value);
  if (!profile) return [];
  const type = asString(profile.type);
  const localhost = profile.localhostProfile;
  const errors: FieldError[] = [];
  if (type === 'Localhost') {
    if (typeof localhost !== 'string') {
      errors.push(
        fieldRequired(
          child(path, 'localhostProfile'),
          'must be set when AppArmor type is Localhost',
        ),
      );
    } else if (localhost.trim() !== localhost) {
      errors.push(
        fieldInvalid(
          child(path, 'localhostProfile'),
          localhost,
          'must not be padded with whitespace',
        ),
      );
    } else if (localhost === '') {
      errors.push(
        fieldRequired(
          child(path, 'localhostProfile'),
          'must be set when AppArmor type is Localhost',
        ),
      );
    }
  } else if (type === 'RuntimeDefault' || type === 'Unconfined') {
    if (typeof localhost === 'string') {
      errors.push(
        fieldInvalid(
          child(path, 'localhostProfile'),
          localhost,
          'can only be set when AppArmor type is Localhost',
        ),
      );
    }
  } else if (!type) {
    errors.push(fieldRequired(child(path, 'type'), 'type is required when appArmorProfile is set'));
  } else {
    errors.push(
      fieldNotSupported(child(path, 'type'), type, ['Localhost', 'RuntimeDefault', 'Unconfined']),
    );
  }
  return errors;
}

const SYSCTL_RE = /^([a-z0-9]([-_a-z0-9]*[a-z0-9])?[./])*[a-z0-9]([-_a-z0-9]*[a-z0-9])?$/;
const SYSCTL_RE_TEXT = '^([a-z0-9]([-_a-z0-9]*[a-z0-9])?[\\./])*[a-z0-9]([-_a-z0-9]*[a-z0-9])?$';
const IPC_SYSCTLS = new Set([
  'kernel.shm_rmid_forced',
  'kernel.msgmax',
  'kernel.msgmnb',
  'kernel.msgmni',
  'kernel.sem',
  'kernel.shmall',
  'kernel.shmmax',
  'kernel.shmmni',
]);

function validateSysctls(sysctls: JsonObject[], spec: JsonObject, path: string): FieldError[] {
  const errors: FieldError[] = [];
  const names = new Set<string>();
  sysctls.forEach((sysctl, i) => {
    const name = asString(sysctl.name);
    const namePath = child(index(path, i), 'name');
    if (!name) errors.push(fieldRequired(namePath));
    else if (name.length > 253 || !SYSCTL_RE.test(name)) {
      errors.push(
        fieldInvalid(
          namePath,
          name,
          `must have at most 253 characters and match regex ${SYSCTL_RE_TEXT}`,
        ),
      );
    } else if (names.has(name)) errors.push(fieldDuplicate(namePath, name));
    const normalized = name.replaceAll('/', '.');
    if (spec.hostNetwork === true && normalized.startsWith('net.')) {
      errors.push(fieldInvalid(namePath, name, "may not be specified when 'hostNetwork' is true"));
    } else if (
      spec.hostIPC === true &&
      (IPC_SYSCTLS.has(normalized) || normalized.startsWith('fs.mqueue.'))
    ) {
      errors.push(fieldInvalid(namePath, name, "may not be specified when 'hostIPC' is true"));
    }
    names.add(name);
  });
  return errors;
}

export function validatePodSecurityContext(spec: JsonObject, path: string): FieldError[] {
  const context = asObject(spec.securityContext);
  const errors: FieldError[] = [];
  if (context) {
    errors.push(...validateId(context.fsGroup, child(path, 'fsGroup')));
    errors.push(...validateId(context.runAsUser, child(path, 'runAsUser')));
    errors.push(...validateId(context.runAsGroup, child(path, 'runAsGroup')));
    asArray(context.supplementalGroups).forEach((gid, i) => {
      errors.push(...validateId(gid, index(child(path, 'supplementalGroups'), i)));
    });
  }
  if (spec.shareProcessNamespace === true && spec.hostPID === true) {
    errors.push(
      fieldInvalid(
        child(path, 'shareProcessNamespace'),
        true,
        'ShareProcessNamespace and HostPID cannot both be enabled',
      ),
    );
  }
  if (!context) return errors;
  const sysctls = asObjects(context.sysctls);
  if (sysctls.length) errors.push(...validateSysctls(sysctls, spec, child(path, 'sysctls')));
  if (isSet(context, 'fsGroupChangePolicy')) {
    const policy = asString(context.fsGroupChangePolicy);
    if (policy !== 'Always' && policy !== 'OnRootMismatch') {
      errors.push(
        fieldNotSupported(child(path, 'fsGroupChangePolicy'), policy, ['Always', 'OnRootMismatch']),
      );
    }
  }
  errors.push(...validateSeccompProfile(context.seccompProfile, child(path, 'seccompProfile')));
  errors.push(...validateAppArmorProfile(context.appArmorProfile, child(path, 'appArmorProfile')));
  return errors;
}

/** `ValidateSecurityContext` of one container. */
export function validateContainerSecurityContext(
  value: unknown,
  path: string,
  _hostUsers: boolean,
): FieldError[] {
  const context = asObject(value);
  if (!context) return [];
  const errors: FieldError[] = [];
  errors.push(...validateId(context.runAsUser, child(path, 'runAsUser')));
  errors.push(...validateId(context.runAsGroup, child(path, 'runAsGroup')));
  if (isSet(context, 'procMount')) {
    const procMount = asString(context.procMount);
    if (procMount !== 'Default' && procMount !== 'Unmasked') {
      errors.push(fieldNotSupported(child(path, 'procMount'), procMount, ['Default', 'Unmasked']));
    }
  }
  errors.push(...validateSeccompProfile(context.seccompProfile, child(path, 'seccompProfile')));
  if (context.allowPrivilegeEscalation === false) {
    // Go prints the whole SecurityContext struct here (with pointer addresses); this is a summary.
    const summary = goValue('&core.SecurityContext{...}');
    if (context.privileged === true) {
      errors.push(
        fieldInvalid(
          path,
          summary,
          'cannot set `allowPrivilegeEscalation` to false and `privileged` to true',
        ),
      );
    }
    const added = asArray(asObject(context.capabilities)?.add).map(asString);
    if (added.includes('CAP_SYS_ADMIN')) {
      errors.push(
        fieldInvalid(
          path,
          summary,
          'cannot set `allowPrivilegeEscalation` to false and `capabilities.Add` CAP_SYS_ADMIN',
        ),
      );
    }
  }
  errors.push(...validateAppArmorProfile(context.appArmorProfile, child(path, 'appArmorProfile')));
  return errors;
}
