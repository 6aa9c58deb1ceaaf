import { mkdtemp, rm } from 'node:fs/promises';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiRequest } from '../../../test/http/api-request.js';
import { SimClock } from '../clock.js';
import { type RunningSimulator, startSimulator } from '../index.js';
import type { KubeObject } from '../kube-object.js';
import { NO_SHIFT, TimeView, timeShiftFor } from './time-view.js';

const TEN_MINUTES = 600_000;
const TABLE = 'application/json;as=Table;v=v1;g=meta.k8s.io';
const plus = (text: string, ms: number) =>
  new Date(Date.parse(text) + ms).toISOString().replace('.000Z', 'Z');

describe('TimeView', () => {
  it('rounds the lead up to whole seconds, so "now" is never shown in the host future', () => {
    const at = (offsetMs: number) => new TimeView({ offsetMs: () => offsetMs }).current().skewMs;
    expect(at(0)).toBe(0);
    expect(at(1)).toBe(1000);
    expect(at(600_000)).toBe(600_000);
    expect(at(599_999.5)).toBe(600_000);
    expect(at(-1500)).toBe(-1000);
    // -0 from Math.ceil is 0: `skewMs === 0` means "no walk" everywhere.
    expect(Object.is(at(-0.4), 0)).toBe(true);
  });

  it('is no shift for a request without a view', () => {
    expect(timeShiftFor(undefined)).toBe(NO_SHIFT);
    const object = { metadata: { creationTimestamp: '2026-03-01T12:00:00Z' } };
    expect(NO_SHIFT.toWire(object)).toBe(object);
  });
});

/** The first line of a watch stream, parsed; the connection is closed after it. */
function firstWatchEvent(simulator: RunningSimulator, path: string) {
  return new Promise<{ type: string; object: KubeObject }>((resolve, reject) => {
    const req = request(
      `${simulator.url}${path}`,
      { ca: simulator.caPem, headers: { Authorization: `Bearer ${simulator.token}` } },
      (res) => {
        let text = '';
        res.on('data', (chunk: Buffer) => {
          text += chunk.toString();
          const newline = text.indexOf('\n');
          if (newline >= 0) {
            resolve(JSON.parse(text.slice(0, newline)));
            req.destroy();
          }
        });
      },
    );
    req.on('error', reject);
    req.end();
  });
}

describe('the API server with the host-time view, the clock 10 minutes ahead', () => {
  let dir: string;
  let simulator: RunningSimulator;
  const send = (method: string, path: string, body: unknown, contentType = 'application/json') =>
    apiRequest(simulator, path, {
      method,
      body: JSON.stringify(body),
      headers: { 'Content-Type': contentType },
    });
  const stored = (resource: string, name: string) =>
    simulator.registry.storage.get(resource, 'default', name) as KubeObject &
      Record<string, unknown>;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'pod-course-time-view-'));
    simulator = await startSimulator({
      stateDir: join(dir, 'state'),
      runPods: false,
      hostTimeView: true,
      clock: new SimClock({ offsetMs: TEN_MINUTES }),
    });
  });
  afterAll(async () => {
    await simulator?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('shows stored times 10 minutes earlier everywhere an object is served, never data or annotations', async () => {
    const sentData = { since: '2026-03-01T12:00:00Z' };
    const restartedAt = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
    const created = await send('POST', '/api/v1/namespaces/default/configmaps', {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: {
        name: 'times',
        annotations: { 'kubectl.kubernetes.io/restartedAt': restartedAt },
      },
      data: sentData,
    });
    expect(created.status).toBe(201);
    const shown = created.json as KubeObject & { data: unknown };
    const wire = shown.metadata.creationTimestamp as string;
    expect(Date.parse(wire)).toBeLessThanOrEqual(Date.now());
    const inStore = stored('configmaps', 'times');
    expect(inStore.metadata.creationTimestamp).toBe(plus(wire, TEN_MINUTES));
    expect(shown.data).toEqual(sentData);
    expect(shown.metadata.annotations).toEqual({
      'kubectl.kubernetes.io/restartedAt': restartedAt,
    });
    expect(inStore.metadata.annotations).toEqual(shown.metadata.annotations);
    expect((shown.metadata.managedFields as { time: string }[])[0]?.time).toBe(wire);

    const base = '/api/v1/namespaces/default/configmaps';
    const get = (await apiRequest(simulator, `${base}/times`)).json as KubeObject;
    expect(get.metadata.creationTimestamp).toBe(wire);
    // The fast list (stored JSON text) and the filtered one show the same.
    const fast = (await apiRequest(simulator, base)).json as { items: KubeObject[] };
    const filtered = (await apiRequest(simulator, `${base}?fieldSelector=metadata.name=times`))
      .json as { items: KubeObject[] };
    for (const list of [fast, filtered]) {
      const item = list.items.find((i) => i.metadata.name === 'times');
      expect(item?.metadata.creationTimestamp).toBe(wire);
      expect(item?.metadata.annotations).toEqual(shown.metadata.annotations);
    }
    const table = (await apiRequest(simulator, `${base}/times`, { headers: { Accept: TABLE } }))
      .json as { rows: { cells: unknown[]; object: KubeObject }[] };
    expect(table.rows[0]?.object.metadata.creationTimestamp).toBe(wire);
    // AGE is the server's, simulated now against the stored time: seconds, not -10m.
    expect(table.rows[0]?.cells).toContain('0s');
    const event = await firstWatchEvent(
      simulator,
      `${base}?watch=1&resourceVersion=0&fieldSelector=metadata.name=times`,
    );
    expect(event.type).toBe('ADDED');
    expect(event.object.metadata.creationTimestamp).toBe(wire);
  });

  it('stores times a client sends 10 minutes later, and shows them back as sent', async () => {
    const firstTimestamp = '2026-03-01T12:00:00Z';
    const eventTime = '2026-03-01T12:00:00.250000Z';
    const created = await send('POST', '/api/v1/namespaces/default/events', {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name: 'web.1' },
      involvedObject: { kind: 'Pod', namespace: 'default', name: 'web' },
      reason: 'Started',
      message: 'Started container web',
      type: 'Normal',
      source: { component: 'kubelet' },
      count: 1,
      firstTimestamp,
      lastTimestamp: firstTimestamp,
      eventTime,
      reportingComponent: 'kubelet',
      reportingInstance: 'node',
      action: 'Started',
    });
    expect(created.status, created.text).toBe(201);
    expect(created.json).toMatchObject({
      firstTimestamp,
      lastTimestamp: firstTimestamp,
      eventTime,
    });
    expect(stored('events', 'web.1')).toMatchObject({
      firstTimestamp: '2026-03-01T12:10:00Z',
      eventTime: '2026-03-01T12:10:00.250000Z',
    });

    // PATCH, in two formats: the patch speaks the shown times, the store keeps simulated ones.
    const merged = await send(
      'PATCH',
      '/api/v1/namespaces/default/events/web.1',
      { lastTimestamp: '2026-03-01T12:05:00Z', count: 2 },
      'application/merge-patch+json',
    );
    expect(merged.json).toMatchObject({ firstTimestamp, lastTimestamp: '2026-03-01T12:05:00Z' });
    expect(stored('events', 'web.1').lastTimestamp).toBe('2026-03-01T12:15:00Z');
    const tested = await send(
      'PATCH',
      '/api/v1/namespaces/default/events/web.1',
      [
        { op: 'test', path: '/lastTimestamp', value: '2026-03-01T12:05:00Z' },
        { op: 'replace', path: '/count', value: 3 },
      ],
      'application/json-patch+json',
    );
    expect(tested.status, tested.text).toBe(200);
    expect(stored('events', 'web.1')).toMatchObject({
      count: 3,
      firstTimestamp: '2026-03-01T12:10:00Z',
      lastTimestamp: '2026-03-01T12:15:00Z',
    });

    // A fetched object written back unchanged (kubectl replace, edit) keeps every time.
    const before = stored('events', 'web.1');
    const fetched = (await apiRequest(simulator, '/api/v1/namespaces/default/events/web.1'))
      .json as KubeObject;
    const replaced = await send('PUT', '/api/v1/namespaces/default/events/web.1', fetched);
    expect(replaced.status, replaced.text).toBe(200);
    const after = stored('events', 'web.1');
    for (const field of ['firstTimestamp', 'lastTimestamp', 'eventTime'] as const) {
      expect(after[field]).toBe(before[field]);
    }
    expect(after.metadata.creationTimestamp).toBe(before.metadata.creationTimestamp);
  });

  it('reports the simulated now at the clock endpoint, with the offset the objects are shown at', async () => {
    const hostBefore = Date.now();
    const clock = (await apiRequest(simulator, '/pod-course/v1/clock')).json as {
      now: string;
      speed: number;
      shownOffsetSeconds: number;
    };
    expect(clock.speed).toBe(1);
    expect(clock.shownOffsetSeconds).toBe(600);
    expect(Date.parse(clock.now)).toBeGreaterThanOrEqual(hostBefore + TEN_MINUTES);
  });
});
