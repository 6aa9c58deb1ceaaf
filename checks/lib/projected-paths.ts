import type {
  V1DownwardAPIVolumeFile,
  V1KeyToPath,
  V1Pod,
  V1Volume,
  V1VolumeProjection,
} from '@kubernetes/client-node';
import { volumeMounts } from './volumes.js';

/** What one file of an atomic-writer volume (secret, configMap, downwardAPI, projected) holds. */
export type FileSource =
  | { kind: 'secret'; name: string; key: string }
  | { kind: 'configMap'; name: string; key: string }
  | { kind: 'downwardAPI'; item: V1DownwardAPIVolumeFile }
  | { kind: 'serviceAccountToken' };

/** Where a source's file ends up in a container, and who wrote that path last. */
export interface FileLocation {
  volume: string;
  mountPath: string;
  /** The file's path inside the volume (`passwd`, `my-group/username`). */
  path: string;
  /** The path inside the container: mountPath + path. */
  full: string;
}

/** A file the source wrote, then lost: a later source of the same volume wrote the same path. */
export interface LostFile extends FileLocation {
  overwrittenBy: FileSource;
}

/** The data keys of a Secret or ConfigMap, when the check has read the object. */
export type KeysOf = (kind: 'secret' | 'configMap', name: string) => readonly string[] | undefined;

const join = (dir: string, path: string) => `${dir.replace(/\/+$/, '')}/${path}`;

/**
 * The files of one volume, in the order the kubelet collects them (projected.go collectData:
 * one payload map, filled source after source, so a later source's file replaces an earlier
 * one at the same path, silently). A source without `items` projects every key it holds;
 * `keysOf` tells which (a source the check has not read projects nothing here).
 */
export function volumeFiles(
  volume: V1Volume,
  keysOf: KeysOf,
): { files: Map<string, FileSource>; lost: { path: string; source: FileSource }[] } {
  const files = new Map<string, FileSource>();
  const lost: { path: string; source: FileSource }[] = [];
  const put = (path: string, source: FileSource) => {
    const before = files.get(path);
    if (before) lost.push({ path, source: before });
    files.set(path, source);
  };
  const keyed = (
    kind: 'secret' | 'configMap',
    name: string,
    items: V1KeyToPath[] | undefined,
  ): void => {
    if (items && items.length > 0) {
      for (const item of items) put(item.path || item.key, { kind, name, key: item.key });
      return;
    }
    for (const key of keysOf(kind, name) ?? []) put(key, { kind, name, key });
  };
  const projection = (source: V1VolumeProjection) => {
    if (source.secret) keyed('secret', source.secret.name ?? '', source.secret.items);
    else if (source.configMap)
      keyed('configMap', source.configMap.name ?? '', source.configMap.items);
    else if (source.downwardAPI) {
      for (const item of source.downwardAPI.items ?? [])
        put(item.path, { kind: 'downwardAPI', item });
    } else if (source.serviceAccountToken) {
      put(source.serviceAccountToken.path || 'token', { kind: 'serviceAccountToken' });
    }
  };
  if (volume.secret) keyed('secret', volume.secret.secretName ?? '', volume.secret.items);
  else if (volume.configMap)
    keyed('configMap', volume.configMap.name ?? '', volume.configMap.items);
  else if (volume.downwardAPI) {
    for (const item of volume.downwardAPI.items ?? [])
      put(item.path, { kind: 'downwardAPI', item });
  } else if (volume.projected) {
    for (const source of volume.projected.sources ?? []) projection(source);
  }
  return { files, lost };
}

/**
 * Where the files matching `wanted` appear in `container` (whole-volume mounts; a subPath mount
 * shows one file of a volume and never receives updates, so it is left out), and where such a
 * file was written and then replaced by a later source of the same volume.
 */
export function fileLocations(
  pod: V1Pod,
  container: string,
  wanted: (source: FileSource) => boolean,
  keysOf: KeysOf = () => undefined,
): { found: FileLocation[]; lost: LostFile[] } {
  const found: FileLocation[] = [];
  const lost: LostFile[] = [];
  for (const { mount, volume } of volumeMounts(pod, container)) {
    if (!volume || mount.subPath || mount.subPathExpr) continue;
    const { files, lost: replaced } = volumeFiles(volume, keysOf);
    const at = (path: string) => ({
      volume: volume.name,
      mountPath: mount.mountPath,
      path,
      full: join(mount.mountPath, path),
    });
    for (const [path, source] of files) if (wanted(source)) found.push(at(path));
    for (const { path, source } of replaced) {
      const winner = files.get(path);
      if (wanted(source) && winner && !wanted(winner))
        lost.push({ ...at(path), overwrittenBy: winner });
    }
  }
  return { found, lost };
}

/** Matches the file of `key` in Secret `name`. */
export const secretKey =
  (name: string, key: string) =>
  (source: FileSource): boolean =>
    source.kind === 'secret' && source.name === name && source.key === key;

/** Matches a downwardAPI file of `fieldPath` (`metadata.labels`, …). */
export const downwardField =
  (fieldPath: string) =>
  (source: FileSource): boolean =>
    source.kind === 'downwardAPI' && source.item.fieldRef?.fieldPath === fieldPath;

/** Matches a downwardAPI file of `resource` (`limits.memory`, …). */
export const downwardResource =
  (resource: string) =>
  (source: FileSource): boolean =>
    source.kind === 'downwardAPI' && source.item.resourceFieldRef?.resource === resource;

/** The source in a few words for a message: `Secret gysl-passwd`, `downwardAPI metadata.labels`. */
export function describeSource(source: FileSource): string {
  switch (source.kind) {
    case 'secret':
      return `Secret ${source.name}`;
    case 'configMap':
      return `ConfigMap ${source.name}`;
    case 'downwardAPI':
      return `downwardAPI ${source.item.fieldRef?.fieldPath ?? source.item.resourceFieldRef?.resource ?? ''}`;
    case 'serviceAccountToken':
      return 'serviceAccountToken';
  }
}
