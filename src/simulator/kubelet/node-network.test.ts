import { describe, expect, it } from 'vitest';
import { dockerMac, NodeNetwork, vethName } from './node-network.js';
import { ClusterNetwork } from './pod-network.js';

const peers = [
  { internalIP: '172.18.0.2', podCIDR: '10.244.0.0/24' },
  { internalIP: '172.18.0.3', podCIDR: '10.244.1.0/24' },
  { internalIP: '172.18.0.4', podCIDR: '10.244.2.0/24' },
];

function worker() {
  const cluster = new ClusterNetwork();
  const node = new NodeNetwork({
    nodeName: 'pod-course-worker',
    hostIP: '172.18.0.3',
    podCIDR: '10.244.1.0/24',
    peers,
    cluster,
  });
  return { cluster, node };
}

describe('a kind node’s network namespace', () => {
  it('has lo, eth0 with the node’s addresses, and a veth with the gateway per pod', () => {
    const { node } = worker();
    node.attach('10.244.1.2');
    const [lo, eth0, veth] = node.interfaces();
    expect(lo?.name).toBe('lo');
    expect(eth0).toMatchObject({ name: 'eth0', mac: '02:42:ac:12:00:03' });
    expect(eth0?.addresses.map((a) => `${a.address}/${a.prefixLength}`)).toEqual([
      '172.18.0.3/16',
      'fc00:f853:ccd:e793::3/64',
      'fe80::42:acff:fe12:3/64',
    ]);
    // The pod's eth0 names index host part + 4 as its peer: this veth.
    expect(veth).toMatchObject({ index: 6, name: vethName('10.244.1.2'), peerIndex: 2 });
    expect(veth?.addresses[0]).toMatchObject({ address: '10.244.1.1', prefixLength: 32 });
    node.detach('10.244.1.2');
    expect(node.interfaces()).toHaveLength(2);
  });

  it('routes to the other nodes’ pods through their InternalIPs, to its own through veths', () => {
    const { node } = worker();
    node.attach('10.244.1.7');
    expect(node.routes()).toEqual([
      { destination: 'default', gateway: '172.18.0.1', device: 'eth0' },
      { destination: '10.244.0.0/24', gateway: '172.18.0.2', device: 'eth0' },
      { destination: '10.244.1.7', device: vethName('10.244.1.7'), scope: 'host' },
      { destination: '10.244.2.0/24', gateway: '172.18.0.4', device: 'eth0' },
      { destination: '172.18.0.0/16', device: 'eth0', scope: 'link', source: '172.18.0.3' },
    ]);
  });

  it('is reachable at the node’s IP; a hostNetwork pod’s share closes only its own ports', async () => {
    const { cluster, node } = worker();
    const pod = node.namespace.lease();
    expect([pod.podIP, pod.hostname]).toEqual(['172.18.0.3', 'pod-course-worker']);
    expect(pod.interfaces?.()).toEqual(node.interfaces());
    const body = new TextEncoder().encode('ok');
    pod.listen(80, async () => ({ status: 200, headers: {}, body }));
    expect(() =>
      node.namespace.listen(80, async () => ({ status: 500, headers: {}, body })),
    ).toThrow('address already in use');
    node.namespace.listen(10250, async () => ({ status: 200, headers: {}, body }));
    const found = cluster.byIP('172.18.0.3');
    expect(found?.isListening(80)).toBe(true);
    pod.close();
    expect([found?.isListening(80), found?.isListening(10250)]).toEqual([false, true]);
  });

  it('writes Docker’s hosts file and the node’s resolver', () => {
    const { node } = worker();
    expect(node.hostsFile().split('\n').slice(-3)).toEqual([
      '172.18.0.3\tpod-course-worker',
      'fc00:f853:ccd:e793::3\tpod-course-worker',
      '',
    ]);
    expect(node.resolvConf()).toBe('nameserver 172.18.0.1\noptions edns0 trust-ad ndots:0\n');
    expect(dockerMac('172.18.0.2')).toBe('02:42:ac:12:00:02');
  });
});
