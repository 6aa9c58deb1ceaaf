/**
 * Host ports (`framework.HostPortInfo`, the NodePorts plugin): a container port with a
 * `hostPort` takes that port on the node; two pods conflict when protocol and port match and
 * their host IPs overlap (`0.0.0.0` overlaps every address).
 */
import { asArray, asObject, asObjects, asString } from '../admission/json-access.js';
import type { KubeObject } from '../kube-object.js';

export interface HostPort {
  hostIP: string;
  protocol: string;
  port: number;
}

const ANY_IP = '0.0.0.0';

/** `getContainerPorts`: host ports of the regular containers (1.32 does not look at init containers). */
export function podHostPorts(pod: KubeObject): HostPort[] {
  const spec = asObject(pod.spec) ?? {};
  const ports: HostPort[] = [];
  for (const container of asObjects(spec.containers)) {
    for (const port of asArray(container.ports).map((p) => asObject(p) ?? {})) {
      const hostPort = typeof port.hostPort === 'number' ? port.hostPort : 0;
      if (hostPort <= 0) continue;
      ports.push({
        // `HostPortInfo.sanitize`: no IP means every address, no protocol means TCP.
        hostIP: asString(port.hostIP) || ANY_IP,
        protocol: asString(port.protocol) || 'TCP',
        port: hostPort,
      });
    }
  }
  return ports;
}

/** `HostPortInfo.CheckConflict` of one wanted port against the ports in use. */
function conflicts(wanted: HostPort, used: HostPort[]): boolean {
  return used.some(
    (u) =>
      u.port === wanted.port &&
      u.protocol === wanted.protocol &&
      (wanted.hostIP === ANY_IP || u.hostIP === ANY_IP || u.hostIP === wanted.hostIP),
  );
}

/** `fitsPorts`: whether all `wanted` ports are free among `used`. */
export function portsFit(wanted: HostPort[], used: HostPort[]): boolean {
  return wanted.every((port) => !conflicts(port, used));
}
