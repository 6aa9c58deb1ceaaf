/**
 * `kubectl get events` (printers.go `printEvent`, core/v1 column order). The wide-only Name
 * column comes last. Unlike `kubectl events` and `describe`, there is no "(x3 over 2m)" here:
 * LAST SEEN and COUNT are separate cells.
 *
 * events.k8s.io/v1 objects are served by the same registry, so they are printed through the
 * same code after mapping their field names back to core/v1 ones.
 */
import type { KubeObject } from '../../kube-object.js';
import { column, NAME_DESCRIPTION, type PrintedRow, type Printer, wide } from './columns.js';
import { at, type JsonObject, num, obj, str } from './read.js';
import { parseTimestamp, since } from './timestamps.js';

const FIELD_PATH_DESCRIPTION =
  'If referring to a piece of an object instead of an entire object, this string should contain a valid JSON/Go field access statement, such as desiredState.manifest.containers[2]. For example, if the object reference is to a container within a pod, this would take on a value like: "spec.containers{name}" (where "name" refers to the name of the container that triggered the event) or if no container name is specified "spec.containers[2]" (container with index 2 in this pod). This syntax is chosen only to have some well-defined way of referencing a part of an object.';

const columns = [
  column(
    'Last Seen',
    'string',
    'The time at which the most recent occurrence of this event was recorded.',
  ),
  column(
    'Type',
    'string',
    'Type of this event (Normal, Warning), new types could be added in the future',
  ),
  column(
    'Reason',
    'string',
    "This should be a short, machine understandable string that gives the reason for the transition into the object's current status.",
  ),
  column('Object', 'string', 'The object that this event is about.'),
  wide('Subobject', 'string', FIELD_PATH_DESCRIPTION),
  wide(
    'Source',
    'string',
    'The component reporting this event. Should be a short machine understandable string.',
  ),
  column('Message', 'string', 'A human-readable description of the status of this operation.'),
  wide(
    'First Seen',
    'string',
    'The time at which the event was first recorded. (Time of server receipt is in TypeMeta.)',
  ),
  wide('Count', 'string', 'The number of times this event has occurred.'),
  column('Name', 'string', NAME_DESCRIPTION, { priority: 1, format: 'name' }),
];

/** The fields printEvent reads, in core/v1 spelling. */
interface CoreEventView {
  involvedObject: JsonObject;
  source: JsonObject;
  firstTimestamp: unknown;
  lastTimestamp: unknown;
  eventTime: unknown;
  count: number;
  series: JsonObject | undefined;
  reportingComponent: string;
  reportingInstance: string;
}

function coreView(event: KubeObject): CoreEventView {
  if (event.apiVersion === 'events.k8s.io/v1') {
    // pkg/apis/events/v1 conversion: regarding↔involvedObject, deprecated*↔the old fields.
    return {
      involvedObject: obj(event.regarding),
      source: obj(event.deprecatedSource),
      firstTimestamp: event.deprecatedFirstTimestamp,
      lastTimestamp: event.deprecatedLastTimestamp,
      eventTime: event.eventTime,
      count: num(event.deprecatedCount),
      series: event.series == null ? undefined : obj(event.series),
      reportingComponent: str(event.reportingController),
      reportingInstance: str(event.reportingInstance),
    };
  }
  return {
    involvedObject: obj(event.involvedObject),
    source: obj(event.source),
    firstTimestamp: event.firstTimestamp,
    lastTimestamp: event.lastTimestamp,
    eventTime: event.eventTime,
    count: num(event.count),
    series: event.series == null ? undefined : obj(event.series),
    reportingComponent: str(event.reportingComponent),
    reportingInstance: str(event.reportingInstance),
  };
}

function message(event: KubeObject): string {
  return str(event.apiVersion === 'events.k8s.io/v1' ? event.note : event.message).trim();
}

/** `formatEventSource`: component (or reporting controller), then `, host` when known. */
function source(view: CoreEventView): string {
  const component = str(view.source.component) || view.reportingComponent;
  const instance = str(view.source.host) || view.reportingInstance;
  return instance === '' ? component : `${component}, ${instance}`;
}

function printEvent(event: KubeObject, now: number): PrintedRow {
  const view = coreView(event);

  const firstSeen =
    parseTimestamp(view.firstTimestamp) === null
      ? since(view.eventTime, now)
      : since(view.firstTimestamp, now);
  let lastSeen =
    parseTimestamp(view.lastTimestamp) === null ? firstSeen : since(view.lastTimestamp, now);
  let count = view.count;
  if (view.series) {
    lastSeen = since(view.series.lastObservedTime, now);
    count = num(view.series.count);
  } else if (count === 0) {
    // Singleton events written through events.k8s.io carry no count.
    count = 1;
  }

  const kind = str(view.involvedObject.kind).toLowerCase();
  const involvedName = str(view.involvedObject.name);
  const target = involvedName === '' ? kind : `${kind}/${involvedName}`;

  return {
    cells: [
      lastSeen,
      str(event.type),
      str(event.reason),
      target,
      str(view.involvedObject.fieldPath),
      source(view),
      message(event),
      firstSeen,
      count,
      str(at(event, 'metadata', 'name')),
    ],
  };
}

export const eventPrinter: Printer = { columns, row: printEvent };
