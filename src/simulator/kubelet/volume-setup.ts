/**
 * The kubelet's volume plugins for what pods of this course use: emptyDir (a fresh tree shared
 * by the pod's containers, surviving restarts), hostPath (the node's own tree), and the
 * atomic-writer sources — configMap, secret, downwardAPI and projected — laid out exactly like
 * atomic_writer.go (`..data` → timestamped directory, one symlink per top-level entry).
 * A missing non-optional source is a FailedMount: the pod stays ContainerCreating.
 */

import { parseQuantity, QuantityError } from '../admission/quantity.js';
import type { KubeObject } from '../kube-object.js';
import type { ProjectedFile } from '../runtime/fs/atomic-writer.js';
import { writeAtomically } from '../runtime/fs/atomic-writer.js';
import { ContainerFileSystem } from '../runtime/fs/container-file-system.js';
import { MemoryTree } from '../runtime/fs/memory-tree.js';
import { StorageQuota } from '../runtime/fs/storage-quota.js';
import { type ObjectLookup, podFieldValue } from './env-resolution.js';
import { resourceFieldValue } from './resource-field-ref.js';

type Json = Record<string, unknown>;
const asRecord = (value: unknown): Json =>
  value && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : {};
const asList = (value: unknown): Json[] => (Array.isArray(value) ? value.map(asRecord) : []);
const str = (value: unknown): string => (typeof value === 'string' ? value : '');

/** `MountVolume.SetUp failed for volume "cfg" : configmap "app-config" not found`. */
export class MountError extends Error {
  constructor(
    readonly volume: string,
    readonly reason: string,
  ) {
    super(`MountVolume.SetUp failed for volume "${volume}" : ${reason}`);
  }
}

export interface PodVolume {
  tree: MemoryTree;
  /** configMap, secret, downwardAPI and projected volumes are read-only by nature. */
  readOnly: boolean;
  /** hostPath: the directory of the node's tree the volume shows. */
  source?: string;
  /**
   * A tmpfs: secret, downwardAPI and projected volumes, and an emptyDir with `medium: Memory`
   * (`df` and `mount` show tmpfs; what a container writes into it counts as its memory).
   */
  memoryBacked?: boolean;
}

/**
 * How much a memory-backed emptyDir may hold here: its `sizeLimit`, but never more than the
 * simulator keeps in its own memory for one volume (a real node would take its allocatable).
 */
const MEMORY_VOLUME_MAX_BYTES = 256 * 1024 * 1024;

function memoryVolumeBytes(emptyDir: Json): number {
  const limit = emptyDir.sizeLimit;
  if (typeof limit === 'string' || typeof limit === 'number') {
    try {
      const bytes = Number(parseQuantity(String(limit)).nanos / 1_000_000_000n);
      if (bytes > 0) return Math.min(bytes, MEMORY_VOLUME_MAX_BYTES);
    } catch (error) {
      if (!(error instanceof QuantityError)) throw error;
    }
  }
  return MEMORY_VOLUME_MAX_BYTES;
}

export interface VolumeContext {
  clock: { now(): Date };
  lookup: ObjectLookup;
  /** The node's disk, for hostPath. */
  nodeTree: MemoryTree;
  /** The token a projected `serviceAccountToken` source writes. */
  token(pod: KubeObject): string;
  random?: () => number;
}

/** Sets up every volume of `pod`, or throws the first `MountError`. */
export function setUpVolumes(pod: KubeObject, context: VolumeContext): Map<string, PodVolume> {
  const volumes = new Map<string, PodVolume>();
  for (const volume of asList(asRecord(pod.spec).volumes)) {
    const name = str(volume.name);
    if (volume.hostPath) {
      volumes.set(name, hostPathVolume(name, asRecord(volume.hostPath), context));
      continue;
    }
    if (volume.emptyDir) {
      const emptyDir = asRecord(volume.emptyDir);
      if (emptyDir.medium === 'Memory') {
        const quota = new StorageQuota(memoryVolumeBytes(emptyDir));
        const tree = new MemoryTree({ clock: context.clock, root: { mode: 0o777 }, quota });
        volumes.set(name, { tree, readOnly: false, memoryBacked: true });
        continue;
      }
      const tree = new MemoryTree({ clock: context.clock, root: { mode: 0o777 } });
      volumes.set(name, { tree, readOnly: false });
      continue;
    }
    const tree = new MemoryTree({ clock: context.clock, root: { mode: 0o777 } });
    const files = projectedFiles(pod, name, volume, context);
    if (files === undefined) continue;
    const fs = ContainerFileSystem.create({ upper: tree });
    writeAtomically(fs, '/', files, {
      clock: context.clock,
      ...(context.random ? { random: context.random } : {}),
    });
    // A configMap volume lives on the node's disk; the others are tmpfs (secrets stay in RAM).
    volumes.set(name, {
      tree,
      readOnly: true,
      ...(volume.configMap ? {} : { memoryBacked: true }),
    });
  }
  return volumes;
}

/** Files of an atomic-writer volume; undefined for a kind this simulator does not mount. */
export function projectedFiles(
  pod: KubeObject,
  volumeName: string,
  volume: Json,
  context: VolumeContext,
): ProjectedFile[] | undefined {
  if (volume.configMap) return configMapFiles(pod, volumeName, asRecord(volume.configMap), context);
  if (volume.secret) return secretFiles(pod, volumeName, asRecord(volume.secret), context);
  if (volume.downwardAPI) return downwardFiles(pod, asRecord(volume.downwardAPI), undefined);
  if (volume.projected)
    return projectedSources(pod, volumeName, asRecord(volume.projected), context);
  return undefined;
}

/**
 * A projected volume's files (projected.go collectData): every source is read, the errors of
 * all failing ones are reported together (a Go aggregate: `[a, b]` when several), and a path
 * two sources both write holds what the later one wrote.
 */
function projectedSources(
  pod: KubeObject,
  volumeName: string,
  projected: Json,
  context: VolumeContext,
): ProjectedFile[] {
  const mode = typeof projected.defaultMode === 'number' ? projected.defaultMode : undefined;
  const payload = new Map<string, ProjectedFile>();
  const errors: string[] = [];
  for (const source of asList(projected.sources)) {
    let files: ProjectedFile[] = [];
    try {
      if (source.configMap)
        files = configMapFiles(pod, volumeName, asRecord(source.configMap), context, mode);
      else if (source.secret)
        files = secretFiles(pod, volumeName, asRecord(source.secret), context, mode);
      else if (source.downwardAPI) files = downwardFiles(pod, asRecord(source.downwardAPI), mode);
      else if (source.serviceAccountToken) {
        const path = str(asRecord(source.serviceAccountToken).path) || 'token';
        files = [{ path, data: context.token(pod), mode: mode ?? 0o644 }];
      }
    } catch (error) {
      if (!(error instanceof MountError)) throw error;
      errors.push(error.reason);
      continue;
    }
    for (const file of files) payload.set(file.path, file);
  }
  if (errors.length === 1) throw new MountError(volumeName, errors[0] as string);
  if (errors.length > 1) throw new MountError(volumeName, `[${errors.join(', ')}]`);
  return [...payload.values()];
}

function keyedFiles(
  data: Record<string, string | Uint8Array>,
  source: Json,
  missingKey: (key: string) => string,
  volumeName: string,
  fallbackMode: number | undefined,
): ProjectedFile[] {
  const mode =
    typeof source.defaultMode === 'number' ? source.defaultMode : (fallbackMode ?? 0o644);
  const items = asList(source.items);
  if (items.length === 0) {
    return Object.keys(data)
      .sort()
      .map((key) => ({ path: key, data: data[key] as string | Uint8Array, mode }));
  }
  const files: ProjectedFile[] = [];
  for (const item of items) {
    const key = str(item.key);
    const value = data[key];
    if (value === undefined) {
      if (source.optional === true) continue;
      throw new MountError(volumeName, missingKey(key));
    }
    files.push({
      path: str(item.path) || key,
      data: value,
      mode: typeof item.mode === 'number' ? item.mode : mode,
    });
  }
  return files;
}

function configMapFiles(
  pod: KubeObject,
  volumeName: string,
  source: Json,
  context: VolumeContext,
  fallbackMode?: number,
): ProjectedFile[] {
  const name = str(source.name);
  const cm = context.lookup.configMap(pod.metadata.namespace ?? 'default', name);
  if (!cm) {
    if (source.optional === true) return [];
    throw new MountError(volumeName, `configmap "${name}" not found`);
  }
  const data: Record<string, string | Uint8Array> = {};
  for (const [k, v] of Object.entries(asRecord(cm.data))) data[k] = str(v);
  for (const [k, v] of Object.entries(asRecord(cm.binaryData)))
    data[k] = new Uint8Array(Buffer.from(str(v), 'base64'));
  return keyedFiles(
    data,
    source,
    (key) => `configmap references non-existent config key: ${key}`,
    volumeName,
    fallbackMode,
  );
}

function secretFiles(
  pod: KubeObject,
  volumeName: string,
  source: Json,
  context: VolumeContext,
  fallbackMode?: number,
): ProjectedFile[] {
  // A secret volume names its object `secretName`; a projected source says `name`.
  const name = str(source.secretName) || str(source.name);
  const secret = context.lookup.secret(pod.metadata.namespace ?? 'default', name);
  if (!secret) {
    if (source.optional === true) return [];
    throw new MountError(volumeName, `secret "${name}" not found`);
  }
  const data: Record<string, Uint8Array> = {};
  for (const [k, v] of Object.entries(asRecord(secret.data)))
    data[k] = new Uint8Array(Buffer.from(str(v), 'base64'));
  return keyedFiles(
    data,
    source,
    (key) => `references non-existent secret key: ${key}`,
    volumeName,
    fallbackMode,
  );
}

/** fieldpath.FormatMap: sorted `key="value"` lines (Go %q), no trailing newline. */
function formatMap(map: Record<string, string> | undefined): string {
  return Object.keys(map ?? {})
    .sort()
    .map((key) => `${key}=${JSON.stringify(map?.[key] ?? '')}`)
    .join('\n');
}

function downwardFiles(pod: KubeObject, source: Json, fallbackMode: number | undefined) {
  const mode =
    typeof source.defaultMode === 'number' ? source.defaultMode : (fallbackMode ?? 0o644);
  return asList(source.items).map((item): ProjectedFile => {
    const path = str(asRecord(item.fieldRef).fieldPath);
    let data: string;
    if (path === 'metadata.labels') data = formatMap(pod.metadata.labels);
    else if (path === 'metadata.annotations') data = formatMap(pod.metadata.annotations);
    else if (item.resourceFieldRef) {
      data = resourceFieldValue(pod, asRecord(item.resourceFieldRef)) ?? '';
    } else data = podFieldValue(pod, path);
    return { path: str(item.path), data, mode: typeof item.mode === 'number' ? item.mode : mode };
  });
}

function hostPathVolume(name: string, source: Json, context: VolumeContext): PodVolume {
  const path = str(source.path) || '/';
  const type = str(source.type);
  const fs = ContainerFileSystem.create({ upper: context.nodeTree });
  const exists = fs.exists(path);
  const stat = exists ? fs.stat(path) : undefined;
  if (type === 'DirectoryOrCreate' || (type === '' && !exists)) {
    if (!exists) fs.mkdir(path, { recursive: true, mode: 0o755 });
  } else if (type === 'FileOrCreate') {
    if (!exists) fs.writeFile(path, '', { mode: 0o644 });
  } else if (type === 'Directory' && stat?.type !== 'directory') {
    throw new MountError(name, `hostPath type check failed: ${path} is not a directory`);
  } else if (type === 'File' && stat?.type !== 'file') {
    throw new MountError(name, `hostPath type check failed: ${path} is not a file`);
  }
  return { tree: context.nodeTree, readOnly: false, source: path };
}
