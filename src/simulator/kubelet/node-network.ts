/**
 * A node's own network namespace, as a kind node (a Docker container on the `kind` network)
 * has it and a `hostNetwork` pod shares it: `lo`, `eth0` with the node's InternalIP on
 * 172.18.0.0/16 (and kind's IPv6 ULA), one `veth` per pod sandbox carrying the pod's gateway
 * address (kindnet's ptp plugin), and routes to the other nodes' pod CIDRs through their
 * InternalIPs. Also the node's `/etc/hosts` and `/etc/resolv.conf`, which Docker wrote and
 * kind's entrypoint patched, for the pods that use the node's network or DNS.
 */
import {
  type InterfaceAddress,
  LOOPBACK,
  type NetworkInterface,
  type NetworkRoute,
} from '../runtime/process/system-views.js';
import { type ClusterNetwork, PodSandboxNetwork } from './pod-network.js';

/** kind's docker network: IPv4 172.18.0.0/16 with the bridge at .1, IPv6 fc00:f853:ccd:e793::/64. */
const IPV6_PREFIX = 'fc00:f853:ccd:e793::';
const DOCKER_GATEWAY = '172.18.0.1';

/** Another node of the cluster, for the routes to its pods. */
export interface PeerNode {
  internalIP: string;
  podCIDR: string;
}

export interface NodeNetworkOptions {
  nodeName: string;
  hostIP: string;
  podCIDR: string;
  /** Every node of the cluster (this one included is fine: it is skipped). */
  peers: readonly PeerNode[];
  cluster: ClusterNetwork;
}

const octets = (ip: string) => ip.split('.').map((n) => Number(n) || 0);
const hex = (n: number) => n.toString(16).padStart(2, '0');

/** Docker's MAC for a container address: 02:42 and the four bytes of the IPv4 address. */
export function dockerMac(ip: string): string {
  return ['02', '42', ...octets(ip).map(hex)].join(':');
}

/** The EUI-64 link-local address of a Docker MAC (`fe80::42:acff:fe12:3`). */
function linkLocal(ip: string): string {
  const [a = 0, b = 0, c = 0, d = 0] = octets(ip);
  const groups = [0x0042, (a << 8) | 0xff, 0xfe00 | b, (c << 8) | d];
  return `fe80::${groups.map((g) => g.toString(16)).join(':')}`;
}

/** The host-side veth's name: `veth` and eight hex digits, stable for one pod IP. */
export function vethName(podIP: string): string {
  let seed = 0x811c9dc5;
  for (const c of podIP) seed = Math.imul(seed ^ c.charCodeAt(0), 0x01000193) >>> 0;
  return `veth${seed.toString(16).padStart(8, '0')}`;
}

export class NodeNetwork {
  /** The namespace itself: the ports hostNetwork pods listen on, reachable at the node's IP. */
  readonly namespace: PodSandboxNetwork;
  private readonly pods = new Set<string>();

  constructor(private readonly options: NodeNetworkOptions) {
    this.namespace = new PodSandboxNetwork(options.hostIP, options.nodeName, options.cluster, {
      interfaces: () => this.interfaces(),
      routes: () => this.routes(),
    });
    options.cluster.register(this.namespace);
  }

  /** A pod sandbox on this node got `podIP`: its veth appears here. */
  attach(podIP: string): void {
    this.pods.add(podIP);
  }

  detach(podIP: string): void {
    this.pods.delete(podIP);
  }

  interfaces(): NetworkInterface[] {
    const { hostIP } = this.options;
    const host = octets(hostIP)[3] ?? 0;
    const eth0: NetworkInterface = {
      // Moved in by Docker with its index; its peer lives in the Docker host's namespace.
      index: 3,
      name: 'eth0',
      peerIndex: 4,
      linkType: 'ether',
      flags: ['BROADCAST', 'MULTICAST', 'UP', 'LOWER_UP'],
      mtu: 1500,
      qdisc: 'noqueue',
      queueLength: 1000,
      mac: dockerMac(hostIP),
      linkBroadcast: 'ff:ff:ff:ff:ff:ff',
      addresses: [
        {
          family: 'inet',
          address: hostIP,
          prefixLength: 16,
          broadcast: '172.18.255.255',
          scope: 'global',
        },
        { family: 'inet6', address: `${IPV6_PREFIX}${host}`, prefixLength: 64, scope: 'global' },
        { family: 'inet6', address: linkLocal(hostIP), prefixLength: 64, scope: 'link' },
      ],
    };
    const gateway = this.gateway();
    const veths = [...this.pods]
      .sort((a, b) => (octets(a)[3] ?? 0) - (octets(b)[3] ?? 0))
      .map((podIP): NetworkInterface => {
        const mac = dockerMac(podIP).replace(/^02:42/, '0e:7f');
        const addresses: InterfaceAddress[] = [
          // ptp gives every host-side veth the gateway address, /32.
          { family: 'inet', address: gateway, prefixLength: 32, scope: 'global' },
          { family: 'inet6', address: linkLocal(podIP), prefixLength: 64, scope: 'link' },
        ];
        return {
          // The pod's eth0 names this index as its peer (network-view.ts): host part + 4.
          index: (octets(podIP)[3] ?? 0) + 4,
          name: vethName(podIP),
          peerIndex: 2,
          linkType: 'ether',
          flags: ['BROADCAST', 'MULTICAST', 'UP', 'LOWER_UP'],
          mtu: 1500,
          qdisc: 'noqueue',
          queueLength: 1000,
          mac,
          linkBroadcast: 'ff:ff:ff:ff:ff:ff',
          addresses,
        };
      });
    return [LOOPBACK, eth0, ...veths];
  }

  /** The main table, in the kernel's order (by destination address, default first). */
  routes(): NetworkRoute[] {
    const { hostIP, peers, podCIDR } = this.options;
    const routes: NetworkRoute[] = [
      { destination: `172.18.0.0/16`, device: 'eth0', scope: 'link', source: hostIP },
    ];
    for (const peer of peers) {
      if (peer.podCIDR === podCIDR || peer.internalIP === hostIP) continue;
      routes.push({ destination: peer.podCIDR, gateway: peer.internalIP, device: 'eth0' });
    }
    for (const podIP of this.pods) {
      routes.push({ destination: podIP, device: vethName(podIP), scope: 'host' });
    }
    const key = (route: NetworkRoute) => {
      const [address = '', bits = '32'] = route.destination.split('/');
      return octets(address).reduce((n, part) => n * 256 + part, 0) * 64 + Number(bits);
    };
    routes.sort((a, b) => key(a) - key(b));
    return [{ destination: 'default', gateway: DOCKER_GATEWAY, device: 'eth0' }, ...routes];
  }

  /** The node's /etc/hosts as Docker writes it (ff00/ff02 where the kubelet writes fe00). */
  hostsFile(): string {
    const { hostIP, nodeName } = this.options;
    const host = octets(hostIP)[3] ?? 0;
    return [
      '127.0.0.1\tlocalhost',
      '::1\tlocalhost ip6-localhost ip6-loopback',
      'fe00::0\tip6-localnet',
      'ff00::0\tip6-mcastprefix',
      'ff02::1\tip6-allnodes',
      'ff02::2\tip6-allrouters',
      `${hostIP}\t${nodeName}`,
      `${IPV6_PREFIX}${host}\t${nodeName}`,
      '',
    ].join('\n');
  }

  /**
   * What the kubelet writes for a pod using the node's DNS (`dnsPolicy: Default`, or a
   * hostNetwork pod under ClusterFirst): the node's nameserver — Docker's embedded DNS, which
   * kind's entrypoint points at the network's gateway — and options.
   */
  resolvConf(): string {
    return `nameserver ${DOCKER_GATEWAY}\noptions edns0 trust-ad ndots:0\n`;
  }

  /** The gateway address of this node's pod CIDR (`.1`). */
  private gateway(): string {
    const base = this.options.podCIDR.split('/')[0] ?? '10.244.0.0';
    return `${base.split('.').slice(0, 3).join('.')}.1`;
  }
}
