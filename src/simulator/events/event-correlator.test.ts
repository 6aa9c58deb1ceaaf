import { describe, expect, it } from 'vitest';
import type { CoreEvent } from './core-event.js';
import { EventCorrelator } from './event-correlator.js';

const START = Date.parse('2025-03-01T10:00:00Z');

function harness() {
  let now = START;
  const correlator = new EventCorrelator(() => new Date(now));
  return {
    correlator,
    advance: (seconds: number) => {
      now += seconds * 1000;
    },
  };
}

let serial = 0;
function kubeletEvent(message: string, reason = 'BackOff'): CoreEvent {
  serial++;
  return {
    kind: 'Event',
    apiVersion: 'v1',
    metadata: { name: `web.${serial}`, namespace: 'default' },
    involvedObject: { kind: 'Pod', namespace: 'default', name: 'web', uid: 'u1', apiVersion: 'v1' },
    reason,
    message,
    source: { component: 'kubelet', host: 'pod-course-worker' },
    firstTimestamp: '2025-03-01T10:00:00Z',
    lastTimestamp: '2025-03-01T10:00:00Z',
    count: 1,
    type: 'Warning',
    eventTime: null,
    reportingComponent: 'kubelet',
    reportingInstance: 'pod-course-worker',
  };
}

/** Correlates and, as the recorder does after a write, stores the result as the server's copy. */
function record(correlator: EventCorrelator, event: CoreEvent) {
  const result = correlator.correlate(event);
  if (!result.skip)
    correlator.updateState({
      ...result.event,
      metadata: { ...result.event.metadata, resourceVersion: '7' },
    });
  return result;
}

describe('EventCorrelator', () => {
  it('writes a first occurrence as it is', () => {
    const { correlator } = harness();
    const event = kubeletEvent('Back-off restarting failed container');
    expect(record(correlator, event)).toEqual({ skip: false, event, update: false });
  });

  it('turns a repeat into an update of the first: its name, first timestamp, count + 1', () => {
    const { correlator, advance } = harness();
    const first = kubeletEvent('Back-off restarting failed container');
    record(correlator, first);
    advance(40);
    const again = {
      ...kubeletEvent('Back-off restarting failed container'),
      lastTimestamp: '2025-03-01T10:00:40Z',
    };
    const result = record(correlator, again);
    expect(result).toMatchObject({ skip: false, update: true });
    if (result.skip) return;
    expect(result.event.metadata.name).toBe(first.metadata.name);
    expect(result.event.metadata.resourceVersion).toBe('7');
    expect(result.event.count).toBe(2);
    expect(result.event.firstTimestamp).toBe('2025-03-01T10:00:00Z');
    expect(result.event.lastTimestamp).toBe('2025-03-01T10:00:40Z');
    const third = record(correlator, kubeletEvent('Back-off restarting failed container'));
    expect(!third.skip && third.event.count).toBe(3);
  });

  it('keeps events about different containers apart (fieldPath is part of the key)', () => {
    const { correlator } = harness();
    const a = kubeletEvent('Started container');
    const b = kubeletEvent('Started container');
    a.involvedObject = { ...a.involvedObject, fieldPath: 'spec.containers{a}' };
    b.involvedObject = { ...b.involvedObject, fieldPath: 'spec.containers{b}' };
    record(correlator, a);
    expect(record(correlator, b)).toMatchObject({ update: false });
  });

  it('combines the 10th distinct similar message within 10 minutes, then counts the combined event', () => {
    const { correlator, advance } = harness();
    for (let i = 1; i <= 9; i++) {
      const result = record(correlator, kubeletEvent(`message ${i}`));
      expect(result).toMatchObject({ skip: false, update: false });
      if (!result.skip) expect(result.event.message).toBe(`message ${i}`);
      advance(30);
    }
    const tenth = record(correlator, kubeletEvent('message 10'));
    expect(tenth.skip).toBe(false);
    if (tenth.skip) return;
    expect(tenth.update).toBe(false);
    expect(tenth.event.message).toBe('(combined from similar events): message 10');
    expect(tenth.event.metadata.name).toMatch(/^web\.[0-9a-f]{16}$/);
    expect(tenth.event.count).toBe(1);
    // client-go builds the aggregate without the reporting fields.
    expect(tenth.event.reportingComponent).toBe('');
    expect(tenth.event.reportingInstance).toBe('');
    expect(tenth.event.source).toEqual({ component: 'kubelet', host: 'pod-course-worker' });

    const eleventh = correlator.correlate(kubeletEvent('message 11'));
    expect(eleventh).toMatchObject({ skip: false, update: true });
    if (eleventh.skip) return;
    expect(eleventh.event.metadata.name).toBe(tenth.event.metadata.name);
    expect(eleventh.event.count).toBe(2);
    expect(eleventh.event.message).toBe('(combined from similar events): message 11');
  });

  it('starts afresh when similar events are more than 10 minutes apart', () => {
    const { correlator, advance } = harness();
    for (let i = 1; i <= 9; i++) record(correlator, kubeletEvent(`message ${i}`));
    advance(601);
    const result = record(correlator, kubeletEvent('message 10'));
    expect(!result.skip && result.event.message).toBe('message 10');
  });

  it('drops events over the burst of 25 per source and object, refilling one per 5 minutes', () => {
    const { correlator, advance } = harness();
    for (let i = 1; i <= 25; i++) {
      expect(record(correlator, kubeletEvent('same', `Reason${i % 3}`)).skip).toBe(false);
    }
    expect(record(correlator, kubeletEvent('same', 'Reason9')).skip).toBe(true);
    advance(299);
    expect(record(correlator, kubeletEvent('same', 'Reason9')).skip).toBe(true);
    advance(1);
    expect(record(correlator, kubeletEvent('same', 'Reason9')).skip).toBe(false);
    // Another object has its own bucket.
    const other = kubeletEvent('same');
    other.involvedObject = { ...other.involvedObject, name: 'db', uid: 'u2' };
    expect(record(correlator, other).skip).toBe(false);
  });
});
