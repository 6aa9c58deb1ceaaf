import type {
  V1ContainerStateTerminated,
  V1ContainerStatus,
  V1EnvVar,
  V1Pod,
} from '@kubernetes/client-node';

/**
 * A timestamp as the API sent it (RFC 3339, whole seconds). client-node types them as Date,
 * but checks read raw JSON, where they are strings: accept both.
 */
export function apiTime(value: Date | string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'string') return value;
  return Number.isNaN(value.getTime()) ? undefined : value.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** Milliseconds since the epoch of an API timestamp, for ordering; NaN when absent. */
export function timeMs(value: Date | string | undefined): number {
  const text = apiTime(value);
  return text === undefined ? Number.NaN : Date.parse(text);
}

/** The time of day (UTC, `16:23:41`) of an API timestamp, short enough for a fact line. */
export function clockTime(value: Date | string | undefined): string {
  const text = apiTime(value) ?? '';
  return /T(\d\d:\d\d:\d\d)/.exec(text)?.[1] ?? text;
}

/**
 * The container's most recent termination: its state when it is terminated now, else its
 * previous instance's (`lastState`), as `kubectl describe` shows under State / Last State.
 */
export function lastTermination(
  status: V1ContainerStatus | undefined,
): V1ContainerStateTerminated | undefined {
  return status?.state?.terminated ?? status?.lastState?.terminated;
}

/** When the container's current instance started: running now, or already terminated. */
export function startedAt(status: V1ContainerStatus | undefined): string | undefined {
  return apiTime(status?.state?.running?.startedAt ?? status?.state?.terminated?.startedAt);
}

/** The container spec of `name`, regular or init, with where it is declared. */
export function findContainer(pod: V1Pod, name: string) {
  const init = pod.spec?.initContainers?.find((c) => c.name === name);
  if (init) return { container: init, list: 'initContainers' as const };
  const app = pod.spec?.containers.find((c) => c.name === name);
  if (app) return { container: app, list: 'containers' as const };
  return undefined;
}

/** The containers (regular and init, in spec order) that declare env variable `variable`. */
export function containersWithEnv(pod: V1Pod, variable: string): { name: string; env: V1EnvVar }[] {
  const all = [...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? [])];
  return all.flatMap((c) => {
    const env = c.env?.find((e) => e.name === variable);
    return env ? [{ name: c.name, env }] : [];
  });
}
