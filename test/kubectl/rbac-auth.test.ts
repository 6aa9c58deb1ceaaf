import * as k8s from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiRequest } from '../http/api-request.js';
import { KUBECTL, NO_KUBECTL_REASON } from '../support/kubectl.js';
import { startTestCluster, type TestCluster } from '../support/simulator.js';
import { manifestWriter, untilJsonpath } from './helpers.js';

const SA = 'system:serviceaccount:default:default';
const AS_SA = `--as=${SA}`;

/** A client-node KubeConfig for the simulator that presents `token` instead of the admin's. */
function clientWithToken(cluster: TestCluster, token: string) {
  const kc = new k8s.KubeConfig();
  kc.loadFromOptions({
    clusters: [
      {
        name: 'sim',
        server: cluster.simulator.url,
        caData: Buffer.from(cluster.simulator.caPem).toString('base64'),
      },
    ],
    users: [{ name: 'robot', token }],
    contexts: [{ name: 'sim', cluster: 'sim', user: 'robot', namespace: 'default' }],
    currentContext: 'sim',
  });
  return kc;
}

/** The rejection of a client-node call: its HTTP code and parsed Status. */
async function failure(call: Promise<unknown>) {
  try {
    await call;
  } catch (error) {
    const e = error as k8s.ApiException<string>;
    return { code: e.code, body: JSON.parse(e.body) as Record<string, unknown> };
  }
  throw new Error('expected the call to fail');
}

/**
 * Authentication and RBAC as a learner meets them: `kubectl auth can-i` and `auth whoami` for
 * the kubeconfig's admin and, impersonated with `--as`, for a ServiceAccount; the real 403
 * texts; a RoleBinding to the default `view` ClusterRole; tokens from the TokenRequest API
 * (`kubectl create token`) and from a pod's projected volume, used by client-node and kubectl.
 */
describe.skipIf(!KUBECTL)(
  `real kubectl: authentication, RBAC and access reviews${KUBECTL ? '' : ` (${NO_KUBECTL_REASON})`}`,
  () => {
    let cluster: TestCluster;
    let write: ReturnType<typeof manifestWriter>;
    beforeAll(async () => {
      cluster = await startTestCluster();
      write = manifestWriter(cluster.dir);
    });
    afterAll(async () => {
      await cluster?.stop();
    });

    it("the kubeconfig user is kind's kubernetes-admin, and may do anything", async () => {
      const whoami = await cluster.kubectl(['auth', 'whoami']);
      expect(whoami).toEqual({
        code: 0,
        stdout:
          'ATTRIBUTE   VALUE\nUsername    kubernetes-admin\nGroups      [kubeadm:cluster-admins system:authenticated]\n',
        stderr: '',
      });
      for (const question of [
        ['create', 'pods/exec'],
        ['delete', 'namespaces'],
        ['list', 'secrets', '--all-namespaces'],
      ]) {
        expect(await cluster.kubectl(['auth', 'can-i', ...question])).toMatchObject({
          code: 0,
          stdout: 'yes\n',
        });
      }
      // kubectl warns about the namespace of its context, as it does on a real cluster.
      expect(await cluster.kubectl(['auth', 'can-i', 'patch', 'nodes'])).toEqual({
        code: 0,
        stdout: 'yes\n',
        stderr: "Warning: resource 'nodes' is not namespace scoped\n\n",
      });
    });

    it('a ServiceAccount may review itself but not list pods, with the real 403 text', async () => {
      expect(await cluster.kubectl(['auth', 'can-i', 'list', 'pods', AS_SA])).toEqual({
        code: 1,
        stdout: 'no\n',
        stderr: '',
      });
      expect(await cluster.kubectl(['get', 'pods', AS_SA])).toEqual({
        code: 1,
        stdout: '',
        stderr: `Error from server (Forbidden): pods is forbidden: User "${SA}" cannot list resource "pods" in API group "" in the namespace "default"\n`,
      });
      const nodes = await cluster.kubectl(['get', 'node', 'pod-course-worker', AS_SA]);
      expect(nodes.stderr).toBe(
        `Error from server (Forbidden): nodes "pod-course-worker" is forbidden: User "${SA}" cannot get resource "nodes" in API group "" at the cluster scope\n`,
      );
      const whoami = await cluster.kubectl(['auth', 'whoami', AS_SA]);
      expect(whoami.stdout).toBe(
        `ATTRIBUTE   VALUE\nUsername    ${SA}\nGroups      [system:serviceaccounts system:serviceaccounts:default system:authenticated]\n`,
      );
      const list = await cluster.kubectl(['auth', 'can-i', '--list', AS_SA]);
      expect(list.code).toBe(0);
      const lines = list.stdout.split('\n');
      expect(lines[0]).toMatch(/^Resources\s+Non-Resource URLs\s+Resource Names\s+Verbs$/);
      expect(lines).toContainEqual(
        expect.stringMatching(
          /^selfsubjectaccessreviews\.authorization\.k8s\.io\s+\[\]\s+\[\]\s+\[create\]$/,
        ),
      );
      expect(lines).toContainEqual(expect.stringMatching(/^\s+\[\/apis\/\*\]\s+\[\]\s+\[get\]$/));
      expect(list.stdout).not.toContain('pods');
    });

    it('a RoleBinding to the view ClusterRole lets it read, in its namespace only', async () => {
      const created = await cluster.kubectl([
        'create',
        'rolebinding',
        'default-view',
        '--clusterrole=view',
        '--serviceaccount=default:default',
      ]);
      expect(created.stdout).toBe('rolebinding.rbac.authorization.k8s.io/default-view created\n');
      expect(await cluster.kubectl(['auth', 'can-i', 'list', 'pods', AS_SA])).toMatchObject({
        code: 0,
        stdout: 'yes\n',
      });
      expect(
        (await cluster.kubectl(['auth', 'can-i', 'list', 'pods', '-n', 'kube-system', AS_SA]))
          .stdout,
      ).toBe('no\n');
      expect((await cluster.kubectl(['auth', 'can-i', 'create', 'pods/exec', AS_SA])).stdout).toBe(
        'no\n',
      );
      expect(await cluster.kubectl(['get', 'pods', AS_SA])).toEqual({
        code: 0,
        stdout: '',
        stderr: 'No resources found in default namespace.\n',
      });
      const list = await cluster.kubectl(['auth', 'can-i', '--list', AS_SA]);
      expect(list.stdout).toMatch(/^pods\s+\[\]\s+\[\]\s+\[get list watch\]$/m);
    });

    it('kubectl exec as a viewer is refused with the create pods/exec message', async () => {
      const file = await write(
        'web.yaml',
        'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n  - name: app\n    image: nginx:1.25\n',
      );
      expect((await cluster.kubectl(['apply', '-f', file])).code).toBe(0);
      await untilJsonpath(
        cluster.kubectl,
        ['pod', 'web'],
        '{.status.phase}',
        (p) => p === 'Running',
      );
      const exec = await cluster.kubectl(['exec', 'web', AS_SA, '--', 'ls', '/']);
      expect(exec.code).toBe(1);
      expect(exec.stderr).toBe(
        `Error from server (Forbidden): pods "web" is forbidden: User "${SA}" cannot create resource "pods/exec" in API group "" in the namespace "default"\n`,
      );
    });

    it("a pod's projected token authenticates as its ServiceAccount, bound to the pod", async () => {
      await untilJsonpath(
        cluster.kubectl,
        ['pod', 'web'],
        '{.status.phase}',
        (p) => p === 'Running',
      );
      const read = await cluster.kubectl([
        'exec',
        'web',
        '--',
        'cat',
        '/var/run/secrets/kubernetes.io/serviceaccount/token',
      ]);
      expect(read.code, read.stderr).toBe(0);
      const token = read.stdout.trim();
      const whoami = await cluster.kubectl(['auth', 'whoami', `--token=${token}`]);
      expect(whoami.code, whoami.stderr).toBe(0);
      expect(whoami.stdout).toMatch(new RegExp(`^Username\\s+${SA}$`, 'm'));
      expect(whoami.stdout).toMatch(/^Extra: authentication\.kubernetes\.io\/pod-name\s+\[web\]$/m);
      expect(whoami.stdout).toMatch(
        /^Extra: authentication\.kubernetes\.io\/node-name\s+\[pod-course-worker2?\]$/m,
      );
      expect(
        (await cluster.kubectl(['get', 'pods', `--token=${token}`, '-o', 'name'])).stdout,
      ).toBe('pod/web\n');
    });

    it('kubectl create token: client-node lists what view allows and gets 403 for the rest', async () => {
      const created = await cluster.kubectl(['create', 'token', 'default', '--duration=20m']);
      expect(created.code, created.stderr).toBe(0);
      const token = created.stdout.trim();
      const claims = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString());
      expect(claims.exp - claims.iat).toBe(1200);
      expect(claims.sub).toBe(SA);
      const kc = clientWithToken(cluster, token);
      const core = kc.makeApiClient(k8s.CoreV1Api);
      const pods = await core.listNamespacedPod({ namespace: 'default' });
      expect(pods.items.map((p) => p.metadata?.name)).toEqual(['web']);
      expect(await failure(core.listNamespacedSecret({ namespace: 'default' }))).toEqual({
        code: 403,
        body: {
          kind: 'Status',
          apiVersion: 'v1',
          metadata: {},
          status: 'Failure',
          message: `secrets is forbidden: User "${SA}" cannot list resource "secrets" in API group "" in the namespace "default"`,
          reason: 'Forbidden',
          details: { kind: 'secrets' },
          code: 403,
        },
      });
      const review = await kc.makeApiClient(k8s.AuthenticationV1Api).createSelfSubjectReview({
        body: { apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview' },
      });
      expect(review.status?.userInfo?.username).toBe(SA);
      // A token whose signature does not verify is no credential at all: 401.
      const bad = clientWithToken(cluster, `${token.slice(0, -4)}AAAA`);
      const refused = await bad
        .makeApiClient(k8s.CoreV1Api)
        .listNamespacedPod({ namespace: 'default' })
        .catch((error: k8s.ApiException<unknown>) => error.code);
      expect(refused).toBe(401);
    });

    it('kubectl create token refuses what the TokenRequest API refuses, and binds to a pod', async () => {
      expect(await cluster.kubectl(['create', 'token', 'default', '--duration=5m'])).toEqual({
        code: 1,
        stdout: '',
        stderr:
          'error: failed to create token: TokenRequest.authentication.k8s.io "" is invalid: spec.expirationSeconds: Invalid value: 300: may not specify a duration less than 10 minutes\n',
      });
      expect((await cluster.kubectl(['create', 'token', 'nope'])).stderr).toBe(
        'error: failed to create token: serviceaccounts "nope" not found\n',
      );
      const bound = await cluster.kubectl([
        'create',
        'token',
        'default',
        '--bound-object-kind=Pod',
        '--bound-object-name=web',
      ]);
      expect(bound.code, bound.stderr).toBe(0);
      const claims = JSON.parse(
        Buffer.from(bound.stdout.trim().split('.')[1] ?? '', 'base64url').toString(),
      );
      expect(claims['kubernetes.io'].pod.name).toBe('web');
    });

    it('impersonation needs the impersonate verb; the admin has it', async () => {
      const token = (await cluster.kubectl(['create', 'token', 'default'])).stdout.trim();
      const asBob = await apiRequest(cluster.simulator, '/api/v1/namespaces/default/pods', {
        headers: { Authorization: `Bearer ${token}`, 'Impersonate-User': 'bob' },
      });
      expect([asBob.status, (asBob.json as { message?: string }).message]).toEqual([
        403,
        `users "bob" is forbidden: User "${SA}" cannot impersonate resource "users" in API group "" at the cluster scope`,
      ]);
      const whoami = await cluster.kubectl([
        'auth',
        'whoami',
        '--as=bob',
        '--as-group=devs',
        '--as-group=ops',
      ]);
      expect(whoami.stdout).toBe(
        'ATTRIBUTE   VALUE\nUsername    bob\nGroups      [devs ops system:authenticated]\n',
      );
    });

    it('SelfSubjectAccessReview answers the course engine as the admin', async () => {
      const kc = new k8s.KubeConfig();
      kc.loadFromFile(cluster.simulator.kubeconfigPath);
      const authz = kc.makeApiClient(k8s.AuthorizationV1Api);
      const ask = (resourceAttributes: k8s.V1ResourceAttributes) =>
        authz.createSelfSubjectAccessReview({ body: { spec: { resourceAttributes } } });
      const exec = await ask({
        verb: 'create',
        resource: 'pods',
        subresource: 'exec',
        namespace: 'default',
      });
      expect(exec.status).toEqual({
        allowed: true,
        reason:
          'RBAC: allowed by ClusterRoleBinding "kubeadm:cluster-admins" of ClusterRole "cluster-admin" to Group "kubeadm:cluster-admins"',
      });
      const sar = await authz.createSubjectAccessReview({
        body: {
          spec: {
            user: SA,
            groups: ['system:serviceaccounts', 'system:authenticated'],
            resourceAttributes: { verb: 'patch', resource: 'nodes' },
          },
        },
      });
      expect(sar.status?.allowed).toBe(false);
      const empty = await apiRequest(
        cluster.simulator,
        '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews',
        { method: 'POST', body: '{"spec":{}}', headers: { 'Content-Type': 'application/json' } },
      );
      expect([empty.status, (empty.json as { message?: string }).message]).toEqual([
        422,
        'SelfSubjectAccessReview.authorization.k8s.io "" is invalid: spec.resourceAttributes: Invalid value: "null": exactly one of nonResourceAttributes or resourceAttributes must be specified',
      ]);
    });

    it('automountServiceAccountToken: false on the account or the pod leaves the token out', async () => {
      const file = await write(
        'quiet.yaml',
        [
          'apiVersion: v1',
          'kind: ServiceAccount',
          'metadata:',
          '  name: quiet',
          'automountServiceAccountToken: false',
          '---',
          'apiVersion: v1',
          'kind: Pod',
          'metadata:',
          '  name: quiet',
          'spec:',
          '  serviceAccountName: quiet',
          '  containers:',
          '  - name: app',
          '    image: nginx:1.25',
          '---',
          'apiVersion: v1',
          'kind: Pod',
          'metadata:',
          '  name: quiet-pod',
          'spec:',
          '  automountServiceAccountToken: false',
          '  containers:',
          '  - name: app',
          '    image: nginx:1.25',
          '---',
          'apiVersion: v1',
          'kind: Pod',
          'metadata:',
          '  name: loud',
          'spec:',
          '  serviceAccountName: quiet',
          '  automountServiceAccountToken: true',
          '  containers:',
          '  - name: app',
          '    image: nginx:1.25',
          '',
        ].join('\n'),
      );
      const applied = await cluster.kubectl(['apply', '-f', file]);
      expect(applied.code, applied.stderr).toBe(0);
      const volumes = async (pod: string) =>
        (await cluster.kubectl(['get', 'pod', pod, '-o', 'jsonpath={.spec.volumes[*].name}']))
          .stdout;
      expect(await volumes('quiet')).toBe('');
      expect(await volumes('quiet-pod')).toBe('');
      expect(await volumes('loud')).toMatch(/^kube-api-access-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
      await untilJsonpath(
        cluster.kubectl,
        ['pod', 'quiet'],
        '{.status.phase}',
        (p) => p === 'Running',
      );
      const ls = await cluster.kubectl(['exec', 'quiet', '--', 'ls', '/var/run/secrets']);
      expect(ls.code).not.toBe(0);
    });
  },
);
