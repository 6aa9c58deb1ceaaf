import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../kube-object.js';
import { eventPrinter } from './event-printer.js';

const NOW = Date.parse('2026-11-23T12:00:00Z');
const ago = (seconds: number) => new Date(NOW - seconds * 1000).toISOString().replace('.000Z', 'Z');

/** A kubelet event as the legacy recorder writes it. */
function kubeletEvent(extra: Record<string, unknown> = {}): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { name: 'nginx.18eaad072b1ee500', namespace: 'default' },
    involvedObject: {
      apiVersion: 'v1',
      kind: 'Pod',
      name: 'nginx',
      namespace: 'default',
      fieldPath: 'spec.containers{nginx}',
    },
    reason: 'BackOff',
    message: 'Back-off restarting failed container nginx in pod nginx_default(uid)\n',
    source: { component: 'kubelet', host: 'node01' },
    firstTimestamp: ago(600),
    lastTimestamp: ago(91),
    count: 7,
    type: 'Warning',
    eventTime: null,
    reportingComponent: 'kubelet',
    reportingInstance: 'node01',
    ...extra,
  };
}

describe('event printer (core/v1)', () => {
  it('has the core/v1 column order with Name wide-only and last', () => {
    expect(eventPrinter.columns.map((c) => `${c.name}:${c.priority}:${c.format}`)).toEqual([
      'Last Seen:0:',
      'Type:0:',
      'Reason:0:',
      'Object:0:',
      'Subobject:1:',
      'Source:1:',
      'Message:0:',
      'First Seen:1:',
      'Count:1:',
      'Name:1:name',
    ]);
  });

  it('prints a counted kubelet event: separate LAST SEEN and COUNT, trimmed message', () => {
    expect(eventPrinter.row(kubeletEvent(), NOW).cells).toEqual([
      '91s',
      'Warning',
      'BackOff',
      'pod/nginx',
      'spec.containers{nginx}',
      'kubelet, node01',
      'Back-off restarting failed container nginx in pod nginx_default(uid)',
      '10m',
      7,
      'nginx.18eaad072b1ee500',
    ]);
  });

  it('a scheduler event (events API) uses eventTime and reportingComponent, count 1', () => {
    const event = kubeletEvent({
      involvedObject: { kind: 'Pod', name: 'web', namespace: 'default' },
      reason: 'Scheduled',
      message: 'Successfully assigned default/web to node01',
      source: {},
      firstTimestamp: null,
      lastTimestamp: null,
      count: undefined,
      type: 'Normal',
      eventTime: '2026-11-23T11:59:00.123456Z',
      reportingComponent: 'default-scheduler',
      reportingInstance: 'default-scheduler-cp1',
    });
    const cells = eventPrinter.row(event, NOW).cells;
    expect(cells[0]).toBe('59s');
    expect(cells[3]).toBe('pod/web');
    expect(cells[4]).toBe('');
    expect(cells[5]).toBe('default-scheduler, default-scheduler-cp1');
    expect(cells[7]).toBe('59s');
    expect(cells[8]).toBe(1);
  });

  it('a series overrides LAST SEEN and COUNT', () => {
    const event = kubeletEvent({
      series: { count: 12, lastObservedTime: '2026-11-23T11:59:30.000000Z' },
    });
    const cells = eventPrinter.row(event, NOW).cells;
    expect([cells[0], cells[8]]).toEqual(['30s', 12]);
  });

  it('LAST SEEN falls back to FIRST SEEN; a controller source has no host', () => {
    const event = kubeletEvent({
      involvedObject: { kind: 'ReplicaSet', name: 'web-7c5ddbdf54', namespace: 'default' },
      source: { component: 'replicaset-controller' },
      reportingComponent: 'replicaset-controller',
      reportingInstance: '',
      lastTimestamp: null,
      count: 1,
    });
    const cells = eventPrinter.row(event, NOW).cells;
    expect([cells[0], cells[3], cells[5], cells[7]]).toEqual([
      '10m',
      'replicaset/web-7c5ddbdf54',
      'replicaset-controller',
      '10m',
    ]);
  });

  it('OBJECT is just the lower-case kind when the name is empty; <unknown> without times', () => {
    const event = kubeletEvent({
      involvedObject: { kind: 'Node' },
      firstTimestamp: null,
      lastTimestamp: null,
      eventTime: null,
    });
    const cells = eventPrinter.row(event, NOW).cells;
    expect([cells[0], cells[3], cells[7]]).toEqual(['<unknown>', 'node', '<unknown>']);
  });

  it('prints events.k8s.io/v1 objects through their core/v1 names', () => {
    const event: KubeObject = {
      apiVersion: 'events.k8s.io/v1',
      kind: 'Event',
      metadata: { name: 'web.18eaad072b1ee501', namespace: 'default' },
      eventTime: '2026-11-23T11:58:00.000001Z',
      reportingController: 'default-scheduler',
      reportingInstance: 'default-scheduler-cp1',
      action: 'Binding',
      reason: 'Scheduled',
      regarding: { kind: 'Pod', name: 'web', namespace: 'default' },
      note: 'Successfully assigned default/web to node01',
      type: 'Normal',
    };
    expect(eventPrinter.row(event, NOW).cells).toEqual([
      '119s',
      'Normal',
      'Scheduled',
      'pod/web',
      '',
      'default-scheduler, default-scheduler-cp1',
      'Successfully assigned default/web to node01',
      '119s',
      1,
      'web.18eaad072b1ee501',
    ]);
  });
});
