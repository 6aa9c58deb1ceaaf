/**
 * Printers for simple core/v1 kinds: namespaces, secrets, configmaps, serviceaccounts and
 * services (printers.go). Counts (DATA, SECRETS) are int64 cells even though the columns
 * declare type "string" — the real server does the same, and kubectl prints either with `%v`.
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
  wide,
} from './columns.js';
import { at, type JsonObject, list, mapSize, num, obj, str } from './read.js';
import { formatLabels } from './selector-format.js';

export const namespacePrinter: Printer = {
  columns: [NAME_COLUMN, column('Status', 'string', 'The status of the namespace'), AGE_COLUMN],
  row: (ns: KubeObject, now: number): PrintedRow => ({
    cells: [nameOf(ns), str(at(ns, 'status', 'phase')), ageOf(ns, now)],
  }),
};

export const secretPrinter: Printer = {
  columns: [
    NAME_COLUMN,
    column(
      'Type',
      'string',
      'Used to facilitate programmatic handling of secret data. More info: https://kubernetes.io/docs/concepts/configuration/secret/#secret-types',
    ),
    column(
      'Data',
      'string',
      "Data contains the secret data. Each key must consist of alphanumeric characters, '-', '_' or '.'. The serialized form of the secret data is a base64 encoded string, representing the arbitrary (possibly non-string) data value here. Described in https://tools.ietf.org/html/rfc4648#section-4",
    ),
    AGE_COLUMN,
  ],
  row: (secret: KubeObject, now: number): PrintedRow => ({
    // Decoding from storage defaults an empty type to Opaque (SetDefaults_Secret).
    cells: [nameOf(secret), str(secret.type) || 'Opaque', mapSize(secret.data), ageOf(secret, now)],
  }),
};

export const configMapPrinter: Printer = {
  columns: [
    NAME_COLUMN,
    column(
      'Data',
      'string',
      "Data contains the configuration data. Each key must consist of alphanumeric characters, '-', '_' or '.'. Values with non-UTF-8 byte sequences must use the BinaryData field. The keys stored in Data must not overlap with the keys in the BinaryData field, this is enforced during validation process.",
    ),
    AGE_COLUMN,
  ],
  row: (cm: KubeObject, now: number): PrintedRow => ({
    cells: [nameOf(cm), mapSize(cm.data) + mapSize(cm.binaryData), ageOf(cm, now)],
  }),
};

export const serviceAccountPrinter: Printer = {
  columns: [
    NAME_COLUMN,
    column(
      'Secrets',
      'string',
      'Secrets is a list of the secrets in the same namespace that pods running using this ServiceAccount are allowed to use. Pods are only limited to this list if this service account has a "kubernetes.io/enforce-mountable-secrets" annotation set to "true". The "kubernetes.io/enforce-mountable-secrets" annotation is deprecated since v1.32. Prefer separate namespaces to isolate access to mounted secrets. This field should not be used to find auto-generated service account token secrets for use outside of pods. Instead, tokens can be requested directly using the TokenRequest API, or service account token secrets can be manually created. More info: https://kubernetes.io/docs/concepts/configuration/secret',
    ),
    AGE_COLUMN,
  ],
  row: (sa: KubeObject, now: number): PrintedRow => ({
    cells: [nameOf(sa), list(sa.secrets).length, ageOf(sa, now)],
  }),
};

/** `getServiceExternalIP` with wide=true (the server never truncates). */
function externalIP(spec: JsonObject, status: JsonObject): string {
  const externalIPs = list(spec.externalIPs).map(str);
  switch (str(spec.type) || 'ClusterIP') {
    case 'ClusterIP':
    case 'NodePort':
      return externalIPs.length > 0 ? externalIPs.join(',') : '<none>';
    case 'LoadBalancer': {
      const ingress = new Set<string>();
      for (const entry of list(at(status, 'loadBalancer', 'ingress')).map(obj)) {
        const value = str(entry.ip) || str(entry.hostname);
        if (value !== '') ingress.add(value);
      }
      const all = [...[...ingress].sort(), ...externalIPs];
      return all.length > 0 ? all.join(',') : '<pending>';
    }
    case 'ExternalName':
      return str(spec.externalName);
    default:
      return '<unknown>';
  }
}

function ports(spec: JsonObject): string {
  const pieces = list(spec.ports)
    .map(obj)
    .map((p) => {
      const protocol = str(p.protocol) || 'TCP';
      const nodePort = num(p.nodePort);
      return nodePort > 0 ? `${num(p.port)}:${nodePort}/${protocol}` : `${num(p.port)}/${protocol}`;
    });
  return pieces.length > 0 ? pieces.join(',') : '<none>';
}

export const servicePrinter: Printer = {
  columns: [
    NAME_COLUMN,
    column(
      'Type',
      'string',
      'type determines how the Service is exposed. Defaults to ClusterIP. Valid options are ExternalName, ClusterIP, NodePort, and LoadBalancer.',
    ),
    column(
      'Cluster-IP',
      'string',
      'clusterIP is the IP address of the service and is usually assigned randomly.',
    ),
    column(
      'External-IP',
      'string',
      'externalIPs is a list of IP addresses for which nodes in the cluster will also accept traffic for this service.',
    ),
    column('Port(s)', 'string', 'The list of ports that are exposed by this service.'),
    AGE_COLUMN,
    wide(
      'Selector',
      'string',
      'Route service traffic to pods with label keys and values matching this selector.',
    ),
  ],
  row: (svc: KubeObject, now: number): PrintedRow => {
    const spec = obj(svc.spec);
    const status = obj(svc.status);
    // v1→internal conversion fills clusterIPs from clusterIP when only the latter is set.
    const clusterIP = str(list(spec.clusterIPs)[0]) || str(spec.clusterIP) || '<none>';
    return {
      cells: [
        nameOf(svc),
        str(spec.type) || 'ClusterIP',
        clusterIP,
        externalIP(spec, status),
        ports(spec),
        ageOf(svc, now),
        formatLabels(spec.selector),
      ],
    };
  },
};
