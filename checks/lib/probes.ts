import type { CoreV1Event, V1Container, V1Probe } from '@kubernetes/client-node';

export type ProbeKind = 'liveness' | 'readiness' | 'startup';

/** How the kubelet names each kind at the start of its `Unhealthy` event messages. */
const TITLE: Record<ProbeKind, string> = {
  liveness: 'Liveness',
  readiness: 'Readiness',
  startup: 'Startup',
};

/** The probe of `kind` the container declares, if any. */
export function probeOf(container: V1Container | undefined, kind: ProbeKind): V1Probe | undefined {
  return container?.[`${kind}Probe`];
}

/**
 * The port number an httpGet or tcpSocket probe knocks on. A probe may name one of the
 * container's ports (`port: http`); the kubelet resolves it from `ports[].name`.
 */
export function probePort(container: V1Container | undefined, probe: V1Probe): number | undefined {
  const port = probe.httpGet?.port ?? probe.tcpSocket?.port;
  if (typeof port === 'number') return port;
  if (port === undefined) return undefined;
  if (/^\d+$/.test(port)) return Number(port);
  return container?.ports?.find((p) => p.name === port)?.containerPort;
}

/**
 * The probe's action as `kubectl describe pod` prints it beside Liveness:/Readiness:, so a
 * message names it the way the learner sees it: `http-get http://:8080/healthz`,
 * `tcp-socket :80`, `exec [cat /tmp/healthy]`.
 */
export function probeAction(container: V1Container | undefined, probe: V1Probe): string {
  if (probe.exec) return `exec [${(probe.exec.command ?? []).join(' ')}]`;
  if (probe.httpGet) {
    const http = probe.httpGet;
    const scheme = (http.scheme ?? 'HTTP').toLowerCase();
    const port = probePort(container, probe) ?? http.port;
    return `http-get ${scheme}://${http.host ?? ''}:${port}${http.path ?? '/'}`;
  }
  if (probe.tcpSocket) {
    const port = probePort(container, probe) ?? probe.tcpSocket.port;
    return `tcp-socket ${probe.tcpSocket.host ?? ''}:${port}`;
  }
  if (probe.grpc) return `grpc <pod>:${probe.grpc.port} ${probe.grpc.service ?? ''}`.trim();
  return 'unknown';
}

/** The kubelet's `Unhealthy` reports about one kind of probe: how many, and the latest text. */
export interface ProbeFailures {
  /** Failed runs, repeats of an aggregated event counted. */
  count: number;
  /** The latest message, `Liveness probe failed: cat: can't open …`. */
  last?: string;
}

export function probeFailures(events: readonly CoreV1Event[], kind: ProbeKind): ProbeFailures {
  const prefix = `${TITLE[kind]} probe failed:`;
  const failed = events.filter((e) => e.reason === 'Unhealthy' && e.message?.startsWith(prefix));
  const count = failed.reduce((sum, e) => sum + (e.count ?? 1), 0);
  const last = failed.at(-1)?.message;
  return last === undefined ? { count } : { count, last };
}

/**
 * The kubelet's `Killing` events that restart a container for a failed liveness probe
 * (`Container liveness failed liveness probe, will be restarted`), as opposed to the ones a
 * deletion sends (`Stopping container …`).
 */
export function livenessKills(events: readonly CoreV1Event[]): CoreV1Event[] {
  return events.filter(
    (e) =>
      e.reason === 'Killing' && /failed liveness probe, will be restarted$/.test(e.message ?? ''),
  );
}
