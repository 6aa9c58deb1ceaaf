import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../kube-object.js';
import { endpointSlicePrinter, endpointsPrinter } from './endpoint-printers.js';
import { printerFor } from './printers.js';

const NOW = Date.parse('2026-11-23T12:00:00Z');
const CREATED = '2026-11-23T11:59:00Z';

function make(kind: string, fields: Record<string, unknown>): KubeObject {
  return {
    apiVersion: kind === 'EndpointSlice' ? 'discovery.k8s.io/v1' : 'v1',
    kind,
    metadata: { name: 'web', namespace: 'default', creationTimestamp: CREATED },
    ...fields,
  };
}

const ips = (...list: string[]) => list.map((ip) => ({ ip }));

describe('kubectl get endpoints', () => {
  const cells = (subsets?: unknown) =>
    endpointsPrinter.row(make('Endpoints', subsets === undefined ? {} : { subsets }), NOW).cells;

  it('has the columns Name, Endpoints, Age and is the printer of `endpoints`', () => {
    expect(endpointsPrinter.columns.map((c) => c.name)).toEqual(['Name', 'Endpoints', 'Age']);
    expect(printerFor('endpoints')).toBe(endpointsPrinter);
    expect(printerFor('endpointslices.discovery.k8s.io')).toBe(endpointSlicePrinter);
  });

  it('shows ip:port of ready addresses, three at most, then how many more', () => {
    const port = [{ port: 80, protocol: 'TCP' }];
    expect(cells([{ addresses: ips('10.244.1.2', '10.244.2.2'), ports: port }])).toEqual([
      'web',
      '10.244.1.2:80,10.244.2.2:80',
      '60s',
    ]);
    const five = ips('10.0.0.1', '10.0.0.2', '10.0.0.3', '10.0.0.4', '10.0.0.5');
    expect(cells([{ addresses: five, ports: port }])[1]).toBe(
      '10.0.0.1:80,10.0.0.2:80,10.0.0.3:80 + 2 more...',
    );
    // Each port counts every address again.
    const two = [
      { port: 80, protocol: 'TCP' },
      { port: 443, protocol: 'TCP' },
    ];
    expect(cells([{ addresses: ips('10.0.0.1', '10.0.0.2'), ports: two }])[1]).toBe(
      '10.0.0.1:80,10.0.0.2:80,10.0.0.1:443 + 1 more...',
    );
  });

  it('is <none> without subsets, empty when nothing is ready, bare IPs without ports', () => {
    expect(cells()[1]).toBe('<none>');
    expect(cells([{ notReadyAddresses: ips('10.0.0.1'), ports: [{ port: 80 }] }])[1]).toBe('');
    expect(cells([{ addresses: ips('10.0.0.1') }])[1]).toBe('10.0.0.1');
  });
});

describe('kubectl get endpointslices', () => {
  const cells = (fields: Record<string, unknown>) =>
    endpointSlicePrinter.row(make('EndpointSlice', { addressType: 'IPv4', ...fields }), NOW).cells;
  const endpoint = (ip: string) => ({ addresses: [ip], conditions: { ready: false } });

  it('has the columns Name, AddressType, Ports, Endpoints, Age', () => {
    expect(endpointSlicePrinter.columns.map((c) => c.name)).toEqual([
      'Name',
      'AddressType',
      'Ports',
      'Endpoints',
      'Age',
    ]);
  });

  it('lists ports and every address whatever its conditions, three at most', () => {
    expect(
      cells({
        ports: [{ name: '', port: 80, protocol: 'TCP' }],
        endpoints: [endpoint('10.0.0.1'), endpoint('10.0.0.2')],
      }),
    ).toEqual(['web', 'IPv4', '80', '10.0.0.1,10.0.0.2', '60s']);
    const four = ['1', '2', '3', '4'].map((n) => endpoint(`10.0.0.${n}`));
    const ports = [{ port: 1 }, { name: 'named' }, {}, { port: 4 }];
    expect(cells({ ports, endpoints: four }).slice(2, 4)).toEqual([
      '1,named,* + 1 more...',
      '10.0.0.1,10.0.0.2,10.0.0.3 + 1 more...',
    ]);
  });

  it('shows <unset> for a placeholder without ports or endpoints', () => {
    expect(cells({ ports: null, endpoints: null })).toEqual([
      'web',
      'IPv4',
      '<unset>',
      '<unset>',
      '60s',
    ]);
  });
});
