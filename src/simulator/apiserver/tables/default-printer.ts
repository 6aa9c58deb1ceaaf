/**
 * The table for every type without a printer (apiserver `registry/rest/table.go`
 * `DefaultTableConvertor`): the name and the creation time as an RFC 3339 `date` cell, which
 * kubectl turns into an age on its side.
 */
import type { KubeObject } from '../../kube-object.js';
import {
  CREATION_TIMESTAMP_DESCRIPTION,
  column,
  NAME_COLUMN,
  nameOf,
  type PrintedRow,
  type Printer,
} from './columns.js';
import { at } from './read.js';
import { formatRfc3339, parseTimestamp, ZERO_TIME_RFC3339 } from './timestamps.js';

export const defaultPrinter: Printer = {
  columns: [NAME_COLUMN, column('Created At', 'date', CREATION_TIMESTAMP_DESCRIPTION)],
  row: (object: KubeObject): PrintedRow => {
    const created = parseTimestamp(at(object, 'metadata', 'creationTimestamp'));
    return {
      cells: [nameOf(object), created === null ? ZERO_TIME_RFC3339 : formatRfc3339(created)],
    };
  },
};
