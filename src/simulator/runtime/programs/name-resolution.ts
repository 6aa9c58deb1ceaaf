/**
 * getaddrinfo as a program in a pod meets it: `/etc/hosts` first (the kubelet's file: localhost,
 * the pod's own name, hostAliases), then the nameserver of `/etc/resolv.conf` with its search
 * list and `ndots` — so `kubernetes`, `kubernetes.default` and `kubernetes.default.svc` all find
 * the `kubernetes` Service through `default.svc.cluster.local svc.cluster.local cluster.local`.
 */

import type { ProcessContext } from '../process/contracts.js';
import { text } from './io.js';

export interface ResolvConf {
  search: string[];
  nameservers: string[];
  ndots: number;
}

const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;

export function isIPv4Literal(host: string): boolean {
  return IPV4.test(host);
}

/** resolv.conf(5): the last `search` line wins, `ndots` defaults to 1. */
export function parseResolvConf(content: string): ResolvConf {
  const conf: ResolvConf = { search: [], nameservers: [], ndots: 1 };
  for (const line of content.split('\n')) {
    const [keyword, ...values] = line.trim().split(/\s+/);
    if (keyword === 'nameserver' && values[0]) conf.nameservers.push(values[0]);
    else if (keyword === 'search' || keyword === 'domain') conf.search = values;
    else if (keyword === 'options') {
      for (const option of values) {
        const ndots = /^ndots:(\d+)$/.exec(option);
        if (ndots) conf.ndots = Math.min(Number(ndots[1]), 15);
      }
    }
  }
  return conf;
}

/** The first IPv4 address `/etc/hosts` gives `name` (names compare case-insensitively). */
export function hostsFileAddress(content: string, name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const line of content.split('\n')) {
    const [address, ...names] = (line.split('#')[0] ?? '').trim().split(/\s+/);
    if (!address || !IPV4.test(address)) continue;
    if (names.some((n) => n.toLowerCase() === wanted)) return address;
  }
  return undefined;
}

/** The names tried in order: the search list first unless the name has `ndots` dots already. */
export function candidateNames(name: string, conf: ResolvConf): string[] {
  if (name.endsWith('.')) return [name.slice(0, -1)];
  const searched = conf.search.map((domain) => `${name}.${domain}`);
  const dots = name.split('.').length - 1;
  return dots >= conf.ndots ? [name, ...searched] : [...searched, name];
}

function readFile(context: ProcessContext, path: string): string | undefined {
  try {
    return text(context.fs.readFile(path));
  } catch {
    return undefined;
  }
}

/**
 * The IPv4 address `host` resolves to in this process's pod, or undefined (curl's `Could not
 * resolve host`, busybox's `bad address`).
 */
export async function resolveHost(
  context: ProcessContext,
  host: string,
): Promise<string | undefined> {
  if (isIPv4Literal(host)) return host;
  const hosts = readFile(context, '/etc/hosts');
  if (hosts === undefined) {
    // A container without the kubelet's files (tests of single programs): the names it writes.
    if (host === 'localhost') return '127.0.0.1';
    if (host === context.network.hostname) return context.network.podIP;
  } else {
    const fromHosts = hostsFileAddress(hosts, host);
    if (fromHosts) return fromHosts;
  }
  const lookup = context.network.lookup;
  const resolv = readFile(context, '/etc/resolv.conf');
  if (!lookup || resolv === undefined) return undefined;
  const conf = parseResolvConf(resolv);
  const server = conf.nameservers[0];
  if (!server) return undefined;
  for (const candidate of candidateNames(host, conf)) {
    const [address] = await lookup.call(context.network, server, candidate);
    if (address) return address;
  }
  return undefined;
}
