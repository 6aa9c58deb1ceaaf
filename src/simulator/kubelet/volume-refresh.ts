/**
 * Keeping configMap, secret, downwardAPI and projected volumes current while the pod runs
 * (pod-facts §5.4): the kubelet's periodic pod sync remounts them, and the atomic writer swaps
 * `..data` only when the content changed. A pod update (new labels or annotations) syncs at
 * once, so downwardAPI `metadata.labels` files follow it. Environment variables are never
 * touched, and subPath mounts keep the file they were bound to (volume-mounts.ts resolves a
 * mount's source once), so neither sees an update — as on a real node.
 */
import type { KubeObject } from '../kube-object.js';
import { writeAtomically } from '../runtime/fs/atomic-writer.js';
import { ContainerFileSystem } from '../runtime/fs/container-file-system.js';
import { MountError, type PodVolume, projectedFiles, type VolumeContext } from './volume-setup.js';

type Json = Record<string, unknown>;
const asRecord = (value: unknown): Json =>
  value && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : {};
const asList = (value: unknown): Json[] => (Array.isArray(value) ? value.map(asRecord) : []);
const str = (value: unknown): string => (typeof value === 'string' ? value : '');

/**
 * How often a running pod is synced again without any event (kubelet `syncFrequency`, 1 min)
 * plus one fixed second standing in for the configMap/secret cache's propagation delay. The
 * real kubelet adds up to 50 % jitter; the simulator does not, so `sim advance 61s` always
 * shows an update.
 */
export const POD_RESYNC_MS = 60_000 + 1_000;

/** The bound token already in the volume: a refresh must not mint a new one every minute. */
function currentToken(volume: PodVolume, spec: Json): string | undefined {
  for (const source of asList(asRecord(spec.projected).sources)) {
    if (!source.serviceAccountToken) continue;
    const path = `/${str(asRecord(source.serviceAccountToken).path) || 'token'}`;
    const fs = ContainerFileSystem.create({ upper: volume.tree });
    return fs.exists(path) ? Buffer.from(fs.readFile(path)).toString('utf8') : undefined;
  }
  return undefined;
}

/**
 * Rewrites every atomic-writer volume of `pod` whose content changed. A source that has gone
 * missing leaves the old files in place and is reported through `failed` (FailedMount), as a
 * failing remount does. Returns the names of the volumes that changed.
 */
export function refreshVolumes(
  pod: KubeObject,
  volumes: ReadonlyMap<string, PodVolume>,
  context: VolumeContext,
  failed: (error: MountError) => void,
): string[] {
  const changed: string[] = [];
  for (const spec of asList(asRecord(pod.spec).volumes)) {
    const name = str(spec.name);
    const volume = volumes.get(name);
    if (!volume || spec.hostPath || spec.emptyDir) continue;
    const token = currentToken(volume, spec);
    const ctx: VolumeContext = token === undefined ? context : { ...context, token: () => token };
    let files: ReturnType<typeof projectedFiles>;
    try {
      files = projectedFiles(pod, name, spec, ctx);
    } catch (error) {
      if (!(error instanceof MountError)) throw error;
      failed(error);
      continue;
    }
    if (files === undefined) continue;
    const fs = ContainerFileSystem.create({ upper: volume.tree });
    const options = { clock: context.clock, ...(context.random ? { random: context.random } : {}) };
    if (writeAtomically(fs, '/', files, options)) changed.push(name);
  }
  return changed;
}
