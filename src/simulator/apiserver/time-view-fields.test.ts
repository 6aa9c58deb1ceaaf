import { describe, expect, it } from 'vitest';
import { latestServerWrite, shiftTimes, shiftTimestamp } from './time-view-fields.js';

const TEN_MINUTES = 600_000;

describe('shiftTimestamp', () => {
  it('keeps each format: metav1.Time, MicroTime, RFC3339Nano', () => {
    expect(shiftTimestamp('2026-03-01T12:10:00Z', -TEN_MINUTES)).toBe('2026-03-01T12:00:00Z');
    expect(shiftTimestamp('2026-03-01T12:10:00.123456Z', -TEN_MINUTES)).toBe(
      '2026-03-01T12:00:00.123456Z',
    );
    expect(shiftTimestamp('2026-03-01T12:10:00.000000Z', -TEN_MINUTES)).toBe(
      '2026-03-01T12:00:00.000000Z',
    );
    expect(shiftTimestamp('2026-03-01T12:10:00.1234567Z', -TEN_MINUTES)).toBe(
      '2026-03-01T12:00:00.1234567Z',
    );
  });

  it('crosses day and year boundaries, both ways', () => {
    expect(shiftTimestamp('2026-01-01T00:05:00Z', -TEN_MINUTES)).toBe('2025-12-31T23:55:00Z');
    expect(shiftTimestamp('2025-12-31T23:55:00Z', TEN_MINUTES)).toBe('2026-01-01T00:05:00Z');
  });

  it('takes a client time with a zone offset and answers in UTC, as the API writes times', () => {
    expect(shiftTimestamp('2026-03-01T20:00:00+08:00', TEN_MINUTES)).toBe('2026-03-01T12:10:00Z');
  });

  it('leaves what is not a timestamp, and Go zero time, alone', () => {
    for (const text of [
      '',
      'now',
      '2026-03-01',
      '2026-03-01 12:00:00Z',
      '2026-03-01T12:00:00',
      '2026-03-01T12:00:00Zjunk',
      '0001-01-01T00:00:00Z',
      '10m',
    ]) {
      expect(shiftTimestamp(text, TEN_MINUTES), text).toBeUndefined();
    }
  });

  it('moves by whole seconds only, so no fractional digit ever changes', () => {
    expect(() => shiftTimestamp('2026-03-01T12:00:00Z', 1500)).toThrow(RangeError);
  });
});

const POD = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: {
    name: 'web',
    creationTimestamp: '2026-03-01T12:10:00Z',
    labels: { app: 'web' },
    annotations: {
      // kubectl rollout restart writes host time here: it must round-trip untouched.
      'kubectl.kubernetes.io/restartedAt': '2026-03-01T12:10:00Z',
      startTime: '2026-03-01T12:10:00Z',
    },
    managedFields: [
      {
        manager: 'kubectl',
        operation: 'Update',
        time: '2026-03-01T12:10:00Z',
        fieldsType: 'FieldsV1',
        fieldsV1: { 'f:metadata': { 'f:labels': { '.': {} } } },
      },
    ],
  },
  spec: {
    containers: [
      {
        name: 'web',
        image: 'nginx',
        env: [{ name: 'STARTED', value: '2026-03-01T12:10:00Z' }],
        args: ['--since', '2026-03-01T12:10:00Z'],
      },
    ],
  },
  status: {
    startTime: '2026-03-01T12:10:00Z',
    conditions: [
      {
        type: 'Ready',
        status: 'True',
        lastProbeTime: null,
        lastTransitionTime: '2026-03-01T12:10:05Z',
      },
    ],
    containerStatuses: [
      {
        name: 'web',
        restartCount: 1,
        state: { running: { startedAt: '2026-03-01T12:10:07Z' } },
        lastState: {
          terminated: {
            exitCode: 1,
            startedAt: '2026-03-01T12:10:01Z',
            finishedAt: '2026-03-01T12:10:02Z',
          },
        },
      },
    ],
  },
};

describe('shiftTimes', () => {
  it('moves every API time field, in nested objects and lists', () => {
    const shown = shiftTimes(POD, -TEN_MINUTES);
    expect(shown.metadata.creationTimestamp).toBe('2026-03-01T12:00:00Z');
    expect(shown.metadata.managedFields[0]?.time).toBe('2026-03-01T12:00:00Z');
    expect(shown.status.startTime).toBe('2026-03-01T12:00:00Z');
    expect(shown.status.conditions[0]?.lastTransitionTime).toBe('2026-03-01T12:00:05Z');
    expect(shown.status.conditions[0]?.lastProbeTime).toBeNull();
    expect(shown.status.containerStatuses[0]?.state.running.startedAt).toBe('2026-03-01T12:00:07Z');
    expect(shown.status.containerStatuses[0]?.lastState.terminated).toEqual({
      exitCode: 1,
      startedAt: '2026-03-01T12:00:01Z',
      finishedAt: '2026-03-01T12:00:02Z',
    });
  });

  it('leaves strings that only look like times: annotations, labels, env, args, managed-field sets', () => {
    const shown = shiftTimes(POD, -TEN_MINUTES);
    expect(shown.metadata.annotations).toEqual(POD.metadata.annotations);
    expect(shown.metadata.labels).toEqual(POD.metadata.labels);
    expect(shown.spec).toEqual(POD.spec);
    expect(shown.metadata.managedFields[0]?.fieldsV1).toEqual(
      POD.metadata.managedFields[0]?.fieldsV1,
    );
  });

  it('returns a copy, and the same object without a walk when the shift is 0', () => {
    const before = JSON.stringify(POD);
    const shown = shiftTimes(POD, -TEN_MINUTES);
    expect(JSON.stringify(POD)).toBe(before);
    expect(shiftTimes(POD, 0)).toBe(POD);
    expect(shiftTimes(shown, TEN_MINUTES)).toEqual(POD);
    // Key order is kept: the list writer relies on `{"apiVersion":…,"kind":…,` coming first.
    expect(Object.keys(shown)).toEqual(Object.keys(POD));
  });

  it('moves the object of a watch event, a list and a Table row, leaving the cells', () => {
    const event = shiftTimes({ type: 'MODIFIED', object: POD }, -TEN_MINUTES);
    expect(event.object.metadata.creationTimestamp).toBe('2026-03-01T12:00:00Z');
    const list = shiftTimes({ kind: 'PodList', items: [POD, POD] }, -TEN_MINUTES);
    expect(list.items.map((p) => p.status.startTime)).toEqual([
      '2026-03-01T12:00:00Z',
      '2026-03-01T12:00:00Z',
    ]);
    const table = shiftTimes(
      {
        kind: 'Table',
        columnDefinitions: [{ name: 'Age', type: 'string', format: '' }],
        rows: [{ cells: ['web', '2026-03-01T12:10:00Z', '10m'], object: POD }],
      },
      -TEN_MINUTES,
    );
    expect(table.rows[0]?.cells).toEqual(['web', '2026-03-01T12:10:00Z', '10m']);
    expect(table.rows[0]?.object.metadata.creationTimestamp).toBe('2026-03-01T12:00:00Z');
  });

  it('moves Event and Lease times, MicroTime included', () => {
    const event = shiftTimes(
      {
        kind: 'Event',
        firstTimestamp: '2026-03-01T12:10:00Z',
        lastTimestamp: '2026-03-01T12:20:00Z',
        eventTime: '2026-03-01T12:10:00.250000Z',
        series: { count: 3, lastObservedTime: '2026-03-01T12:20:00.500000Z' },
        message: 'Started at 2026-03-01T12:10:00Z',
      },
      -TEN_MINUTES,
    );
    expect(event).toEqual({
      kind: 'Event',
      firstTimestamp: '2026-03-01T12:00:00Z',
      lastTimestamp: '2026-03-01T12:10:00Z',
      eventTime: '2026-03-01T12:00:00.250000Z',
      series: { count: 3, lastObservedTime: '2026-03-01T12:10:00.500000Z' },
      message: 'Started at 2026-03-01T12:10:00Z',
    });
    const lease = shiftTimes(
      {
        spec: {
          renewTime: '2026-03-01T12:10:00.000001Z',
          acquireTime: '2026-03-01T12:00:00.000000Z',
        },
      },
      -TEN_MINUTES,
    );
    expect(lease.spec).toEqual({
      renewTime: '2026-03-01T12:00:00.000001Z',
      acquireTime: '2026-03-01T11:50:00.000000Z',
    });
  });

  it('leaves ConfigMap and Secret data alone, whatever their keys', () => {
    const configMap = {
      metadata: { creationTimestamp: '2026-03-01T12:10:00Z' },
      data: { creationTimestamp: '2026-03-01T12:10:00Z', lastTimestamp: '2026-03-01T12:10:00Z' },
    };
    const shown = shiftTimes(configMap, -TEN_MINUTES);
    expect(shown.data).toEqual(configMap.data);
    expect(shown.metadata.creationTimestamp).toBe('2026-03-01T12:00:00Z');
  });
});

describe('latestServerWrite', () => {
  it('is the latest of creationTimestamp and managed-fields times, nothing a client sets', () => {
    expect(latestServerWrite(POD)).toBe(Date.parse('2026-03-01T12:10:00Z'));
    const deleting = {
      metadata: {
        creationTimestamp: '2026-03-01T12:00:00Z',
        deletionTimestamp: '2026-03-01T13:00:00Z',
        managedFields: [{ time: '2026-03-01T12:05:00Z' }, { time: '2026-03-01T12:03:00Z' }],
      },
      lastTimestamp: '2099-01-01T00:00:00Z',
    };
    expect(latestServerWrite(deleting)).toBe(Date.parse('2026-03-01T12:05:00Z'));
    expect(latestServerWrite({ metadata: {} })).toBeUndefined();
    expect(latestServerWrite('nope')).toBeUndefined();
  });
});
