import type { PodNetwork } from '../process/contracts.js';
import { LOOPBACK, type NetworkInterface, type NetworkRoute } from '../process/system-views.js';

/**
 * A pod's network namespace as kindnet's ptp plugin builds it: `lo`, and `eth0` — one end of
 * a veth pair whose other end lives on the node — with the pod IP in the node's /24, the
 * node's `.1` as gateway and a host route to it. Used when the network gives no view of its
 * own (a hostNetwork pod's network gives the node's interfaces instead).
 */

export function interfacesOf(network: PodNetwork): NetworkInterface[] {
  return network.interfaces?.() ?? podInterfaces(network.podIP);
}

export function routesOf(network: PodNetwork): NetworkRoute[] {
  return network.routes?.() ?? podRoutes(network.podIP);
}

function octets(ip: string): number[] | undefined {
  const parts = ip.split('.').map(Number);
  if (parts.length !== 4 || parts.some((n) => !Number.isInteger(n) || n < 0 || n > 255)) {
    return undefined;
  }
  return parts;
}

/** A pod without a network of its own (tests, the unreachable network) has only `lo`. */
function hasPodAddress(ip: string): boolean {
  const parts = octets(ip);
  return parts !== undefined && parts[0] !== 127;
}

export function podInterfaces(podIP: string): NetworkInterface[] {
  const parts = octets(podIP);
  if (!parts || !hasPodAddress(podIP)) return [LOOPBACK];
  const mac = macFor(parts);
  return [
    LOOPBACK,
    {
      index: 2,
      name: 'eth0',
      // The node-side veth's ifindex: the node numbers its veths as pods come, after its own
      // few interfaces; a pod's host part keeps it stable and distinct on one node.
      peerIndex: (parts[3] ?? 0) + 4,
      linkType: 'ether',
      flags: ['BROADCAST', 'MULTICAST', 'UP', 'LOWER_UP'],
      mtu: 1500,
      qdisc: 'noqueue',
      queueLength: 1000,
      mac,
      linkBroadcast: 'ff:ff:ff:ff:ff:ff',
      addresses: [
        {
          family: 'inet',
          address: podIP,
          prefixLength: 24,
          broadcast: `${parts.slice(0, 3).join('.')}.255`,
          scope: 'global',
        },
        { family: 'inet6', address: linkLocal(mac), prefixLength: 64, scope: 'link' },
      ],
    },
  ];
}

/** ptp's routes: everything via the gateway, which is reached by a link-scope host route. */
export function podRoutes(podIP: string): NetworkRoute[] {
  const parts = octets(podIP);
  if (!parts || !hasPodAddress(podIP)) return [];
  const net = parts.slice(0, 3).join('.');
  const gateway = `${net}.1`;
  return [
    { destination: 'default', gateway, device: 'eth0' },
    { destination: `${net}.0/24`, gateway, device: 'eth0', source: podIP },
    { destination: gateway, device: 'eth0', scope: 'link', source: podIP },
  ];
}

/**
 * The veth's MAC: random in reality (locally administered, unicast), here derived from the
 * pod IP so it stays the same for the pod's lifetime and across `ip` calls.
 */
function macFor(parts: number[]): string {
  let seed = 0x9e3779b9;
  for (const part of parts) seed = Math.imul(seed ^ part, 0x85ebca6b) >>> 0;
  const bytes = [0, 0, 0, 0, 0, 0].map((_, i) => {
    seed = Math.imul(seed ^ (seed >>> 13), 0xc2b2ae35) >>> 0;
    return (seed >>> (i * 3)) & 0xff;
  });
  bytes[0] = ((bytes[0] ?? 0) & 0xfc) | 0x02;
  return bytes.map((b) => b.toString(16).padStart(2, '0')).join(':');
}

/** The EUI-64 link-local address the kernel gives an interface from its MAC. */
function linkLocal(mac: string): string {
  const b = mac.split(':').map((h) => Number.parseInt(h, 16));
  const eui = [(b[0] ?? 0) ^ 0x02, b[1], b[2], 0xff, 0xfe, b[3], b[4], b[5]].map((n) => n ?? 0);
  const groups: string[] = [];
  for (let i = 0; i < 8; i += 2) {
    groups.push((((eui[i] ?? 0) << 8) | (eui[i + 1] ?? 0)).toString(16));
  }
  // inet_ntop folds the zero groups after fe80 into its `::`.
  while (groups.length > 1 && groups[0] === '0') groups.shift();
  return `fe80::${groups.join(':')}`;
}
