/**
 * `RepackSubsets` (pkg/api/v1/endpoints): the canonical layout of an Endpoints object. Every
 * (address, port) pair the controller found is regrouped so that addresses offering the same
 * ports share one subset; an address that is not ready on some port is not ready there (not
 * ready wins); addresses are sorted by IP, then by pod UID. A headless Service without ports
 * keeps its addresses in a subset without ports.
 *
 * Go orders ports and subsets by an MD5 of their dump, which cannot be reproduced here; ports
 * keep the Service's order and subsets the order they first appear in (for the usual single
 * subset the output is the same).
 */

export interface ObjectReference {
  kind: string;
  namespace: string;
  name: string;
  uid: string;
}

/** `v1.EndpointAddress`, fields in Go order. */
export interface EndpointAddress {
  ip: string;
  hostname?: string;
  nodeName?: string;
  targetRef?: ObjectReference;
}

/** `v1.EndpointPort` (`name` omitted when empty). */
export interface EndpointPort {
  name?: string;
  port: number;
  protocol: string;
  appProtocol?: string;
}

export interface EndpointSubset {
  addresses?: EndpointAddress[];
  notReadyAddresses?: EndpointAddress[];
  ports?: EndpointPort[];
}

/** One address found for one port (or for no port: a headless Service without ports). */
export interface AddressOnPort {
  address: EndpointAddress;
  port: EndpointPort | undefined;
  ready: boolean;
}

/** `LessEndpointAddress`: by IP (byte order), then by the target's UID. */
export function compareAddresses(a: EndpointAddress, b: EndpointAddress): number {
  if (a.ip !== b.ip) return Buffer.compare(Buffer.from(a.ip), Buffer.from(b.ip));
  // An address without a target sorts before one with a target.
  if (!a.targetRef || !b.targetRef) return (a.targetRef ? 1 : 0) - (b.targetRef ? 1 : 0);
  const [x, y] = [a.targetRef.uid, b.targetRef.uid];
  return x < y ? -1 : x > y ? 1 : 0;
}

/** The sentinel Go maps port-less addresses under (`Port: -1`). */
const NO_PORT = '-';

function addressKey(address: EndpointAddress): string {
  return `${address.ip}/${address.targetRef?.uid ?? ''}`;
}

export function repackSubsets(found: readonly AddressOnPort[]): EndpointSubset[] {
  const addresses = new Map<string, EndpointAddress>();
  const ports = new Map<string, EndpointPort | undefined>();
  // port → address key → ready
  const byPort = new Map<string, Map<string, boolean>>();
  for (const { address, port, ready } of found) {
    const key = addressKey(address);
    if (!addresses.has(key)) addresses.set(key, address);
    const portKey = port ? JSON.stringify(port) : NO_PORT;
    if (!ports.has(portKey)) ports.set(portKey, port);
    let set = byPort.get(portKey);
    if (!set) {
      set = new Map();
      byPort.set(portKey, set);
    }
    const was = set.get(key);
    // Not ready on one container's port makes the address not ready on that port.
    if (was === undefined || was) set.set(key, ready);
  }
  // Ports offered by the very same addresses (same readiness) share a subset.
  const groups = new Map<string, { set: Map<string, boolean>; portKeys: string[] }>();
  for (const [portKey, set] of byPort) {
    const signature = JSON.stringify(
      [...set.entries()]
        .map(([key, ready]) => ({ address: addresses.get(key) as EndpointAddress, ready }))
        .sort((a, b) => compareAddresses(a.address, b.address))
        .map(({ address, ready }) => [addressKey(address), ready]),
    );
    const group = groups.get(signature);
    if (group) group.portKeys.push(portKey);
    else groups.set(signature, { set, portKeys: [portKey] });
  }
  const subsets: EndpointSubset[] = [];
  for (const { set, portKeys } of groups.values()) {
    const ready: EndpointAddress[] = [];
    const notReady: EndpointAddress[] = [];
    for (const [key, isReady] of set) {
      (isReady ? ready : notReady).push(addresses.get(key) as EndpointAddress);
    }
    ready.sort(compareAddresses);
    notReady.sort(compareAddresses);
    const subsetPorts = portKeys
      .filter((key) => key !== NO_PORT)
      .map((key) => ports.get(key) as EndpointPort);
    subsets.push({
      ...(ready.length ? { addresses: ready } : {}),
      ...(notReady.length ? { notReadyAddresses: notReady } : {}),
      ...(subsetPorts.length ? { ports: subsetPorts } : {}),
    });
  }
  return subsets;
}
