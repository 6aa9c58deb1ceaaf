import { describe, expect, it } from 'vitest';
import { candidateNames, hostsFileAddress, parseResolvConf } from './name-resolution.js';

const CLUSTER_FIRST =
  'search default.svc.cluster.local svc.cluster.local cluster.local\nnameserver 10.96.0.10\noptions ndots:5\n';

describe('name resolution in a pod (glibc getaddrinfo)', () => {
  it('reads the kubelet’s resolv.conf', () => {
    expect(parseResolvConf(CLUSTER_FIRST)).toEqual({
      search: ['default.svc.cluster.local', 'svc.cluster.local', 'cluster.local'],
      nameservers: ['10.96.0.10'],
      ndots: 5,
    });
  });

  it('tries the search list first for names with fewer than ndots dots', () => {
    const conf = parseResolvConf(CLUSTER_FIRST);
    expect(candidateNames('kubernetes.default.svc', conf)).toEqual([
      'kubernetes.default.svc.default.svc.cluster.local',
      'kubernetes.default.svc.svc.cluster.local',
      'kubernetes.default.svc.cluster.local',
      'kubernetes.default.svc',
    ]);
    expect(candidateNames('kubernetes.default.svc.cluster.local.', conf)).toEqual([
      'kubernetes.default.svc.cluster.local',
    ]);
    const node = parseResolvConf('nameserver 172.18.0.1\noptions edns0 trust-ad ndots:0\n');
    expect(candidateNames('kind-worker', node)).toEqual(['kind-worker']);
  });

  it('finds IPv4 entries of /etc/hosts, aliases included, ignoring IPv6 and comments', () => {
    const hosts =
      '# Kubernetes-managed hosts file.\n127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost\n10.244.1.5\tweb\n\n# Entries added by HostAliases.\n10.1.2.3\tfoo.remote\tbar.remote\n';
    expect(hostsFileAddress(hosts, 'localhost')).toBe('127.0.0.1');
    expect(hostsFileAddress(hosts, 'WEB')).toBe('10.244.1.5');
    expect(hostsFileAddress(hosts, 'bar.remote')).toBe('10.1.2.3');
    expect(hostsFileAddress(hosts, 'kubernetes')).toBeUndefined();
  });
});
