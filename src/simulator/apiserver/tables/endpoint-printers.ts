/**
 * `kubectl get endpoints` and `kubectl get endpointslices` (printers.go `printEndpoints`,
 * `formatEndpoints`, `printEndpointSlice`, `formatDiscoveryPorts`, `formatDiscoveryEndpoints`):
 * at most three entries, then ` + N more...`. Endpoints list `ip:port` of the ready addresses
 * only — a Service whose pods are all unready shows an empty cell, one without subsets
 * `<none>`; a slice without ports or endpoints shows `<unset>`.
 */
import type { KubeObject } from '../../kube-object.js';
import {
  AGE_COLUMN,
  ageOf,
  column,
  NAME_COLUMN,
  nameOf,
  type PrintedRow,
  type Printer,
} from './columns.js';
import { list, num, obj, str } from './read.js';

const MAX = 3;

/** `net.JoinHostPort`: an IPv6 host goes in brackets. */
function joinHostPort(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

/** `formatEndpoints(endpoints, nil)`. */
export function formatEndpoints(endpoints: KubeObject): string {
  const subsets = list(endpoints.subsets).map(obj);
  if (subsets.length === 0) return '<none>';
  const shown: string[] = [];
  let more = false;
  let count = 0;
  for (const subset of subsets) {
    const addresses = list(subset.addresses).map(obj);
    const ports = list(subset.ports).map(obj);
    // A headless Service may have no ports: its addresses are listed bare.
    const targets: (number | undefined)[] =
      ports.length === 0 ? [undefined] : ports.map((p) => num(p.port));
    for (const port of targets) {
      count += addresses.length;
      for (const address of addresses) {
        if (shown.length === MAX) {
          more = true;
          break;
        }
        const ip = str(address.ip);
        shown.push(port === undefined ? ip : joinHostPort(ip, port));
      }
    }
  }
  const joined = shown.join(',');
  return more ? `${joined} + ${count - MAX} more...` : joined;
}

function listWithMore(items: string[], count: number): string {
  const joined = items.slice(0, MAX).join(',');
  if (count > MAX) return `${joined} + ${count - MAX} more...`;
  return joined === '' ? '<unset>' : joined;
}

/** `formatDiscoveryPorts`: the port number, else its name, else `*` (all ports). */
export function formatSlicePorts(slice: KubeObject): string {
  const ports = list(slice.ports).map(obj);
  const items = ports.map((port) => {
    if (typeof port.port === 'number') return String(port.port);
    if (typeof port.name === 'string') return port.name;
    return '*';
  });
  return listWithMore(items, ports.length);
}

/** `formatDiscoveryEndpoints`: every address of every endpoint, whatever its conditions. */
export function formatSliceEndpoints(slice: KubeObject): string {
  const addresses = list(slice.endpoints)
    .map(obj)
    .flatMap((endpoint) => list(endpoint.addresses).map(str));
  return listWithMore(addresses, addresses.length);
}

export const endpointsPrinter: Printer = {
  columns: [
    NAME_COLUMN,
    column(
      'Endpoints',
      'string',
      'The set of all endpoints is the union of all subsets. Addresses are placed into subsets according to the IPs they share. A single address with multiple ports, some of which are ready and some of which are not (because they come from different containers) will result in the address being displayed in different subsets for the different ports. No address will appear in both Addresses and NotReadyAddresses in the same subset. Sets of addresses and ports that comprise a service.',
    ),
    AGE_COLUMN,
  ],
  row: (endpoints: KubeObject, now: number): PrintedRow => ({
    cells: [nameOf(endpoints), formatEndpoints(endpoints), ageOf(endpoints, now)],
  }),
};

/** The column docs are discovery/v1beta1's, as the 1.32 printers still take them from there. */
export const endpointSlicePrinter: Printer = {
  columns: [
    NAME_COLUMN,
    column(
      'AddressType',
      'string',
      'addressType specifies the type of address carried by this EndpointSlice. All addresses in this slice must be the same type. This field is immutable after creation. The following address types are currently supported: * IPv4: Represents an IPv4 Address. * IPv6: Represents an IPv6 Address. * FQDN: Represents a Fully Qualified Domain Name.',
    ),
    column(
      'Ports',
      'string',
      'ports specifies the list of network ports exposed by each endpoint in this slice. Each port must have a unique name. When ports is empty, it indicates that there are no defined ports. When a port is defined with a nil port value, it indicates "all ports". Each slice may include a maximum of 100 ports.',
    ),
    column(
      'Endpoints',
      'string',
      'endpoints is a list of unique endpoints in this slice. Each slice may include a maximum of 1000 endpoints.',
    ),
    AGE_COLUMN,
  ],
  row: (slice: KubeObject, now: number): PrintedRow => ({
    cells: [
      nameOf(slice),
      str(slice.addressType),
      formatSlicePorts(slice),
      formatSliceEndpoints(slice),
      ageOf(slice, now),
    ],
  }),
};
