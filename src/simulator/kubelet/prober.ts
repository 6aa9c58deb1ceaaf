/**
 * The kubelet's probes (pkg/kubelet/prober): startup, liveness and readiness, each on its
 * own period of simulated time, as exec (a process in the container), httpGet (a request on
 * the pod network with `User-Agent: kube-probe/1.32`) or tcpSocket (a listener on the port);
 * grpc fails, as no simulated program speaks gRPC.
 * Failures are `Unhealthy` events with the probe's output; `failureThreshold` failures of a
 * liveness or startup probe restart the container, of a readiness probe make it unready.
 */
import type { KubeObject } from '../kube-object.js';
import { BufferOutput } from '../runtime/process/streams.js';
import type { ContainerInstance } from './container-runtime.js';
import type { KubeletContext } from './kubelet-context.js';
import type { ContainerRecord } from './status-builder.js';

type Json = Record<string, unknown>;
const asRecord = (value: unknown): Json =>
  value && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : {};
const num = (value: unknown, fallback: number) => (typeof value === 'number' ? value : fallback);

/** What probes report back to the pod worker. */
export interface ProbeTarget {
  kubelet: KubeletContext;
  pod: () => KubeObject;
  record: ContainerRecord;
  spec: Json;
  instance: ContainerInstance;
  /** Something a status shows changed (ready, started). */
  changed(): void;
  /** A liveness or startup probe gave up: kill the container (it restarts per policy). */
  restart(message: string): void;
}

type Kind = 'startup' | 'liveness' | 'readiness';
const TITLE: Record<Kind, string> = {
  startup: 'Startup',
  liveness: 'Liveness',
  readiness: 'Readiness',
};

/** `port` may name one of the container's ports. */
function resolvePort(spec: Json, port: unknown): number {
  if (typeof port === 'number') return port;
  const ports = Array.isArray(spec.ports) ? spec.ports.map(asRecord) : [];
  const named = ports.find((p) => p.name === port);
  return num(named?.containerPort, Number(port));
}

/** One probe run: undefined on success, else the failure output. */
async function runProbe(target: ProbeTarget, probe: Json): Promise<string | undefined> {
  const { instance, spec } = target;
  const podIP = instance.network.podIP;
  const timeoutMs = num(probe.timeoutSeconds, 1) * 1000;
  if (probe.exec) {
    const argv = (asRecord(probe.exec).command as string[] | undefined) ?? [];
    const output = new BufferOutput({ limit: 10 * 1024 });
    const started = target.kubelet.runtime.execIn(instance, argv, output);
    if (!started) return `exec: "${argv[0] ?? ''}": executable file not found in $PATH`;
    const timer = target.kubelet.clock.setTimer(timeoutMs, () => started.kill('SIGKILL'));
    const code = await started.exit;
    timer.cancel();
    if (started.termSignal?.() === 'SIGKILL' && code === 137) {
      return `command ${JSON.stringify(argv.join(' '))} timed out`;
    }
    return code === 0 ? undefined : output.text().replace(/\n$/, '');
  }
  if (probe.httpGet) {
    const http = asRecord(probe.httpGet);
    const host = typeof http.host === 'string' && http.host ? http.host : podIP;
    const port = resolvePort(spec, http.port);
    const path = typeof http.path === 'string' && http.path ? http.path : '/';
    const scheme = (typeof http.scheme === 'string' ? http.scheme : 'HTTP').toLowerCase();
    const url = `${scheme}://${host}:${port}${path}`;
    try {
      const response = await instance.network.request(host, port, {
        method: 'GET',
        path,
        headers: { host: `${host}:${port}`, 'user-agent': 'kube-probe/1.32', accept: '*/*' },
      });
      if (response.status >= 200 && response.status < 400) return undefined;
      return `HTTP probe failed with statuscode: ${response.status}`;
    } catch {
      return `Get "${url}": dial tcp ${host}:${port}: connect: connection refused`;
    }
  }
  if (probe.tcpSocket) {
    const port = resolvePort(spec, asRecord(probe.tcpSocket).port);
    if (instance.network.isListening(port)) return undefined;
    return `dial tcp ${podIP}:${port}: connect: connection refused`;
  }
  if (probe.grpc) {
    // No simulated program serves gRPC's health protocol, so the kubelet's blocking dial
    // (pkg/probe/grpc) never gets a ready connection, whether or not the port listens: it
    // fails at its timeout, as it would against a real container without a gRPC server.
    const port = resolvePort(spec, asRecord(probe.grpc).port);
    return `timeout: failed to connect service "${podIP}:${port}" within ${timeoutMs / 1000}s: context deadline exceeded`;
  }
  return undefined;
}

/** Starts the container's probes; returns what stops them (the container exited). */
export function startProbes(target: ProbeTarget): () => void {
  const { spec, record } = target;
  const probes: [Kind, Json][] = (['startup', 'liveness', 'readiness'] as const)
    .filter((kind) => spec[`${kind}Probe`] !== undefined)
    .map((kind) => [kind, asRecord(spec[`${kind}Probe`])]);
  if (probes.length === 0) return () => {};
  const hasStartup = probes.some(([kind]) => kind === 'startup');
  if (hasStartup) record.started = false;
  if (probes.some(([kind]) => kind === 'readiness')) record.ready = false;
  const handles = new Map<Kind, { cancel(): void }>();
  let stopped = false;

  const schedule = (kind: Kind, probe: Json, delayMs: number) => {
    const counts = { failures: 0, successes: 0 };
    const tick = async () => {
      if (stopped) return;
      // Liveness and readiness wait for a startup probe to succeed.
      if (kind !== 'startup' && record.started === false) {
        later(num(probe.periodSeconds, 10) * 1000);
        return;
      }
      const failure = await runProbe(target, probe);
      if (stopped) return;
      if (failure === undefined) {
        counts.failures = 0;
        counts.successes++;
        if (counts.successes >= num(probe.successThreshold, 1)) succeed(kind);
        if (kind === 'startup') return;
      } else {
        counts.successes = 0;
        counts.failures++;
        target.kubelet.event(
          target.pod(),
          target,
          'Warning',
          'Unhealthy',
          `${TITLE[kind]} probe failed: ${failure}`,
        );
        if (counts.failures >= num(probe.failureThreshold, 3) && fail(kind)) return;
      }
      later(num(probe.periodSeconds, 10) * 1000);
    };
    const later = (ms: number) =>
      handles.set(
        kind,
        target.kubelet.clock.setTimer(ms, () => void tick()),
      );
    later(delayMs);
  };

  const succeed = (kind: Kind) => {
    if (kind === 'startup' && record.started === false) {
      record.started = true;
      target.changed();
    } else if (kind === 'readiness' && record.ready === false) {
      record.ready = true;
      target.changed();
    }
  };
  /** True when the container is being restarted (this probe stops). */
  const fail = (kind: Kind): boolean => {
    if (kind === 'readiness') {
      if (record.ready !== false) {
        record.ready = false;
        target.changed();
      }
      return false;
    }
    stopped = true;
    target.restart(
      kind === 'liveness'
        ? `Container ${record.name} failed liveness probe, will be restarted`
        : `Container ${record.name} failed startup probe, will be restarted`,
    );
    return true;
  };

  for (const [kind, probe] of probes)
    schedule(kind, probe, num(probe.initialDelaySeconds, 0) * 1000);
  return () => {
    stopped = true;
    for (const handle of handles.values()) handle.cancel();
  };
}
