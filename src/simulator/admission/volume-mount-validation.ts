/**
 * A container's volume mounts (`ValidateVolumeMounts`): every mount names a volume that
 * validated, mount paths are unique, subPaths stay inside the volume, propagation and
 * recursive read-only modes are known. Some errors sit at the list's path, as in Go.
 */

import type { FieldError } from '../apiserver/status.js';
import type { ContainerContext } from './container-validation.js';
import {
  child,
  fieldForbidden,
  fieldInvalid,
  fieldNotFound,
  fieldNotSupported,
  fieldRequired,
  index,
} from './field-errors.js';
import { asObject, asObjects, asString, isSet, type JsonObject } from './json-access.js';
import { validateLocalDescendingPath } from './volume-validation.js';

/** `ValidateVolumeMounts` (some errors sit at the list's path, as in Go). */
export function validateVolumeMounts(
  container: JsonObject,
  ctx: ContainerContext,
  path: string,
): FieldError[] {
  const errors: FieldError[] = [];
  const mountPoints = new Set<string>();
  const devices = new Map(
    asObjects(container.volumeDevices).map((d) => [asString(d.name), asString(d.devicePath)]),
  );
  const privileged = asObject(container.securityContext)?.privileged === true;
  asObjects(container.volumeMounts).forEach((mount, i) => {
    const mountPath = index(path, i);
    const name = asString(mount.name);
    const at = asString(mount.mountPath);
    if (!name) errors.push(fieldRequired(child(mountPath, 'name')));
    if (!ctx.volumes.has(name)) errors.push(fieldNotFound(child(mountPath, 'name'), name));
    if (!at) errors.push(fieldRequired(child(mountPath, 'mountPath')));
    if (mountPoints.has(at))
      errors.push(fieldInvalid(child(mountPath, 'mountPath'), at, 'must be unique'));
    mountPoints.add(at);
    if (devices.has(name)) {
      errors.push(
        fieldInvalid(child(mountPath, 'name'), name, 'must not already exist in volumeDevices'),
      );
    }
    if ([...devices.values()].includes(at)) {
      errors.push(
        fieldInvalid(
          child(mountPath, 'mountPath'),
          at,
          'must not already exist as a path in volumeDevices',
        ),
      );
    }
    const subPath = asString(mount.subPath);
    if (subPath) errors.push(...validateLocalDescendingPath(subPath, child(path, 'subPath')));
    const subPathExpr = asString(mount.subPathExpr);
    if (subPathExpr) {
      if (subPath) {
        errors.push(
          fieldInvalid(
            child(mountPath, 'subPathExpr'),
            subPathExpr,
            'subPathExpr and subPath are mutually exclusive',
          ),
        );
      }
      errors.push(...validateLocalDescendingPath(subPathExpr, child(path, 'subPathExpr')));
    }
    if (isSet(mount, 'mountPropagation')) {
      const propagation = asString(mount.mountPropagation);
      const supported = ['Bidirectional', 'HostToContainer', 'None'];
      const propagationPath = child(path, 'mountPropagation');
      if (!supported.includes(propagation))
        errors.push(fieldNotSupported(propagationPath, propagation, supported));
      if (propagation === 'Bidirectional' && !privileged) {
        errors.push(
          fieldForbidden(
            propagationPath,
            'Bidirectional mount propagation is available only to privileged containers',
          ),
        );
      }
    }
    errors.push(...validateRecursiveReadOnly(mount, child(path, 'recursiveReadOnly')));
  });
  return errors;
}

function validateRecursiveReadOnly(mount: JsonObject, path: string): FieldError[] {
  if (!isSet(mount, 'recursiveReadOnly')) return [];
  const mode = asString(mount.recursiveReadOnly);
  if (mode === 'Disabled') return [];
  if (mode === 'Enabled' || mode === 'IfPossible') {
    const errors: FieldError[] = [];
    if (mount.readOnly !== true)
      errors.push(fieldForbidden(path, 'may only be specified when readOnly is true'));
    if (isSet(mount, 'mountPropagation') && mount.mountPropagation !== 'None') {
      errors.push(
        fieldForbidden(
          path,
          'may only be specified when mountPropagation is None or not specified',
        ),
      );
    }
    return errors;
  }
  return [fieldNotSupported(path, mode, ['Disabled', 'Enabled', 'IfPossible'])];
}
