/**
 * The Docker-links-style variables the kubelet gives every container for Services
 * (kubelet_pods.go getServiceEnvVarMap, pkg/kubelet/envvars FromServices): always those of the
 * `kubernetes` Service in `default`, and, unless the Pod sets `enableServiceLinks: false`, those of
 * every Service of its own namespace that has a ClusterIP — `WEB_SERVICE_HOST`,
 * `WEB_SERVICE_PORT`, `WEB_PORT=tcp://10.96.12.34:80`, `WEB_PORT_80_TCP_ADDR`, …
 */
import type { KubeObject } from '../kube-object.js';

type Json = Record<string, unknown>;
const asRecord = (value: unknown): Json =>
  value && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : {};
const asList = (value: unknown): Json[] => (Array.isArray(value) ? value.map(asRecord) : []);

/** `makeEnvVariableName`: upper case, dashes to underscores. */
const envName = (name: string) => name.replaceAll('-', '_').toUpperCase();

/** `IsServiceIPSet`: a ClusterIP that is neither empty nor `None`. */
function clusterIP(service: KubeObject): string | undefined {
  const ip = asRecord(service.spec).clusterIP;
  return typeof ip === 'string' && ip !== '' && ip !== 'None' ? ip : undefined;
}

/** `envvars.FromServices` for one Service. */
export function serviceVariables(service: KubeObject): [string, string][] {
  const ip = clusterIP(service);
  const ports = asList(asRecord(service.spec).ports);
  const first = ports[0];
  if (!ip || !first) return [];
  const prefix = envName(service.metadata.name ?? '');
  const out: [string, string][] = [
    [`${prefix}_SERVICE_HOST`, ip],
    [`${prefix}_SERVICE_PORT`, String(first.port)],
  ];
  for (const port of ports) {
    if (typeof port.name === 'string' && port.name !== '') {
      out.push([`${prefix}_SERVICE_PORT_${envName(port.name)}`, String(port.port)]);
    }
  }
  ports.forEach((port, i) => {
    const protocol = typeof port.protocol === 'string' && port.protocol ? port.protocol : 'TCP';
    const url = `${protocol.toLowerCase()}://${ip}:${port.port}`;
    if (i === 0) out.push([`${prefix}_PORT`, url]);
    const portPrefix = `${prefix}_PORT_${port.port}_${protocol.toUpperCase()}`;
    out.push(
      [portPrefix, url],
      [`${portPrefix}_PROTO`, protocol.toLowerCase()],
      [`${portPrefix}_PORT`, String(port.port)],
      [`${portPrefix}_ADDR`, ip],
    );
  });
  return out;
}

/**
 * The variables for `pod`: the `kubernetes` Service first (whatever links say), then the
 * namespace's Services by name. A Service of the Pod's namespace named like a default one
 * replaces it, as the kubelet's map does.
 */
export function serviceLinkVariables(
  pod: KubeObject,
  kubernetes: KubeObject | undefined,
  namespaceServices: readonly KubeObject[],
): [string, string][] {
  const chosen = new Map<string, KubeObject>();
  if (kubernetes) chosen.set(kubernetes.metadata.name ?? '', kubernetes);
  if (asRecord(pod.spec).enableServiceLinks !== false) {
    const sorted = [...namespaceServices].sort((a, b) =>
      (a.metadata.name ?? '').localeCompare(b.metadata.name ?? ''),
    );
    for (const service of sorted) {
      if (clusterIP(service)) chosen.set(service.metadata.name ?? '', service);
    }
  }
  return [...chosen.values()].flatMap(serviceVariables);
}
