import type { ObjectMeta } from '../kube-object.js';
import type { ObjectReference } from './object-reference.js';

/**
 * A core/v1 Event as the simulator writes it, fields in Go's declaration order
 * (`api@v0.32.4 core/v1/types.go`): `source`, `reportingComponent` and `reportingInstance` are
 * always serialised, zero timestamps as `null`, `count`/`series`/`action`/`related` only when
 * set.
 */
export interface CoreEvent {
  kind: 'Event';
  apiVersion: 'v1';
  metadata: ObjectMeta;
  involvedObject: ObjectReference;
  reason: string;
  message: string;
  source: EventSource;
  firstTimestamp: string | null;
  lastTimestamp: string | null;
  count?: number;
  type: EventType;
  eventTime: string | null;
  series?: EventSeries;
  action?: string;
  related?: ObjectReference;
  reportingComponent: string;
  reportingInstance: string;
  [field: string]: unknown;
}

export type EventType = 'Normal' | 'Warning';

/** `core/v1.EventSource`: who reported (legacy recorders); `{}` for events.k8s.io writers. */
export interface EventSource {
  component?: string;
  host?: string;
}

export interface EventSeries {
  count: number;
  lastObservedTime: string;
}
