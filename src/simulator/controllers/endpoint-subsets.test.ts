import { describe, expect, it } from 'vitest';
import { type EndpointAddress, repackSubsets } from './endpoint-subsets.js';

const address = (ip: string, uid = `uid-${ip}`): EndpointAddress => ({
  ip,
  targetRef: { kind: 'Pod', namespace: 'default', name: `pod-${ip}`, uid },
});
const http = { name: 'http', port: 8080, protocol: 'TCP' };
const metrics = { name: 'metrics', port: 9090, protocol: 'TCP' };

describe('RepackSubsets', () => {
  it('puts the addresses offering the same ports in one subset, ports in Service order', () => {
    const subsets = repackSubsets([
      { address: address('10.0.0.2'), port: http, ready: true },
      { address: address('10.0.0.2'), port: metrics, ready: true },
      { address: address('10.0.0.1'), port: http, ready: true },
      { address: address('10.0.0.1'), port: metrics, ready: true },
      { address: address('10.0.0.3'), port: http, ready: true },
    ]);
    expect(subsets).toEqual([
      {
        addresses: [address('10.0.0.1'), address('10.0.0.2'), address('10.0.0.3')],
        ports: [http],
      },
      { addresses: [address('10.0.0.1'), address('10.0.0.2')], ports: [metrics] },
    ]);
  });

  it('lets not ready win for an address seen twice on a port, and sorts IPs as bytes', () => {
    const subsets = repackSubsets([
      { address: address('10.0.0.9'), port: http, ready: true },
      { address: address('10.0.0.9'), port: http, ready: false },
      { address: address('10.0.0.10'), port: http, ready: true },
      { address: address('10.0.0.1'), port: http, ready: true },
    ]);
    expect(subsets).toEqual([
      {
        addresses: [address('10.0.0.1'), address('10.0.0.10')],
        notReadyAddresses: [address('10.0.0.9')],
        ports: [http],
      },
    ]);
  });

  it('keeps two pods sharing an IP apart (by UID), and port-less addresses without ports', () => {
    expect(
      repackSubsets([
        { address: address('10.0.0.1', 'b'), port: undefined, ready: true },
        { address: address('10.0.0.1', 'a'), port: undefined, ready: true },
      ]),
    ).toEqual([{ addresses: [address('10.0.0.1', 'a'), address('10.0.0.1', 'b')] }]);
    expect(repackSubsets([])).toEqual([]);
  });
});
