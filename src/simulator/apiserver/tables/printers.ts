/**
 * Which printer renders which resource. Keys are `resource[.group]` as the API server names
 * them (`pods`, `deployments.apps`); anything unknown gets the default `Name, Created At` table,
 * like a real server's types without a printer (Roles, ClusterRoles, CRDs without columns).
 */
import { deploymentPrinter, replicaSetPrinter } from './apps-printers.js';
import type { Printer } from './columns.js';
import {
  configMapPrinter,
  namespacePrinter,
  secretPrinter,
  serviceAccountPrinter,
  servicePrinter,
} from './core-printers.js';
import { defaultPrinter } from './default-printer.js';
import { endpointSlicePrinter, endpointsPrinter } from './endpoint-printers.js';
import { eventPrinter } from './event-printer.js';
import { leasePrinter } from './lease-printer.js';
import { nodePrinter } from './node-printer.js';
import { podPrinter } from './pod-printer.js';
import { clusterRoleBindingPrinter, roleBindingPrinter } from './rbac-printers.js';

const printers = new Map<string, Printer>([
  ['pods', podPrinter],
  ['nodes', nodePrinter],
  ['namespaces', namespacePrinter],
  ['events', eventPrinter],
  // events.k8s.io/v1 is served from the same registry and printed by the same code.
  ['events.events.k8s.io', eventPrinter],
  ['secrets', secretPrinter],
  ['configmaps', configMapPrinter],
  ['serviceaccounts', serviceAccountPrinter],
  ['services', servicePrinter],
  ['endpoints', endpointsPrinter],
  ['endpointslices.discovery.k8s.io', endpointSlicePrinter],
  ['deployments.apps', deploymentPrinter],
  ['replicasets.apps', replicaSetPrinter],
  ['rolebindings.rbac.authorization.k8s.io', roleBindingPrinter],
  ['clusterrolebindings.rbac.authorization.k8s.io', clusterRoleBindingPrinter],
  ['leases.coordination.k8s.io', leasePrinter],
]);

export function printerFor(resource: string): Printer {
  return printers.get(resource) ?? defaultPrinter;
}
