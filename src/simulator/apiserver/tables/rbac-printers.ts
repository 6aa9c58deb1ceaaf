/**
 * RoleBindings and ClusterRoleBindings (printers.go `printRoleBinding`). Roles and ClusterRoles
 * have no printer in 1.32 and fall back to the default `Name, Created At` table.
 * Subjects are split as `rbac.SubjectsStrings` does: users and groups by name, service
 * accounts as `namespace/name`, each list joined with ", ".
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
import { list, obj, str } from './read.js';

function bindingRow(binding: KubeObject, now: number): PrintedRow {
  const roleRef = obj(binding.roleRef);
  const users: string[] = [];
  const groups: string[] = [];
  const serviceAccounts: string[] = [];
  for (const subject of list(binding.subjects).map(obj)) {
    switch (subject.kind) {
      case 'ServiceAccount':
        serviceAccounts.push(`${str(subject.namespace)}/${str(subject.name)}`);
        break;
      case 'User':
        users.push(str(subject.name));
        break;
      case 'Group':
        groups.push(str(subject.name));
        break;
      default:
        // Go collects these as "others" and never prints them.
        break;
    }
  }
  return {
    cells: [
      nameOf(binding),
      `${str(roleRef.kind)}/${str(roleRef.name)}`,
      ageOf(binding, now),
      users.join(', '),
      groups.join(', '),
      serviceAccounts.join(', '),
    ],
  };
}

function bindingColumns(what: 'roleBinding' | 'clusterRoleBinding', roleRefDescription: string) {
  return [
    NAME_COLUMN,
    column('Role', 'string', roleRefDescription),
    AGE_COLUMN,
    wide('Users', 'string', `Users in the ${what}`),
    wide('Groups', 'string', `Groups in the ${what}`),
    wide('ServiceAccounts', 'string', `ServiceAccounts in the ${what}`),
  ];
}

export const roleBindingPrinter: Printer = {
  columns: bindingColumns(
    'roleBinding',
    'RoleRef can reference a Role in the current namespace or a ClusterRole in the global namespace. If the RoleRef cannot be resolved, the Authorizer must return an error.',
  ),
  row: bindingRow,
};

export const clusterRoleBindingPrinter: Printer = {
  columns: bindingColumns(
    'clusterRoleBinding',
    'RoleRef can only reference a ClusterRole in the global namespace. If the RoleRef cannot be resolved, the Authorizer must return an error.',
  ),
  row: bindingRow,
};
