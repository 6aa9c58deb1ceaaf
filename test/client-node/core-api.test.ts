import * as k8s from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCluster, type TestCluster } from '../support/simulator.js';

/** The rejection of a client-node call: its ApiException, with the Status body parsed. */
async function failure(call: Promise<unknown>) {
  try {
    await call;
  } catch (error) {
    const e = error as k8s.ApiException<string>;
    return { code: e.code, body: JSON.parse(e.body) as Record<string, unknown> };
  }
  throw new Error('expected the call to fail');
}

/** Polls until `condition` holds; vitest's timeout, not a delay of ours, bounds the wait. */
async function until(condition: () => Promise<boolean>) {
  while (!(await condition())) await new Promise((resolve) => setTimeout(resolve, 50));
}

/**
 * @kubernetes/client-node 1.4 (object parameters, JSON only, no discovery) against the
 * simulator over HTTPS with the kubeconfig `sim serve` writes.
 */
describe('@kubernetes/client-node: CoreV1Api and RbacAuthorizationV1Api', () => {
  let cluster: TestCluster;
  let core: k8s.CoreV1Api;
  let rbac: k8s.RbacAuthorizationV1Api;
  const namespace = 'apps';

  beforeAll(async () => {
    cluster = await startTestCluster();
    const kc = new k8s.KubeConfig();
    kc.loadFromFile(cluster.simulator.kubeconfigPath);
    core = kc.makeApiClient(k8s.CoreV1Api);
    rbac = kc.makeApiClient(k8s.RbacAuthorizationV1Api);
    await core.createNamespace({ body: { metadata: { name: namespace } } });
  });
  afterAll(async () => {
    await cluster?.stop();
  });

  it('namespaces: create, read, list by label, and a missing one is a 404 Status', async () => {
    const ns = await core.readNamespace({ name: namespace });
    expect(ns.status?.phase).toBe('Active');
    expect(ns.metadata?.creationTimestamp).toBeInstanceOf(Date);
    const listed = await core.listNamespace({
      labelSelector: `kubernetes.io/metadata.name=${namespace}`,
    });
    expect(listed.items.map((n) => n.metadata?.name)).toEqual([namespace]);
    expect(await failure(core.readNamespace({ name: 'nope' }))).toEqual({
      code: 404,
      body: {
        kind: 'Status',
        apiVersion: 'v1',
        metadata: {},
        status: 'Failure',
        message: 'namespaces "nope" not found',
        reason: 'NotFound',
        details: { name: 'nope', kind: 'namespaces' },
        code: 404,
      },
    });
  });

  it('pods: create, read, list with label and field selectors, delete', async () => {
    for (const [name, tier] of [
      ['web', 'frontend'],
      ['api', 'backend'],
    ] as const) {
      const created = await core.createNamespacedPod({
        namespace,
        body: {
          metadata: { name, labels: { app: name, tier } },
          spec: { containers: [{ name, image: 'nginx:1.27' }] },
        },
      });
      // The create answers what was stored: no scheduler or kubelet has seen it yet.
      expect(created.status?.phase).toBe('Pending');
    }
    const pod = await core.readNamespacedPod({ name: 'web', namespace });
    expect(pod.spec?.containers[0]?.image).toBe('nginx:1.27');
    expect(pod.spec?.serviceAccountName).toBe('default');
    const names = async (request: { labelSelector?: string; fieldSelector?: string }) =>
      (await core.listNamespacedPod({ namespace, ...request })).items.map((p) => p.metadata?.name);
    // The kubelets start both; phase is a selectable field once it stops changing.
    await until(async () => (await names({ fieldSelector: 'status.phase=Running' })).length === 2);
    expect(await names({})).toEqual(['api', 'web']);
    expect(await names({ labelSelector: 'tier in (backend)' })).toEqual(['api']);
    expect(await names({ labelSelector: 'app,tier!=backend' })).toEqual(['web']);
    expect(await names({ fieldSelector: 'metadata.name=web' })).toEqual(['web']);
    expect(
      await names({ fieldSelector: 'status.phase=Running', labelSelector: 'app=api' }),
    ).toEqual(['api']);
    expect(await names({ fieldSelector: 'status.phase=Pending' })).toEqual([]);
    const all = await core.listPodForAllNamespaces({
      fieldSelector: `metadata.namespace=${namespace}`,
    });
    expect(all.items.map((p) => `${p.metadata?.namespace}/${p.metadata?.name}`)).toEqual([
      'apps/api',
      'apps/web',
    ]);
    expect(
      await failure(core.listNamespacedPod({ namespace, fieldSelector: 'spec.foo=bar' })),
    ).toMatchObject({
      code: 400,
      body: { reason: 'BadRequest', message: 'field label not supported: spec.foo' },
    });
    // A running pod's deletion is graceful: the answer is the pod, marked for deletion; it
    // goes once its kubelet has stopped nginx.
    const deleted = await core.deleteNamespacedPod({ name: 'api', namespace });
    expect(deleted.metadata?.deletionTimestamp).toBeInstanceOf(Date);
    expect(deleted.metadata?.deletionGracePeriodSeconds).toBe(30);
    await until(async () => (await names({})).length === 1);
    expect(await names({})).toEqual(['web']);
  });

  it('secrets: data is base64 on the wire, stringData is folded into it', async () => {
    const created = await core.createNamespacedSecret({
      namespace,
      body: {
        metadata: { name: 'creds' },
        data: { user: Buffer.from('admin').toString('base64') },
        stringData: { password: 's3cret' },
      },
    });
    expect(created.type).toBe('Opaque');
    expect(created.data).toEqual({
      password: Buffer.from('s3cret').toString('base64'),
      user: Buffer.from('admin').toString('base64'),
    });
    expect(created.stringData).toBeUndefined();
    const bySelector = await core.listNamespacedSecret({ namespace, fieldSelector: 'type=Opaque' });
    expect(bySelector.items.map((s) => s.metadata?.name)).toEqual(['creds']);
    await core.deleteNamespacedSecret({ name: 'creds', namespace });
    expect((await failure(core.readNamespacedSecret({ name: 'creds', namespace }))).code).toBe(404);
  });

  it('configmaps: replace with a stale resourceVersion is a 409 Conflict', async () => {
    await core.createNamespacedConfigMap({
      namespace,
      body: { metadata: { name: 'settings' }, data: { color: 'blue' } },
    });
    const read = await core.readNamespacedConfigMap({ name: 'settings', namespace });
    const replaced = await core.replaceNamespacedConfigMap({
      name: 'settings',
      namespace,
      body: { ...read, data: { color: 'green' } },
    });
    expect(replaced.data).toEqual({ color: 'green' });
    expect(Number(replaced.metadata?.resourceVersion)).toBeGreaterThan(
      Number(read.metadata?.resourceVersion),
    );
    // `read` still carries the old resourceVersion.
    expect(
      await failure(
        core.replaceNamespacedConfigMap({
          name: 'settings',
          namespace,
          body: { ...read, data: { color: 'red' } },
        }),
      ),
    ).toEqual({
      code: 409,
      body: {
        kind: 'Status',
        apiVersion: 'v1',
        metadata: {},
        status: 'Failure',
        message:
          'Operation cannot be fulfilled on configmaps "settings": the object has been modified; please apply your changes to the latest version and try again',
        reason: 'Conflict',
        details: { name: 'settings', kind: 'configmaps' },
        code: 409,
      },
    });
    expect((await core.readNamespacedConfigMap({ name: 'settings', namespace })).data).toEqual({
      color: 'green',
    });
  });

  it('roles: RbacAuthorizationV1Api create, list, delete', async () => {
    const role = await rbac.createNamespacedRole({
      namespace,
      body: {
        metadata: { name: 'pod-reader' },
        rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['get', 'list', 'watch'] }],
      },
    });
    expect(role.apiVersion).toBe('rbac.authorization.k8s.io/v1');
    const roles = await rbac.listNamespacedRole({ namespace });
    expect(roles.items.map((r) => r.metadata?.name)).toEqual(['pod-reader']);
    await rbac.deleteNamespacedRole({ name: 'pod-reader', namespace });
    expect((await rbac.listNamespacedRole({ namespace })).items).toEqual([]);
  });

  describe('patchNamespacedPod with each patch type, chosen through the Content-Type header', () => {
    const patch = (body: object, type: k8s.PatchStrategy) =>
      core.patchNamespacedPod(
        { name: 'web', namespace, body },
        k8s.setHeaderOptions('Content-Type', type),
      );

    it('merge patch', async () => {
      const pod = await patch(
        { metadata: { labels: { tier: null, version: 'v2' } } },
        k8s.PatchStrategy.MergePatch,
      );
      expect(pod.metadata?.labels).toEqual({ app: 'web', version: 'v2' });
    });

    it('strategic merge patch merges the containers list by name', async () => {
      const pod = await patch(
        { spec: { containers: [{ name: 'web', image: 'nginx:1.28' }] } },
        k8s.PatchStrategy.StrategicMergePatch,
      );
      expect(pod.spec?.containers.map((c) => `${c.name}=${c.image}`)).toEqual(['web=nginx:1.28']);
    });

    it('JSON patch (client-node’s default content type for patch calls)', async () => {
      const pod = await core.patchNamespacedPod({
        name: 'web',
        namespace,
        body: [
          { op: 'add', path: '/metadata/annotations', value: { note: 'hi' } },
          { op: 'test', path: '/spec/containers/0/image', value: 'nginx:1.28' },
        ],
      });
      expect(pod.metadata?.annotations).toEqual({ note: 'hi' });
    });

    it('a failing JSON patch test is a 422, and changes nothing', async () => {
      const r = await failure(
        patch(
          [
            { op: 'remove', path: '/metadata/annotations' },
            { op: 'test', path: '/spec/containers/0/image', value: 'nginx:0' },
          ],
          k8s.PatchStrategy.JsonPatch,
        ),
      );
      // NewGenericServerResponse(422, …) keeps its stock text; the library's reason is dropped.
      expect(r).toMatchObject({
        code: 422,
        body: {
          reason: 'Invalid',
          message: 'the server rejected our request due to an error in our request',
        },
      });
      const pod = await core.readNamespacedPod({ name: 'web', namespace });
      expect(pod.metadata?.annotations).toEqual({ note: 'hi' });
    });
  });

  it('a write through pods/status keeps its managedFields entry, marked subresource: status', async () => {
    // The test writes the status a scheduler would, for a pod no scheduler of the simulator
    // serves: nothing else writes to it meanwhile.
    const created = await core.createNamespacedPod({
      namespace,
      body: {
        metadata: { name: 'scheduled' },
        spec: { schedulerName: 'nobody', containers: [{ name: 'c', image: 'nginx' }] },
      },
    });
    const condition = {
      type: 'PodScheduled',
      status: 'False',
      reason: 'Unschedulable',
      message: '0/1 nodes are available.',
      lastTransitionTime: new Date('2025-01-01T00:00:00Z'),
    };
    // client-node sends `PUT …/pods/scheduled/status?fieldManager=kube-scheduler`.
    const written = await core.replaceNamespacedPodStatus({
      name: 'scheduled',
      namespace,
      body: { ...created, status: { ...created.status, conditions: [condition] } },
      fieldManager: 'kube-scheduler',
    });
    const entries = (pod: k8s.V1Pod) =>
      (pod.metadata?.managedFields ?? []).map((e) => ({
        manager: e.manager,
        operation: e.operation,
        subresource: e.subresource,
      }));
    const expected = [
      { manager: 'node-fetch', operation: 'Update', subresource: undefined },
      { manager: 'kube-scheduler', operation: 'Update', subresource: 'status' },
    ];
    expect(entries(written)).toEqual(expected);
    const read = await core.readNamespacedPod({ name: 'scheduled', namespace });
    expect(entries(read)).toEqual(expected);
    expect(read.status?.conditions?.map((c) => `${c.type}=${c.status} ${c.reason}`)).toEqual([
      'PodScheduled=False Unschedulable',
    ]);
    // The status entry owns status fields only.
    const fields = read.metadata?.managedFields?.[1]?.fieldsV1 as Record<string, unknown>;
    expect(Object.keys(fields)).toEqual(['f:status']);
  });

  it('without a fieldManager, writes are recorded under the User-Agent’s product: node-fetch', async () => {
    const managers = (object: k8s.V1ConfigMap) =>
      (object.metadata?.managedFields ?? []).map((e) => `${e.manager} ${e.operation}`);
    const created = await core.createNamespacedConfigMap({
      namespace,
      body: { metadata: { name: 'managed' }, data: { a: '1' } },
    });
    expect(managers(created)).toEqual(['node-fetch Update']);
    const replaced = await core.replaceNamespacedConfigMap({
      name: 'managed',
      namespace,
      body: { ...created, data: { a: '2' } },
    });
    // The same manager again: its one entry is updated, not joined by a second.
    expect(managers(replaced)).toEqual(['node-fetch Update']);
    // An explicit fieldManager wins over the User-Agent.
    const named = await core.replaceNamespacedConfigMap({
      name: 'managed',
      namespace,
      body: { ...replaced, data: { a: '3' } },
      fieldManager: 'course-check',
    });
    expect(managers(named)).toEqual(['node-fetch Update', 'course-check Update']);
    const read = await core.readNamespacedConfigMap({ name: 'managed', namespace });
    expect(managers(read)).toEqual(['node-fetch Update', 'course-check Update']);
  });
});
