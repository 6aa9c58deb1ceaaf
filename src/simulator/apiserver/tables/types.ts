/**
 * The `meta.k8s.io/v1` Table that `kubectl get` asks for (`Accept: application/json;as=Table;…`).
 * kubectl prints the cells verbatim, so everything a learner reads in `kubectl get` is decided by
 * the printers in this folder. Shapes follow apimachinery `pkg/apis/meta/v1/types.go`.
 */

/** `?includeObject=`: what each row carries in `object`. Unset behaves as `Metadata`. */
export type IncludeObject = 'None' | 'Metadata' | 'Object';

export interface TableOptions {
  /** The server's clock: every AGE and "(… ago)" is measured against it. */
  now: Date;
  includeObject: IncludeObject;
  /** The list's resourceVersion (or the object's, for a single GET); `get -w` watches from it. */
  resourceVersion: string;
  continueToken?: string;
}

/** All five keys are always serialized by a real server (no omitempty). */
export interface TableColumnDefinition {
  name: string;
  /** `string`, `integer`, `number`, `boolean` or `date`. */
  type: string;
  /** `name` marks the column kubectl prefixes with `pod/` in multi-type output. */
  format: string;
  description: string;
  /** 0 = always shown; 1 = only with `-o wide`. */
  priority: number;
}

/** Cells are printed with Go's `%v`: strings as is, numbers and booleans in their JSON spelling. */
export type TableCell = string | number | boolean | null;

export interface TableRowCondition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
}

export interface TableRow {
  cells: TableCell[];
  conditions?: TableRowCondition[];
  /** PartialObjectMetadata, the full object, or absent, per `includeObject`. */
  object?: unknown;
}

export interface TableListMeta {
  resourceVersion?: string;
  continue?: string;
  remainingItemCount?: number;
}

export interface Table {
  kind: 'Table';
  apiVersion: 'meta.k8s.io/v1';
  metadata: TableListMeta;
  /** `null` on every watch event but the first (the client reuses the first set). */
  columnDefinitions: TableColumnDefinition[] | null;
  rows: TableRow[];
}
