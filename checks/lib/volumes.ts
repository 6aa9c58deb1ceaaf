import type { V1Pod, V1Volume, V1VolumeMount } from '@kubernetes/client-node';

/** One mount of a container, with the volume it names as declared in `spec.volumes`. */
export interface MountedVolume {
  mount: V1VolumeMount;
  /** Undefined only if the mount names no declared volume (the API server refuses that). */
  volume: V1Volume | undefined;
}

/** The volumes a container (regular or init) mounts, in its `volumeMounts` order. */
export function volumeMounts(pod: V1Pod, container: string): MountedVolume[] {
  const spec = pod.spec;
  const found = [...(spec?.containers ?? []), ...(spec?.initContainers ?? [])].find(
    (c) => c.name === container,
  );
  return (found?.volumeMounts ?? []).map((mount) => ({
    mount,
    volume: spec?.volumes?.find((v) => v.name === mount.name),
  }));
}

/**
 * The volume's source in the API's words (`emptyDir`, `hostPath`, `configMap`, …): the one
 * field besides `name` a volume sets.
 */
export function volumeSource(volume: V1Volume): string {
  const source = Object.entries(volume).find(([key, value]) => key !== 'name' && value != null);
  return source?.[0] ?? 'emptyDir';
}

/** The Pod's hostPath volume of `path` (a trailing slash does not change the path). */
export function hostPathVolume(pod: V1Pod, path: string): V1Volume | undefined {
  const wanted = path.replace(/\/+$/, '');
  return pod.spec?.volumes?.find(
    (v) => v.hostPath && v.hostPath.path.replace(/\/+$/, '') === wanted,
  );
}

/**
 * Every volume of the Pod is mounted: a container has started (running, or already finished),
 * and the kubelet starts containers only after mounting all volumes.
 */
export function volumesMounted(pod: V1Pod): boolean {
  return (pod.status?.containerStatuses ?? []).some(
    (s) => s.state?.running || s.state?.terminated || s.lastState?.terminated,
  );
}
