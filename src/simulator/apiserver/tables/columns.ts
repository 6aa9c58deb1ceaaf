/**
 * Column definitions shared by many printers, and the small contract every printer follows.
 * Descriptions are the swagger docs the real server sends (kubectl never shows them, but
 * clients such as dashboards do).
 */
import type { KubeObject } from '../../kube-object.js';
import { at } from './read.js';
import { since } from './timestamps.js';
import type { TableCell, TableColumnDefinition, TableRowCondition } from './types.js';

export const NAME_DESCRIPTION =
  'Name must be unique within a namespace. Is required when creating resources, although some resources may allow a client to request the generation of an appropriate name automatically. Name is primarily intended for creation idempotence and configuration definition. Cannot be updated. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names';

export const CREATION_TIMESTAMP_DESCRIPTION =
  'CreationTimestamp is a timestamp representing the server time when this object was created. It is not guaranteed to be set in happens-before order across separate operations. Clients may not set this value. It is represented in RFC3339 form and is in UTC.\n\nPopulated by the system. Read-only. Null for lists. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata';

export const CONTAINERS_DESCRIPTION = 'Names of each container in the template.';
export const IMAGES_DESCRIPTION = 'Images referenced by each container in the template.';

interface ColumnExtras {
  priority?: number;
  format?: string;
}

export function column(
  name: string,
  type: string,
  description: string,
  extras: ColumnExtras = {},
): TableColumnDefinition {
  return { name, type, format: extras.format ?? '', description, priority: extras.priority ?? 0 };
}

/** Wide-only (`priority: 1`) column. */
export function wide(name: string, type: string, description: string): TableColumnDefinition {
  return column(name, type, description, { priority: 1 });
}

export const NAME_COLUMN = column('Name', 'string', NAME_DESCRIPTION, { format: 'name' });
export const AGE_COLUMN = column('Age', 'string', CREATION_TIMESTAMP_DESCRIPTION);

export interface PrintedRow {
  cells: TableCell[];
  conditions?: TableRowCondition[];
}

/**
 * One resource's printer. The server always prints the wide form (`GenerateOptions{Wide: true}`),
 * so `row` returns a cell for every column; kubectl hides `priority: 1` columns itself.
 */
export interface Printer {
  columns: readonly TableColumnDefinition[];
  row(object: KubeObject, now: number): PrintedRow;
}

export function nameOf(object: KubeObject): string {
  return object.metadata.name ?? '';
}

/** The AGE cell: HumanDuration since creationTimestamp, `<unknown>` without one. */
export function ageOf(object: KubeObject, now: number): string {
  return since(at(object, 'metadata', 'creationTimestamp'), now);
}
