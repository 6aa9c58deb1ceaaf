/** coordination.k8s.io Leases (printers.go `printLease`): the holder is empty while unheld. */
import type { KubeObject } from '../../kube-object.js';
import {
  AGE_COLUMN,
  ageOf,
  column,
  NAME_COLUMN,
  nameOf,
  type PrintedRow,
  type Printer,
} from './columns.js';
import { at, str } from './read.js';

export const leasePrinter: Printer = {
  columns: [
    NAME_COLUMN,
    column(
      'Holder',
      'string',
      'holderIdentity contains the identity of the holder of a current lease. If Coordinated Leader Election is used, the holder identity must be equal to the elected LeaseCandidate.metadata.name field.',
    ),
    AGE_COLUMN,
  ],
  row: (lease: KubeObject, now: number): PrintedRow => ({
    cells: [nameOf(lease), str(at(lease, 'spec', 'holderIdentity')), ageOf(lease, now)],
  }),
};
