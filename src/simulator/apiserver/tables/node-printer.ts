/**
 * `kubectl get nodes` (printers.go `printNode`). Only the Ready condition decides STATUS; a
 * cordoned node adds `SchedulingDisabled`. ROLES come from `node-role.kubernetes.io/<role>`
 * label keys and the older `kubernetes.io/role` label value.
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
import { at, type JsonObject, list, obj, str } from './read.js';

const ADDRESSES_DESCRIPTION =
  "List of addresses reachable to the node. Queried from cloud provider, if available. More info: https://kubernetes.io/docs/reference/node/node-status/#addresses Note: This field is declared as mergeable, but the merge key is not sufficiently unique, which can cause data corruption when it is merged. Callers should instead use a full-replacement patch. See https://pr.k8s.io/79391 for an example. Consumers should assume that addresses can change during the lifetime of a Node. However, there are some exceptions where this may not be possible, such as Pods that inherit a Node's address in its own status or consumers of the downward API (status.hostIP).";

const columns = [
  NAME_COLUMN,
  column('Status', 'string', 'The status of the node'),
  column('Roles', 'string', 'The roles of the node'),
  AGE_COLUMN,
  column('Version', 'string', 'Kubelet Version reported by the node.'),
  wide('Internal-IP', 'string', ADDRESSES_DESCRIPTION),
  wide('External-IP', 'string', ADDRESSES_DESCRIPTION),
  wide(
    'OS-Image',
    'string',
    'OS Image reported by the node from /etc/os-release (e.g. Debian GNU/Linux 7 (wheezy)).',
  ),
  wide(
    'Kernel-Version',
    'string',
    "Kernel Version reported by the node from 'uname -r' (e.g. 3.16.0-0.bpo.4-amd64).",
  ),
  wide(
    'Container-Runtime',
    'string',
    'ContainerRuntime Version reported by the node through runtime remote API (e.g. containerd://1.4.2).',
  ),
];

const ROLE_PREFIX = 'node-role.kubernetes.io/';
const ROLE_LABEL = 'kubernetes.io/role';

function nodeStatus(node: KubeObject): string {
  // A map keyed by type: a later duplicate condition wins, as in Go.
  let readyStatus: string | undefined;
  for (const condition of list(at(node, 'status', 'conditions')).map(obj)) {
    if (condition.type === 'Ready') readyStatus = str(condition.status);
  }
  const parts = [
    readyStatus === undefined ? 'Unknown' : readyStatus === 'True' ? 'Ready' : 'NotReady',
  ];
  if (at(node, 'spec', 'unschedulable') === true) parts.push('SchedulingDisabled');
  return parts.join(',');
}

/** Sorted, de-duplicated roles (`findNodeRoles`). */
export function nodeRoles(labels: Record<string, string> | undefined): string[] {
  const roles = new Set<string>();
  for (const [key, value] of Object.entries(labels ?? {})) {
    if (key.startsWith(ROLE_PREFIX)) {
      const role = key.slice(ROLE_PREFIX.length);
      if (role !== '') roles.add(role);
    } else if (key === ROLE_LABEL && value !== '') {
      roles.add(value);
    }
  }
  return [...roles].sort();
}

function address(status: JsonObject, type: string): string {
  const found = list(status.addresses)
    .map(obj)
    .find((a) => a.type === type);
  return found ? str(found.address) : '<none>';
}

function printNode(node: KubeObject, now: number): PrintedRow {
  const status = obj(node.status);
  const info = obj(status.nodeInfo);
  const roles = nodeRoles(node.metadata.labels).join(',');
  return {
    cells: [
      nameOf(node),
      nodeStatus(node),
      roles || '<none>',
      ageOf(node, now),
      str(info.kubeletVersion),
      address(status, 'InternalIP'),
      address(status, 'ExternalIP'),
      str(info.osImage) || '<unknown>',
      str(info.kernelVersion) || '<unknown>',
      str(info.containerRuntimeVersion) || '<unknown>',
    ],
  };
}

export const nodePrinter: Printer = { columns, row: printNode };
