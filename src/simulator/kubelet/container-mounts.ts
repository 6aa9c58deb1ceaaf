/**
 * A container's mount list as the kubelet and the runtime build it: the spec's volumeMounts
 * (subPaths created first), the kubelet's `/etc/hosts`, `/etc/hostname` and `/etc/resolv.conf`,
 * runc's `/dev` tmpfs with its devices, and the sandbox's `/dev/shm`. Memory-backed mounts —
 * tmpfs volumes, `/dev`, `/dev/shm` — charge what the container writes to its memory cgroup.
 */
import { ContainerFileSystem, type VolumeMount } from '../runtime/fs/container-file-system.js';
import { newDevTree } from '../runtime/fs/dev-tree.js';
import type { Cgroup } from '../runtime/process/cgroup.js';
import type { PodSandbox } from './pod-sandbox.js';
import type { PodVolume } from './volume-setup.js';

type Json = Record<string, unknown>;
const asRecord = (value: unknown): Json =>
  value && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : {};
const asList = (value: unknown): Json[] => (Array.isArray(value) ? value.map(asRecord) : []);
const str = (value: unknown): string => (typeof value === 'string' ? value : '');

export function containerVolumeMounts(options: {
  container: Json;
  volumes: ReadonlyMap<string, PodVolume>;
  sandbox: PodSandbox;
  cgroup: Cgroup;
  clock: { now(): Date };
}): VolumeMount[] {
  const { container, volumes, sandbox, cgroup } = options;
  const mounts: VolumeMount[] = [];
  const taken = new Set<string>();
  for (const mount of asList(container.volumeMounts)) {
    const volume = volumes.get(str(mount.name));
    if (!volume) continue;
    const path = str(mount.mountPath);
    taken.add(path);
    const sub = str(mount.subPath);
    const base = volume.source ?? '/';
    const source = sub ? `${base.replace(/\/$/, '')}/${sub}` : volume.source;
    if (sub) ensureSubPath(volume, source ?? '/');
    mounts.push({
      path,
      tree: volume.tree,
      ...(source !== undefined ? { source } : {}),
      readOnly: mount.readOnly === true || volume.readOnly,
      ...(volume.memoryBacked ? { memory: cgroup.memory } : {}),
    });
  }
  for (const [file, path] of [
    ['/hosts', '/etc/hosts'],
    ['/hostname', '/etc/hostname'],
    ['/resolv.conf', '/etc/resolv.conf'],
  ] as const) {
    if (!taken.has(path)) mounts.push({ path, tree: sandbox.files, source: file });
  }
  // runc's /dev: a tmpfs of its own per container with the usual devices (/dev/zero…).
  if (!taken.has('/dev')) {
    const tree = newDevTree({ clock: options.clock });
    mounts.push({ path: '/dev', tree, memory: cgroup.memory });
  }
  // The sandbox's shm (the node's with hostIPC): a tmpfs every container of the pod shares.
  if (!taken.has('/dev/shm')) {
    mounts.push({ path: '/dev/shm', tree: sandbox.shm, memory: cgroup.memory });
  }
  return mounts;
}

/** Where the container mounts memory-backed volumes: `df` and `mount` show them as tmpfs. */
export function memoryBackedPaths(
  container: Json,
  volumes: ReadonlyMap<string, PodVolume>,
): string[] {
  return asList(container.volumeMounts)
    .filter((mount) => volumes.get(str(mount.name))?.memoryBacked === true)
    .map((mount) => str(mount.mountPath));
}

/** The kubelet creates a missing subPath as a directory before the bind mount. */
function ensureSubPath(volume: PodVolume, path: string) {
  if (volume.readOnly) return;
  const fs = ContainerFileSystem.create({ upper: volume.tree });
  if (!fs.exists(path)) fs.mkdir(path, { recursive: true, mode: 0o755 });
}
