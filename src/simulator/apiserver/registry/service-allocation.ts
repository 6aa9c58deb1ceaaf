/**
 * What kube-apiserver's Service REST storage allocates on create (`pkg/registry/core/service/
 * ipallocator`, `portallocator`): a ClusterIP from the service CIDR (kind's 10.96.0.0/12) and a
 * NodePort from 30000-32767 per port. The allocator's bitmap is not kept anywhere: the stored
 * Services are the allocations, which is what the real repair controller rebuilds them from.
 */

import { fieldInvalid, goValue } from '../../admission/field-errors.js';
import { asArray, asObject, asObjects, asString } from '../../admission/json-access.js';
import { goStringSlice } from '../../admission/object-meta-validation.js';
import type { KubeObject } from '../../kube-object.js';
import type { FieldError } from '../status.js';
import type { Storage } from '../storage.js';

export const SERVICE_CIDR = '10.96.0.0/12';
const CIDR_BASE = ipToNumber('10.96.0.0');
const CIDR_SIZE = 2 ** 20;
/**
 * Dynamic allocation prefers the upper band: the first min(max(16, size/16), 256) addresses are
 * left for static ones (`10.96.0.1` for `kubernetes`, `10.96.0.10` for kube-dns).
 */
const STATIC_BAND = 256;
export const NODE_PORT_RANGE = { first: 30000, last: 32767 } as const;

export function ipToNumber(ip: string): number {
  return ip.split('.').reduce((n, part) => n * 256 + Number(part), 0);
}

function numberToIp(n: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(n / 2 ** shift) % 256).join('.');
}

export function isIPv4(value: string): boolean {
  const parts = value.split('.');
  return (
    parts.length === 4 &&
    parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255 && !/^0\d/.test(p))
  );
}

function inServiceCidr(ip: string): boolean {
  const n = ipToNumber(ip) - CIDR_BASE;
  // The network and broadcast addresses are never handed out.
  return n > 0 && n < CIDR_SIZE - 1;
}

/** ClusterIPs and NodePorts held by stored Services, except `except` (the one being updated). */
function allocated(storage: Storage, except?: KubeObject) {
  const ips = new Set<string>();
  const nodePorts = new Set<number>();
  for (const service of storage.list('services').items) {
    if (except && service.metadata.uid === except.metadata.uid) continue;
    const spec = asObject(service.spec) ?? {};
    for (const ip of asArray(spec.clusterIPs)) if (typeof ip === 'string') ips.add(ip);
    for (const port of asObjects(spec.ports)) {
      if (typeof port.nodePort === 'number') nodePorts.add(port.nodePort);
    }
  }
  return { ips, nodePorts };
}

const allocationError = (ips: string[], ip: string, reason: string) =>
  fieldInvalid(
    'spec.clusterIPs',
    goValue(goStringSlice(ips)),
    `failed to allocate IP ${ip}: ${reason}`,
  );

/**
 * Gives `spec.clusterIPs[0]` an address when it asks for one (empty) and checks one the client
 * chose. `None` (headless) and ExternalName Services hold no address. Returns the errors the
 * real allocator reports, as 422 field errors on `spec.clusterIPs`.
 */
export function allocateClusterIP(
  service: KubeObject,
  storage: Storage,
  old?: KubeObject,
): FieldError[] {
  const spec = asObject(service.spec) ?? {};
  if (asString(spec.type) === 'ExternalName') return [];
  const ips = asArray(spec.clusterIPs).filter((ip): ip is string => typeof ip === 'string');
  const wanted = ips[0] ?? '';
  if (wanted === 'None') return [];
  const oldIPs = asArray(asObject(old?.spec)?.clusterIPs);
  if (wanted !== '' && oldIPs[0] === wanted) return [];
  // A malformed address is validation's to report, with its own message.
  if (wanted !== '' && !isIPv4(wanted)) return [];
  const taken = allocated(storage, old).ips;
  if (wanted !== '') {
    if (!inServiceCidr(wanted)) {
      return [
        allocationError(
          ips,
          wanted,
          `the provided IP (${wanted}) is not in the valid range. The range of valid IPs is ${SERVICE_CIDR}`,
        ),
      ];
    }
    if (taken.has(wanted))
      return [allocationError(ips, wanted, 'provided IP is already allocated')];
    return [];
  }
  const span = CIDR_SIZE - 1 - STATIC_BAND;
  const start = Math.floor(Math.random() * span);
  for (let i = 0; i < span; i++) {
    const candidate = numberToIp(CIDR_BASE + STATIC_BAND + ((start + i) % span));
    if (!taken.has(candidate)) {
      spec.clusterIP = candidate;
      spec.clusterIPs = [candidate];
      return [];
    }
  }
  return [allocationError([], '', 'range is full')];
}

/** NodePort and LoadBalancer Services get a node port on each port that has none. */
export function allocateNodePorts(
  service: KubeObject,
  storage: Storage,
  old?: KubeObject,
): FieldError[] {
  const spec = asObject(service.spec) ?? {};
  const type = asString(spec.type);
  if (type !== 'NodePort' && type !== 'LoadBalancer') return [];
  const taken = allocated(storage, old).nodePorts;
  const errors: FieldError[] = [];
  const ports = asObjects(spec.ports);
  const { first, last } = NODE_PORT_RANGE;
  ports.forEach((port, i) => {
    const wanted = port.nodePort;
    if (typeof wanted === 'number' && wanted !== 0) {
      const path = `spec.ports[${i}].nodePort`;
      if (wanted < first || wanted > last) {
        errors.push(
          fieldInvalid(
            path,
            wanted,
            `provided port is not in the valid range. The range of valid ports is ${first}-${last}`,
          ),
        );
      } else if (taken.has(wanted)) {
        errors.push(fieldInvalid(path, wanted, 'provided port is already allocated'));
      }
      taken.add(wanted);
      return;
    }
    const span = last - first + 1;
    const start = Math.floor(Math.random() * span);
    for (let k = 0; k < span; k++) {
      const candidate = first + ((start + k) % span);
      if (!taken.has(candidate)) {
        port.nodePort = candidate;
        taken.add(candidate);
        return;
      }
    }
  });
  return errors;
}
