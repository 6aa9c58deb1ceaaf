/**
 * What ships before the kubelet: the simulator with no `NodeStreams` hook, driven by the real
 * kubectl, client-node and plain HTTPS. Pods either have no node (a scheduler nobody runs)
 * or are bound to a node whose kubelet has not started their containers.
 */
import { PassThrough } from 'node:stream';
import { Exec, KubeConfig, Log, type V1Status } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KUBECTL, NO_KUBECTL_REASON } from '../../../../test/support/kubectl.js';
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
const container = (name: string) => ({ name, image: 'busybox' });

function pod(name: string, spec: Record<string, unknown>) {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name }, spec };
}

beforeAll(async () => {
  // The bare API server: what its pod subresources answer when no kubelet has started (or
  // will ever start) a container. With kubelets running, `bound` would run.
  cluster = await startTestCluster({ runPods: false });
  const pods = [
    // A schedulerName no scheduler serves keeps these pods unbound whatever runs in the simulator.
    pod('pending', {
      schedulerName: 'nobody',
      initContainers: [container('init')],
      containers: [container('a'), container('b')],
    }),
    pod('bound', { nodeName: 'pod-course-worker', containers: [container('app')] }),
    pod('ghost-node', { nodeName: 'no-such-node', containers: [container('app')] }),
  ];
  for (const body of pods) {
    const created = await createPod(simulatorAccess(), body);
    expect(created.status, created.body).toBe(201);
  }
});

afterAll(async () => {
  await cluster?.stop();
});

describe.skipIf(!KUBECTL)(
  `real kubectl, no kubelet yet${KUBECTL ? '' : ` (${NO_KUBECTL_REASON})`}`,
  () => {
    it('logs of an unscheduled pod: nothing, exit 0', async () => {
      const r = await cluster.kubectl(['logs', 'pending', '-c', 'a']);
      expect(r).toEqual({ code: 0, stdout: '', stderr: '' });
    });

    it('logs of a bound pod whose container has not started', async () => {
      const r = await cluster.kubectl(['logs', 'bound']);
      expect(r.code).toBe(1);
      expect(r.stderr).toBe(
        'Error from server (BadRequest): container "app" in pod "bound" is waiting to start: ContainerCreating\n',
      );
    });

    it('exec into an unscheduled pod', async () => {
      const r = await cluster.kubectl(['exec', 'pending', '-c', 'a', '--', 'ls']);
      expect(r.code).toBe(1);
      expect(r.stderr).toBe(
        'Error from server (BadRequest): pod pending does not have a host assigned\n',
      );
    });

    it('exec into a bound pod whose container has not started', async () => {
      const r = await cluster.kubectl(['exec', 'bound', '--', 'ls']);
      expect(r.code).toBe(1);
      expect(r.stderr).toBe(
        'error: Internal error occurred: unable to upgrade connection: container not found ("app")\n',
      );
    });

    it('exec with a container the pod does not have', async () => {
      const r = await cluster.kubectl(['exec', 'bound', '-c', 'nope', '--', 'ls']);
      expect(r.code).toBe(1);
      expect(r.stderr).toBe(
        'Error from server (BadRequest): container nope is not valid for pod bound\n',
      );
    });

    it('exec into a pod that does not exist', async () => {
      const r = await cluster.kubectl(['exec', 'nothere', '--', 'ls']);
      expect(r.code).toBe(1);
      expect(r.stderr).toBe('Error from server (NotFound): pods "nothere" not found\n');
    });

    it('exec into a pod bound to a node that does not exist', async () => {
      const r = await cluster.kubectl(['exec', 'ghost-node', '--', 'ls']);
      expect(r.code).toBe(1);
      expect(r.stderr).toBe('Error from server (NotFound): nodes "no-such-node" not found\n');
    });

    it('attach to an unscheduled pod', async () => {
      const r = await cluster.kubectl(['attach', 'pending', '-c', 'a']);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(
        'Error from server (BadRequest): pod pending does not have a host assigned\n',
      );
    });

    it('attach to a bound pod whose container has not started', async () => {
      const r = await cluster.kubectl(['attach', 'bound']);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(
        'error: Internal error occurred: unable to upgrade connection: container app not found in pod bound_default\n',
      );
    });
  },
);

describe('the API as other clients see it', () => {
  it('logs: container defaulting and validation happen on the server', async () => {
    const ambiguous = await raw('GET', '/api/v1/namespaces/default/pods/pending/log');
    expect(ambiguous.status).toBe(400);
    expect(json(ambiguous).message).toBe(
      'a container name must be specified for pod pending, choose one of: [init a b]',
    );
    const wrong = await raw('GET', '/api/v1/namespaces/default/pods/pending/log?container=c');
    expect(json(wrong)).toMatchObject({
      code: 400,
      reason: 'BadRequest',
      message: 'container c is not valid for pod pending',
    });
    const missing = await raw('GET', '/api/v1/namespaces/default/pods/nothere/log');
    expect(json(missing)).toMatchObject({
      code: 404,
      reason: 'NotFound',
      message: 'pods "nothere" not found',
    });
  });

  it('logs of an unscheduled pod: 204 No Content', async () => {
    const r = await raw('GET', '/api/v1/namespaces/default/pods/pending/log?container=a');
    expect(r.status).toBe(204);
    expect(r.body).toBe('');
  });

  it('logs options: 400 when they do not decode, 422 when out of range', async () => {
    const nan = await raw('GET', '/api/v1/namespaces/default/pods/bound/log?tailLines=many');
    expect(json(nan)).toMatchObject({
      code: 400,
      message: 'strconv.ParseInt: parsing "many": invalid syntax',
    });
    const both = await raw(
      'GET',
      '/api/v1/namespaces/default/pods/bound/log?sinceSeconds=5&sinceTime=2024-01-01T00:00:00Z',
    );
    expect(json(both)).toMatchObject({
      code: 422,
      reason: 'Invalid',
      message:
        'PodLogOptions "bound" is invalid: : Forbidden: at most one of `sinceTime` or `sinceSeconds` may be specified',
    });
  });

  it('exec without an upgrade is located, then refused', async () => {
    const bound = await raw(
      'GET',
      '/api/v1/namespaces/default/pods/bound/exec?command=ls&stdout=true',
    );
    expect(json(bound)).toMatchObject({
      code: 400,
      reason: 'BadRequest',
      message: 'Upgrade request required',
    });
    const pending = await raw(
      'POST',
      '/api/v1/namespaces/default/pods/pending/attach?container=a&stdout=true',
    );
    expect(json(pending)).toMatchObject({
      code: 400,
      message: 'pod pending does not have a host assigned',
    });
  });

  it('client-node Exec into a bound pod gets the kubelet refusal as its status', async () => {
    const kc = new KubeConfig();
    kc.loadFromFile(cluster.simulator.kubeconfigPath);
    const statusOf = (stdout: PassThrough | null) =>
      new Promise<V1Status>((resolve, reject) => {
        new Exec(kc)
          .exec('default', 'bound', 'app', ['ls'], stdout, null, null, false, resolve)
          .catch(reject);
      });
    expect(await statusOf(new PassThrough())).toEqual({
      metadata: {},
      status: 'Failure',
      message: 'Internal error occurred: unable to upgrade connection: container not found ("app")',
      reason: 'InternalError',
      details: {
        causes: [{ message: 'unable to upgrade connection: container not found ("app")' }],
      },
      code: 500,
    });
    // With no stream at all, the kubelet refuses the request before looking for the container.
    expect((await statusOf(null)).message).toBe(
      'Internal error occurred: unable to upgrade connection: you must specify at least 1 of stdin, stdout, stderr',
    );
  });

  it('client-node Exec into an unscheduled pod fails to connect', async () => {
    const kc = new KubeConfig();
    kc.loadFromFile(cluster.simulator.kubeconfigPath);
    await expect(
      new Exec(kc).exec('default', 'pending', 'a', ['ls'], null, null, null, false),
    ).rejects.toThrow(/400/);
  });

  it('client-node Log of an unscheduled pod sees the 204', async () => {
    const kc = new KubeConfig();
    kc.loadFromFile(cluster.simulator.kubeconfigPath);
    const sink = new PassThrough();
    await expect(new Log(kc).log('default', 'pending', 'a', sink)).rejects.toMatchObject({
      code: 204,
    });
  });
});
