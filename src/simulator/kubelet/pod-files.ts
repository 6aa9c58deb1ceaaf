/**
 * The files the kubelet writes for each pod and bind-mounts into every container:
 * `/etc/hosts` (managedHostsFileContent), `/etc/hostname` and `/etc/resolv.conf`.
 */
import type { KubeObject } from '../kube-object.js';

type Json = Record<string, unknown>;
const asRecord = (value: unknown): Json =>
  value && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : {};
const str = (value: unknown): string => (typeof value === 'string' ? value : '');

/** GeneratePodHostNameAndDomain: `spec.hostname` or the pod name, cut to 63 characters. */
export function podHostname(pod: KubeObject): { hostname: string; domain: string } {
  const spec = asRecord(pod.spec);
  const hostname = (str(spec.hostname) || (pod.metadata.name ?? ''))
    .slice(0, 63)
    .replace(/[-.]+$/, '');
  const subdomain = str(spec.subdomain);
  const domain = subdomain
    ? `${subdomain}.${pod.metadata.namespace ?? 'default'}.svc.cluster.local`
    : '';
  return { hostname, domain };
}

export function hostsFile(pod: KubeObject, podIPs: readonly string[]): string {
  const { hostname, domain } = podHostname(pod);
  const lines = [
    '# Kubernetes-managed hosts file.',
    '127.0.0.1\tlocalhost',
    '::1\tlocalhost ip6-localhost ip6-loopback',
    'fe00::0\tip6-localnet',
    'fe00::0\tip6-mcastprefix',
    'fe00::1\tip6-allnodes',
    'fe00::2\tip6-allrouters',
  ];
  for (const ip of podIPs) {
    lines.push(domain ? `${ip}\t${hostname}.${domain}\t${hostname}` : `${ip}\t${hostname}`);
  }
  return `${lines.join('\n')}\n${hostAliasLines(pod)}`;
}

/**
 * A hostNetwork pod's /etc/hosts (nodeHostsFileContent): the kubelet's header, then the
 * node's own file as it is, then the hostAliases.
 */
export function hostNetworkHostsFile(pod: KubeObject, nodeHosts: string): string {
  return `# Kubernetes-managed hosts file (host network).\n${nodeHosts}${hostAliasLines(pod)}`;
}

function hostAliasLines(pod: KubeObject): string {
  const aliases = Array.isArray(asRecord(pod.spec).hostAliases)
    ? (asRecord(pod.spec).hostAliases as unknown[]).map(asRecord)
    : [];
  if (aliases.length === 0) return '';
  const lines = ['', '# Entries added by HostAliases.'];
  for (const alias of aliases) {
    const names = Array.isArray(alias.hostnames) ? alias.hostnames.map(str) : [];
    lines.push(`${str(alias.ip)}\t${names.join('\t')}`);
  }
  return `${lines.join('\n')}\n`;
}

export function resolvConf(pod: KubeObject): string {
  const ns = pod.metadata.namespace ?? 'default';
  return `search ${ns}.svc.cluster.local svc.cluster.local cluster.local\nnameserver 10.96.0.10\noptions ndots:5\n`;
}
