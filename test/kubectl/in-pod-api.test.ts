import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KUBECTL, NO_KUBECTL_REASON } from '../support/kubectl.js';
import { startTestCluster, type TestCluster } from '../support/simulator.js';
import { manifestWriter, untilReady } from './helpers.js';

const SA_DIR = '/var/run/secrets/kubernetes.io/serviceaccount';
const AUTH = `-H "Authorization: Bearer $(cat ${SA_DIR}/token)"`;
const CA = `--cacert ${SA_DIR}/ca.crt`;
const PODS_URL = 'https://kubernetes.default.svc/api/v1/namespaces/default/pods';

const CURL_60_HELP =
  'More details here: https://curl.se/docs/sslcerts.html\n\n' +
  'curl failed to verify the legitimacy of the server and therefore could not\n' +
  'establish a secure connection to it. To learn more about this situation and\n' +
  'how to fix it, please visit the web page mentioned above.\n';

const PODS = `apiVersion: v1
kind: Pod
metadata:
  name: api-client
  labels:
    app: api-client
spec:
  hostAliases:
  - ip: 10.96.0.1
    hostnames: [api.example]
  containers:
  - name: curl
    image: nginx:1.27
---
apiVersion: v1
kind: Pod
metadata:
  name: bb
spec:
  containers:
  - name: bb
    image: busybox:1.36
    command: [sleep, "3600"]
---
apiVersion: v1
kind: Pod
metadata:
  name: no-token
spec:
  automountServiceAccountToken: false
  containers:
  - name: app
    image: nginx:1.27
`;

/**
 * Issue 4, from inside pods: the `kubernetes` Service in `default`, its variables in every
 * container, cluster DNS and the search list reaching it by any of its names, TLS verified by
 * the projected `ca.crt` (curl's real errors without it), the token authenticating as
 * `system:serviceaccount:default:default` (the real 403, then 200 after a RoleBinding),
 * busybox wget's unverified TLS, `automountServiceAccountToken: false`, and a Service of one's
 * own in front of a pod.
 */
describe.skipIf(!KUBECTL)(
  `real kubectl: the API from inside a pod${KUBECTL ? '' : ` (${NO_KUBECTL_REASON})`}`,
  () => {
    let cluster: TestCluster;
    const sh = (pod: string, script: string) =>
      cluster.kubectl(['exec', pod, '--', 'sh', '-c', script]);

    beforeAll(async () => {
      cluster = await startTestCluster();
      const file = await manifestWriter(cluster.dir)('pods.yaml', PODS);
      const applied = await cluster.kubectl(['apply', '-f', file]);
      expect(applied.stderr).toBe('');
      for (const pod of ['api-client', 'bb', 'no-token']) await untilReady(cluster.kubectl, pod);
    });
    afterAll(async () => {
      await cluster?.stop();
    });

    it('the kubernetes Service is there, as kind shows it', async () => {
      const r = await cluster.kubectl(['get', 'svc']);
      const [header, row] = r.stdout.split('\n');
      expect(header).toMatch(/^NAME\s+TYPE\s+CLUSTER-IP\s+EXTERNAL-IP\s+PORT\(S\)\s+AGE$/);
      expect(row).toMatch(/^kubernetes\s+ClusterIP\s+10\.96\.0\.1\s+<none>\s+443\/TCP\s+\d+s$/);
      const target = await cluster.kubectl([
        'get',
        'svc',
        'kubernetes',
        '-o',
        'jsonpath={.spec.ports[0].name} {.spec.ports[0].targetPort}',
      ]);
      expect(target.stdout).toBe('https 6443');
    });

    it('every container has the kubernetes Service variables', async () => {
      const r = await sh('api-client', 'env | grep ^KUBERNETES_ | sort');
      expect(r.stdout).toBe(
        [
          'KUBERNETES_PORT=tcp://10.96.0.1:443',
          'KUBERNETES_PORT_443_TCP=tcp://10.96.0.1:443',
          'KUBERNETES_PORT_443_TCP_ADDR=10.96.0.1',
          'KUBERNETES_PORT_443_TCP_PORT=443',
          'KUBERNETES_PORT_443_TCP_PROTO=tcp',
          'KUBERNETES_SERVICE_HOST=10.96.0.1',
          'KUBERNETES_SERVICE_PORT=443',
          'KUBERNETES_SERVICE_PORT_HTTPS=443',
          '',
        ].join('\n'),
      );
    });

    it('the projected volume holds ca.crt (the cluster CA), namespace and token', async () => {
      expect((await sh('api-client', `ls ${SA_DIR}`)).stdout).toBe('ca.crt\nnamespace\ntoken\n');
      expect((await sh('api-client', `cat ${SA_DIR}/namespace`)).stdout).toBe('default');
      expect((await sh('api-client', `cat ${SA_DIR}/ca.crt`)).stdout).toBe(cluster.simulator.caPem);
    });

    it('without the CA, curl refuses the server as it does on a real cluster', async () => {
      const r = await sh('api-client', `curl -sS ${AUTH} ${PODS_URL}`);
      expect(r.code).toBe(60);
      expect(r.stderr).toBe(
        `curl: (60) SSL certificate problem: unable to get local issuer certificate\n${CURL_60_HELP}command terminated with exit code 60\n`,
      );
      // A name the certificate does not carry fails even with the CA.
      const alias = await sh('api-client', `curl -sS ${CA} https://api.example/version`);
      expect(alias.stderr.split('\n')[0]).toBe(
        "curl: (60) SSL: no alternative certificate subject name matches target host name 'api.example'",
      );
      // -k skips both checks.
      const insecure = await sh(
        'api-client',
        `curl -sk -o /dev/null -w '%{http_code}' https://api.example/version`,
      );
      expect(insecure.stdout).toBe('200');
    });

    it('with the CA and the token: the real 403 first, then 200 after a RoleBinding', async () => {
      const denied = await sh('api-client', `curl -sS ${CA} ${AUTH} ${PODS_URL}`);
      expect(denied.code).toBe(0);
      // Indented for curl, as kube-apiserver does for curl, Wget and browsers.
      expect(denied.stdout).toBe(
        [
          '{',
          '  "kind": "Status",',
          '  "apiVersion": "v1",',
          '  "metadata": {},',
          '  "status": "Failure",',
          '  "message": "pods is forbidden: User \\"system:serviceaccount:default:default\\" cannot list resource \\"pods\\" in API group \\"\\" in the namespace \\"default\\"",',
          '  "reason": "Forbidden",',
          '  "details": {',
          '    "kind": "pods"',
          '  },',
          '  "code": 403',
          '}',
        ].join('\n'),
      );
      const bound = await cluster.kubectl([
        'create',
        'rolebinding',
        'default-view',
        '--clusterrole=view',
        '--serviceaccount=default:default',
      ]);
      expect(bound.stdout).toBe('rolebinding.rbac.authorization.k8s.io/default-view created\n');
      const allowed = await sh('api-client', `curl -sS ${CA} ${AUTH} ${PODS_URL}`);
      const list = JSON.parse(allowed.stdout) as {
        kind: string;
        items: { metadata: { name: string } }[];
      };
      expect(list.kind).toBe('PodList');
      expect(list.items.map((p) => p.metadata.name)).toEqual(['api-client', 'bb', 'no-token']);
      // Still nothing the view role does not grant.
      const secrets = await sh(
        'api-client',
        `curl -s -o /dev/null -w '%{http_code}' ${CA} ${AUTH} https://kubernetes/api/v1/namespaces/default/secrets`,
      );
      expect(secrets.stdout).toBe('403');
    });

    it('every name of the Service resolves through the search list, and its address works', async () => {
      const names = [
        'kubernetes',
        'kubernetes.default',
        'kubernetes.default.svc',
        'kubernetes.default.svc.cluster.local',
        '$KUBERNETES_SERVICE_HOST:$KUBERNETES_SERVICE_PORT',
      ];
      for (const name of names) {
        const r = await sh(
          'api-client',
          `curl -sS -o /dev/null -w '%{http_code}' ${CA} https://${name}/version`,
        );
        expect({ name, out: r.stdout, err: r.stderr }).toEqual({ name, out: '200', err: '' });
      }
      const plain = await sh('api-client', 'curl -sS http://kubernetes:443/');
      expect(plain.stdout).toBe('Client sent an HTTP request to an HTTPS server.\n');
      const unknown = await sh('api-client', 'curl -sS https://nope.default.svc/');
      expect(unknown.stderr).toBe(
        'curl: (6) Could not resolve host: nope.default.svc\ncommand terminated with exit code 6\n',
      );
    });

    it('busybox wget speaks TLS without checking the certificate, and says so', async () => {
      const r = await sh(
        'bb',
        `wget -O- --header "Authorization: Bearer $(cat ${SA_DIR}/token)" https://kubernetes.default.svc/api/v1/namespaces/default/secrets`,
      );
      expect(r.stderr).toBe(
        'Connecting to kubernetes.default.svc (10.96.0.1:443)\n' +
          'wget: note: TLS certificate validation not implemented\n' +
          'wget: server returned error: HTTP/1.1 403 Forbidden\n' +
          'command terminated with exit code 1\n',
      );
      const quiet = await sh(
        'bb',
        `wget -qO- --no-check-certificate --header "Authorization: Bearer $(cat ${SA_DIR}/token)" https://kubernetes/api/v1/namespaces/default/pods/bb`,
      );
      expect(quiet.stderr).toBe('');
      expect(JSON.parse(quiet.stdout)).toMatchObject({ kind: 'Pod', metadata: { name: 'bb' } });
    });

    it('automountServiceAccountToken: false leaves the pod without the volume and its files', async () => {
      const volumes = await cluster.kubectl([
        'get',
        'pod',
        'no-token',
        '-o',
        'jsonpath={.spec.volumes}{.spec.containers[0].volumeMounts}',
      ]);
      expect(volumes.stdout).toBe('');
      const ls = await sh('no-token', `ls ${SA_DIR}`);
      expect(ls.code).toBe(2);
      expect(ls.stderr.split('\n')[0]).toBe(
        `ls: cannot access '${SA_DIR}': No such file or directory`,
      );
    });

    it('a Service of one’s own reaches a ready pod by its name', async () => {
      const exposed = await cluster.kubectl([
        'expose',
        'pod',
        'api-client',
        '--name=web',
        '--port=8080',
        '--target-port=80',
      ]);
      expect(exposed.stdout).toBe('service/web exposed\n');
      const page = await sh('bb', 'wget -qO- http://web:8080/ | grep title');
      expect(page.stdout).toBe('<title>Welcome to nginx!</title>\n');
      const byFqdn = await sh(
        'api-client',
        "curl -s -o /dev/null -w '%{http_code}' http://web.default.svc.cluster.local:8080/",
      );
      expect(byFqdn.stdout).toBe('200');
    });

    it('containers started after a Service have its link variables; earlier ones do not', async () => {
      const ip = (await cluster.kubectl(['get', 'svc', 'web', '-o', 'jsonpath={.spec.clusterIP}']))
        .stdout;
      const run = await cluster.kubectl([
        'run',
        'late',
        '--image=busybox:1.36',
        '--',
        'sleep',
        '3600',
      ]);
      expect(run.code).toBe(0);
      await untilReady(cluster.kubectl, 'late');
      const late = await sh('late', 'env | grep ^WEB_ | sort');
      expect(late.stdout).toBe(
        [
          `WEB_PORT=tcp://${ip}:8080`,
          `WEB_PORT_8080_TCP=tcp://${ip}:8080`,
          `WEB_PORT_8080_TCP_ADDR=${ip}`,
          'WEB_PORT_8080_TCP_PORT=8080',
          'WEB_PORT_8080_TCP_PROTO=tcp',
          `WEB_SERVICE_HOST=${ip}`,
          'WEB_SERVICE_PORT=8080',
          '',
        ].join('\n'),
      );
      expect((await sh('bb', 'env | grep ^WEB_ || true')).stdout).toBe('');
    });
  },
);
