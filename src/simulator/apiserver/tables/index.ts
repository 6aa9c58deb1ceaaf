/** Server-side Table printing for `kubectl get`: the public surface of this folder. */
export { humanDuration } from './human-duration.js';
export { parseIncludeObject, renderTable, renderWatchTable } from './render-table.js';
export type {
  IncludeObject,
  Table,
  TableCell,
  TableColumnDefinition,
  TableListMeta,
  TableOptions,
  TableRow,
  TableRowCondition,
} from './types.js';
