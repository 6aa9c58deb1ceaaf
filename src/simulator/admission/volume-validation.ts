/**
 * Pod volumes (`ValidateVolumes`, `validateVolumeSource`): one source per volume, each source's
 * own checks, names that are DNS labels and unique. Only volumes without errors can be mounted,
 * so a broken volume also shows up as `Not found` on its mounts, as on a real server.
 */

import type { FieldError } from '../apiserver/status.js';
import {
  VOLUME_FIELD_PATHS,
  validateFieldRef,
  validateResourceFieldRef,
} from './env-validation.js';
import {
  child,
  fieldDuplicate,
  fieldForbidden,
  fieldInvalid,
  fieldNotSupported,
  fieldRequired,
  index,
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
import { isDns1123Label } from './name-validation.js';
import { parseQuantity } from './quantity.js';

const FILE_MODE_ERROR = 'must be a number between 0 and 0777 (octal), both inclusive';

/**
 * Volume sources in the order Go checks them; the second path is where Go reports a second
 * source (its spelling, typos included).
 */
const SOURCES: readonly (readonly [string, string])[] = [
  ['emptyDir', 'emptyDir'],
  ['hostPath', 'hostPath'],
  ['gitRepo', 'gitRepo'],
  ['gcePersistentDisk', 'gcePersistentDisk'],
  ['awsElasticBlockStore', 'awsElasticBlockStore'],
  ['secret', 'secret'],
  ['nfs', 'nfs'],
  ['iscsi', 'iscsi'],
  ['glusterfs', 'glusterfs'],
  ['flocker', 'flocker'],
  ['persistentVolumeClaim', 'persistentVolumeClaim'],
  ['rbd', 'rbd'],
  ['cinder', 'cinder'],
  ['cephfs', 'cephFS'],
  ['quobyte', 'quobyte'],
  ['downwardAPI', 'downwarAPI'],
  ['fc', 'fc'],
  ['flexVolume', 'flexVolume'],
  ['configMap', 'configMap'],
  ['azureFile', 'azureFile'],
  ['vsphereVolume', 'vsphereVolume'],
  ['photonPersistentDisk', 'photonPersistentDisk'],
  ['portworxVolume', 'portworxVolume'],
  ['azureDisk', 'azureDisk'],
  ['storageos', 'storageos'],
  ['projected', 'projected'],
  ['scaleIO', 'scaleIO'],
  ['csi', 'csi'],
  ['ephemeral', 'ephemeral'],
  ['image', 'image'],
];

const HOST_PATH_TYPES = [
  '',
  'BlockDevice',
  'CharDevice',
  'Directory',
  'DirectoryOrCreate',
  'File',
  'FileOrCreate',
  'Socket',
];

function validatePathNoBacksteps(target: string, path: string): FieldError[] {
  return target.replaceAll('\\', '/').split('/').includes('..')
    ? [fieldInvalid(path, target, "must not contain '..'")]
    : [];
}

/** Relative and without `..` (subPath, item paths). */
export function validateLocalDescendingPath(target: string, path: string): FieldError[] {
  const errors: FieldError[] = [];
  if (target.startsWith('/')) errors.push(fieldInvalid(path, target, 'must be a relative path'));
  return [...errors, ...validatePathNoBacksteps(target, path)];
}

function validateLocalNonReservedPath(target: string, path: string): FieldError[] {
  const errors = validateLocalDescendingPath(target, path);
  if (target.startsWith('..') && !target.startsWith('../')) {
    errors.push(fieldInvalid(path, target, "must not start with '..'"));
  }
  return errors;
}

function validateMode(object: JsonObject, field: string, path: string): FieldError[] {
  if (!isSet(object, field)) return [];
  const mode = asNumber(object[field]);
  return mode > 0o777 || mode < 0 ? [fieldInvalid(child(path, field), mode, FILE_MODE_ERROR)] : [];
}

function validateKeyToPath(item: JsonObject, path: string): FieldError[] {
  const errors: FieldError[] = [];
  if (!asString(item.key)) errors.push(fieldRequired(child(path, 'key')));
  const itemPath = asString(item.path);
  if (!itemPath) errors.push(fieldRequired(child(path, 'path')));
  errors.push(...validateLocalNonReservedPath(itemPath, child(path, 'path')));
  errors.push(...validateMode(item, 'mode', path));
  return errors;
}

function validateItems(items: unknown, path: string): FieldError[] {
  return asObjects(items).flatMap((item, i) => validateKeyToPath(item, index(path, i)));
}

/** Downward API files; Go reports them at the source's path, not the item's. */
function validateDownwardApiFile(file: JsonObject, path: string): FieldError[] {
  const errors: FieldError[] = [];
  const filePath = asString(file.path);
  if (!filePath) errors.push(fieldRequired(child(path, 'path')));
  errors.push(...validateLocalNonReservedPath(filePath, child(path, 'path')));
  const fieldRef = asObject(file.fieldRef);
  const resourceFieldRef = asObject(file.resourceFieldRef);
  if (fieldRef) {
    errors.push(...validateFieldRef(fieldRef, VOLUME_FIELD_PATHS, child(path, 'fieldRef')));
    if (resourceFieldRef) {
      errors.push(
        fieldInvalid(
          path,
          'resource',
          'fieldRef and resourceFieldRef can not be specified simultaneously',
        ),
      );
    }
  } else if (resourceFieldRef) {
    errors.push(
      ...validateResourceFieldRef(resourceFieldRef, child(path, 'resourceFieldRef'), true),
    );
  } else {
    errors.push(fieldRequired(path, 'one of fieldRef and resourceFieldRef is required'));
  }
  errors.push(...validateMode(file, 'mode', path));
  return errors;
}

function validateProjected(projected: JsonObject, path: string): FieldError[] {
  const errors = validateMode(projected, 'defaultMode', path);
  const paths = new Set<string>();
  const claim = (p: string, value: string) => {
    if (!p) return;
    if (paths.has(p)) errors.push(fieldInvalid(path, value, 'conflicting duplicate paths'));
    else paths.add(p);
  };
  asObjects(projected.sources).forEach((source, i) => {
    const sourcePath = index(child(path, 'sources'), i);
    let count = 0;
    for (const kind of ['secret', 'configMap']) {
      const ref = asObject(source[kind]);
      if (!ref) continue;
      count++;
      const refPath = child(sourcePath, kind);
      if (!asString(ref.name)) errors.push(fieldRequired(child(refPath, 'name')));
      asObjects(ref.items).forEach((item, j) => {
        errors.push(...validateKeyToPath(item, index(child(refPath, 'items'), j)));
        claim(asString(item.path), asString(ref.name));
      });
    }
    const downwardAPI = asObject(source.downwardAPI);
    if (downwardAPI) {
      count++;
      for (const file of asObjects(downwardAPI.items)) {
        errors.push(...validateDownwardApiFile(file, child(sourcePath, 'downwardAPI')));
        claim(asString(file.path), asString(file.path));
      }
    }
    const token = asObject(source.serviceAccountToken);
    if (token) {
      count++;
      const expiration = asNumber(token.expirationSeconds);
      const expirationPath = child(sourcePath, 'serviceAccountToken', 'expirationSeconds');
      if (expiration < 600)
        errors.push(
          fieldInvalid(
            expirationPath,
            expiration,
            'may not specify a duration less than 10 minutes',
          ),
        );
      if (expiration > 2 ** 32)
        errors.push(
          fieldInvalid(
            expirationPath,
            expiration,
            'may not specify a duration larger than 2^32 seconds',
          ),
        );
      const tokenPath = asString(token.path);
      // Go reports the token path at the projected volume's own path.
      if (!tokenPath) errors.push(fieldRequired(child(path, 'path')));
      else errors.push(...validateLocalNonReservedPath(tokenPath, child(path, 'path')));
    }
    if (isSet(source, 'clusterTrustBundle')) count++;
    if (count > 1)
      errors.push(fieldForbidden(sourcePath, 'may not specify more than 1 volume type per source'));
  });
  return errors;
}

function validateSource(kind: string, source: JsonObject, path: string): FieldError[] {
  switch (kind) {
    case 'emptyDir': {
      if (!isSet(source, 'sizeLimit')) return [];
      try {
        if (parseQuantity(String(source.sizeLimit)).nanos < 0n) {
          return [
            fieldForbidden(
              child(path, 'sizeLimit'),
              'SizeLimit field must be a valid resource quantity',
            ),
          ];
        }
      } catch {
        // Decoding already refused an unparsable quantity.
      }
      return [];
    }
    case 'hostPath': {
      const hostPath = asString(source.path);
      if (!hostPath) return [fieldRequired(child(path, 'path'))];
      const errors = validatePathNoBacksteps(hostPath, child(path, 'path'));
      if (isSet(source, 'type') && !HOST_PATH_TYPES.includes(asString(source.type))) {
        errors.push(fieldNotSupported(child(path, 'type'), asString(source.type), HOST_PATH_TYPES));
      }
      return errors;
    }
    case 'secret':
    case 'configMap': {
      const nameField = kind === 'secret' ? 'secretName' : 'name';
      const errors: FieldError[] = [];
      if (!asString(source[nameField])) errors.push(fieldRequired(child(path, nameField)));
      errors.push(...validateMode(source, 'defaultMode', path));
      errors.push(...validateItems(source.items, child(path, 'items')));
      return errors;
    }
    case 'persistentVolumeClaim':
      return asString(source.claimName) ? [] : [fieldRequired(child(path, 'claimName'))];
    case 'nfs': {
      const errors: FieldError[] = [];
      if (!asString(source.server)) errors.push(fieldRequired(child(path, 'server')));
      const nfsPath = asString(source.path);
      if (!nfsPath) errors.push(fieldRequired(child(path, 'path')));
      if (!nfsPath.startsWith('/'))
        errors.push(fieldInvalid(child(path, 'path'), nfsPath, 'must be an absolute path'));
      return errors;
    }
    case 'downwardAPI': {
      const errors = validateMode(source, 'defaultMode', path);
      for (const file of asObjects(source.items))
        errors.push(...validateDownwardApiFile(file, path));
      return errors;
    }
    case 'projected':
      return validateProjected(source, path);
    case 'gitRepo': {
      const errors = asString(source.repository) ? [] : [fieldRequired(child(path, 'repository'))];
      return [
        ...errors,
        ...validateLocalDescendingPath(asString(source.directory), child(path, 'directory')),
      ];
    }
    case 'ephemeral':
      return asObject(source.volumeClaimTemplate)
        ? []
        : [fieldRequired(child(path, 'volumeClaimTemplate'))];
    case 'csi': {
      const driver = asString(source.driver);
      const errors = driver ? [] : [fieldRequired(child(path, 'driver'))];
      return errors;
    }
    default:
      // Cloud and network volume plugins: not usable in the simulator, counted but not checked.
      return [];
  }
}

export interface ValidatedVolumes {
  /** Volumes that validated, by name: the ones mounts may refer to. */
  volumes: Map<string, JsonObject>;
  errors: FieldError[];
}

export function validateVolumes(value: unknown, path: string): ValidatedVolumes {
  const volumes = new Map<string, JsonObject>();
  const errors: FieldError[] = [];
  asArray(value).forEach((item, i) => {
    const volume = asObject(item) ?? {};
    const volumePath = index(path, i);
    const name = asString(volume.name);
    const volumeErrors: FieldError[] = [];
    let sources = 0;
    for (const [kind, secondPath] of SOURCES) {
      const source = asObject(volume[kind]);
      if (!source) continue;
      if (sources > 0) {
        volumeErrors.push(
          fieldForbidden(child(volumePath, secondPath), 'may not specify more than 1 volume type'),
        );
        continue;
      }
      sources++;
      volumeErrors.push(...validateSource(kind, source, child(volumePath, kind)));
    }
    if (sources === 0) volumeErrors.push(fieldRequired(volumePath, 'must specify a volume type'));
    const namePath = child(volumePath, 'name');
    if (!name) volumeErrors.push(fieldRequired(namePath));
    else
      for (const msg of isDns1123Label(name)) volumeErrors.push(fieldInvalid(namePath, name, msg));
    if (volumes.has(name)) volumeErrors.push(fieldDuplicate(namePath, name));
    if (volumeErrors.length === 0) volumes.set(name, volume);
    else errors.push(...volumeErrors);
  });
  return { volumes, errors };
}
