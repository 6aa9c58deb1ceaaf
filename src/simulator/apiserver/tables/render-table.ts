/**
 * Turning objects into the Table a `kubectl get` receives (apiserver `handlers/response.go`
 * `asTable` + `printers/storage` `ConvertToTable`). The server always renders every column,
 * wide ones included; `includeObject` decides what each row carries for kubectl's NAMESPACE
 * (`-A`), LABELS (`--show-labels`) and `--sort-by` columns.
 */
import type { KubeObject } from '../../kube-object.js';
import { badRequest } from '../status.js';
import type { Printer } from './columns.js';
import { printerFor } from './printers.js';
import type { IncludeObject, Table, TableListMeta, TableOptions, TableRow } from './types.js';

/**
 * Reads `?includeObject=`; absent or empty means `Metadata`. Note that a real server only
 * notices a bad value while converting rows, so it never complains about an empty list.
 */
export function parseIncludeObject(value: string | null): IncludeObject {
  if (value === null || value === '') return 'Metadata';
  if (value === 'None' || value === 'Metadata' || value === 'Object') return value;
  throw badRequest(`unrecognized includeObject value: ${goQuote(value)}`);
}

/** Go's `%q` for the characters a query parameter can carry. */
function goQuote(value: string): string {
  let out = '"';
  for (const ch of value) {
    const code = ch.codePointAt(0) ?? 0;
    if (ch === '"' || ch === '\\') out += `\\${ch}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\r') out += '\\r';
    else if (code < 0x20 || code === 0x7f) out += `\\x${code.toString(16).padStart(2, '0')}`;
    else out += ch;
  }
  return `${out}"`;
}

function rowObject(object: KubeObject, includeObject: IncludeObject): unknown {
  switch (includeObject) {
    case 'Object':
      return object;
    case 'None':
      return undefined;
    default:
      // The whole ObjectMeta, managedFields included, as meta.AsPartialObjectMetadata does.
      return {
        kind: 'PartialObjectMetadata',
        apiVersion: 'meta.k8s.io/v1',
        metadata: { ...object.metadata },
      };
  }
}

function toRow(
  printer: Printer,
  object: KubeObject,
  now: number,
  include: IncludeObject,
): TableRow {
  const printed = printer.row(object, now);
  const row: TableRow = { cells: printed.cells };
  if (printed.conditions && printed.conditions.length > 0) row.conditions = printed.conditions;
  const embedded = rowObject(object, include);
  if (embedded !== undefined) row.object = embedded;
  return row;
}

function listMeta(resourceVersion: string, continueToken: string | undefined): TableListMeta {
  const meta: TableListMeta = {};
  if (resourceVersion !== '') meta.resourceVersion = resourceVersion;
  if (continueToken !== undefined && continueToken !== '') meta.continue = continueToken;
  return meta;
}

function columnsOf(printer: Printer) {
  return printer.columns.map((c) => ({ ...c }));
}

/**
 * The Table for a list (or a single GET: pass a one-element array and the object's RV).
 * `resource` is the plural with its group: `pods`, `deployments.apps`,
 * `roles.rbac.authorization.k8s.io`. Rows reference the given objects (Object mode) or copy
 * their metadata shallowly; serialize the result before the objects change.
 */
export function renderTable(
  resource: string,
  objects: readonly KubeObject[],
  options: TableOptions,
): Table {
  const printer = printerFor(resource);
  const now = options.now.getTime();
  return {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata: listMeta(options.resourceVersion, options.continueToken),
    columnDefinitions: columnsOf(printer),
    rows: objects.map((object) => toRow(printer, object, now, options.includeObject)),
  };
}

/**
 * One watch event's object: a one-row Table. Only the stream's first event carries
 * `columnDefinitions`; later ones send `null` and kubectl reuses the first set. Like the real
 * server, the Table's resourceVersion is the object's own (falling back to the options').
 */
export function renderWatchTable(
  resource: string,
  object: KubeObject,
  options: TableOptions,
  withColumns: boolean,
): Table {
  const printer = printerFor(resource);
  const resourceVersion = object.metadata.resourceVersion ?? options.resourceVersion;
  return {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata: listMeta(resourceVersion, undefined),
    columnDefinitions: withColumns ? columnsOf(printer) : null,
    rows: [toRow(printer, object, options.now.getTime(), options.includeObject)],
  };
}
