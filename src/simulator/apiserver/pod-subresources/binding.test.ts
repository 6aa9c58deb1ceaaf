/**
 * `POST pods/<name>/binding` on the simulator, over HTTPS: what the real `BindingREST` does
 * and refuses, with its texts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCluster, type TestCluster } from '../../../../test/support/simulator.js';
import { createPod, type RawResponse, rawRequest } from './stream-cluster.test-support.js';

let cluster: TestCluster;
const simulatorAccess = () => ({
  url: cluster.simulator.url,
  caPem: cluster.simulator.caPem,
  token: cluster.simulator.token,
});
const raw = (method: string, path: string, body?: unknown) =>
  rawRequest(simulatorAccess(), method, path, body);
const json = (r: RawResponse) => JSON.parse(r.body);

beforeAll(async () => {
  // The bare API server: BindingREST alone. A kubelet would start the bound pods and add its
  // own conditions beside PodScheduled while the test reads them.
  cluster = await startTestCluster({ runPods: false });
  for (const name of ['pending', 'pending2', 'unschedulable']) {
    // A schedulerName no scheduler serves keeps the pods unbound, should a scheduler run.
    const pod = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name },
      spec: { schedulerName: 'nobody', containers: [{ name: 'app', image: 'busybox' }] },
    };
    const created = await createPod(simulatorAccess(), pod);
    expect(created.status, created.body).toBe(201);
  }
});

afterAll(async () => {
  await cluster?.stop();
});

describe('pods/binding', () => {
  const binding = (
    name: string,
    target: Record<string, unknown>,
    metadata: Record<string, unknown> = {},
  ) => ({
    apiVersion: 'v1',
    kind: 'Binding',
    metadata: { name, ...metadata },
    target,
  });
  const bind = (pod: string, body: unknown) =>
    raw('POST', `/api/v1/namespaces/default/pods/${pod}/binding`, body);

  it('binds a pod once: 201 Success, nodeName set, PodScheduled True', async () => {
    const r = await bind(
      'pending2',
      binding('pending2', { apiVersion: 'v1', kind: 'Node', name: 'pod-course-worker2' }),
    );
    expect(r.status).toBe(201);
    expect(json(r)).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Success',
      code: 201,
    });
    const pod = json(await raw('GET', '/api/v1/namespaces/default/pods/pending2'));
    expect(pod.spec.nodeName).toBe('pod-course-worker2');
    const scheduled = pod.status.conditions.find(
      (c: { type: string }) => c.type === 'PodScheduled',
    );
    expect(scheduled).toMatchObject({ type: 'PodScheduled', status: 'True', lastProbeTime: null });
    expect(scheduled.lastTransitionTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);

    const again = await bind(
      'pending2',
      binding('pending2', { kind: 'Node', name: 'pod-course-worker' }),
    );
    expect(json(again)).toMatchObject({
      code: 409,
      reason: 'Conflict',
      message:
        'Operation cannot be fulfilled on pods/binding "pending2": pod pending2 is already assigned to node "pod-course-worker2"',
      details: { name: 'pending2', kind: 'pods/binding' },
    });
  });

  it('replaces an Unschedulable PodScheduled condition, and writes nothing on a dry run', async () => {
    const pod = json(await raw('GET', '/api/v1/namespaces/default/pods/unschedulable'));
    pod.status.conditions = [
      {
        type: 'PodScheduled',
        status: 'False',
        reason: 'Unschedulable',
        message: '0/3 nodes are available.',
        lastProbeTime: null,
        lastTransitionTime: '2024-01-01T00:00:00Z',
      },
    ];
    const put = await raw('PUT', '/api/v1/namespaces/default/pods/unschedulable/status', pod);
    expect(put.status, put.body).toBe(200);
    const target = { kind: 'Node', name: 'pod-course-worker' };
    const dry = await raw(
      'POST',
      '/api/v1/namespaces/default/pods/unschedulable/binding?dryRun=All',
      binding('unschedulable', target),
    );
    expect(dry.status).toBe(201);
    expect(
      json(await raw('GET', '/api/v1/namespaces/default/pods/unschedulable')).spec.nodeName,
    ).toBeUndefined();
    expect((await bind('unschedulable', binding('unschedulable', target))).status).toBe(201);
    const bound = json(await raw('GET', '/api/v1/namespaces/default/pods/unschedulable'));
    expect(bound.status.conditions).toEqual([
      {
        type: 'PodScheduled',
        status: 'True',
        lastProbeTime: null,
        lastTransitionTime: expect.stringMatching(/Z$/),
      },
    ]);
    expect(bound.status.conditions[0].lastTransitionTime).not.toBe('2024-01-01T00:00:00Z');
  });

  it('refuses what the real BindingREST refuses', async () => {
    const gone = await bind(
      'nothere',
      binding('nothere', { kind: 'Node', name: 'pod-course-worker' }),
    );
    expect(json(gone)).toMatchObject({
      code: 404,
      reason: 'NotFound',
      message: 'pods "nothere" not found',
    });
    const mismatch = await bind(
      'pending',
      binding('other', { kind: 'Node', name: 'pod-course-worker' }),
    );
    expect(json(mismatch)).toMatchObject({
      code: 400,
      message: 'name in URL does not match name in Binding object',
    });
    const badTarget = await bind('pending', binding('pending', { kind: 'Pod' }));
    expect(badTarget.status).toBe(500);
    expect(json(badTarget)).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message:
        '[target.kind: Unsupported value: "Pod": supported values: "Node", "<empty>", target.name: Required value]',
      code: 500,
    });
    const staleUid = await bind(
      'pending',
      binding('pending', { kind: 'Node', name: 'pod-course-worker' }, { uid: 'not-the-uid' }),
    );
    expect(json(staleUid).code).toBe(409);
    expect(json(staleUid).message).toMatch(
      /^Operation cannot be fulfilled on pods "pending": StorageError: invalid object, Code: 4, Key: \/registry\/pods\/default\/pending, ResourceVersion: 0, AdditionalErrorMsg: Precondition failed: UID in precondition: not-the-uid, UID in object meta: /,
    );
  });
});
