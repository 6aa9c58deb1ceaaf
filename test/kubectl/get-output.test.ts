import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { API_GROUPS, RESOURCES } from '../../src/simulator/apiserver/resources.js';
import { SimClock } from '../../src/simulator/clock.js';
import { KUBECTL, NO_KUBECTL_REASON } from '../support/kubectl.js';
import { startTestCluster, type TestCluster } from '../support/simulator.js';
import { untilJsonpath } from './helpers.js';
import { tableLines } from './kubectl-process.js';

const SHOP = `apiVersion: v1
kind: Pod
metadata:
  name: web
  namespace: shop
  labels: {app: web, tier: frontend}
spec:
  containers:
  - name: web
    image: nginx:1.27
---
apiVersion: v1
kind: Pod
metadata:
  name: api
  namespace: shop
  labels: {app: api, tier: backend}
spec:
  containers:
  - name: api
    image: httpd:2.4
---
apiVersion: v1
kind: Pod
metadata:
  name: db
  namespace: shop
  labels: {app: db, tier: backend}
spec:
  containers:
  - name: db
    image: postgres:16
`;

/** Table rows with the AGE cells replaced by `AGE`: their values depend on the clock. */
const rows = (stdout: string) => {
  const lines = tableLines(stdout);
  const age = lines[0]?.indexOf('AGE') ?? -1;
  return lines.map((cells, i) => (i === 0 ? cells : cells.map((c, j) => (j === age ? 'AGE' : c))));
};

describe.skipIf(!KUBECTL)(
  `real kubectl: get output formats and selectors${KUBECTL ? '' : ` (${NO_KUBECTL_REASON})`}`,
  () => {
    let cluster: TestCluster;
    const ok = async (args: string[]) => {
      const r = await cluster.kubectl(args);
      expect(r.code, `kubectl ${args.join(' ')}: ${r.stderr}`).toBe(0);
      return r.stdout;
    };
    const shop = (...args: string[]) => ok(['-n', 'shop', ...args]);

    beforeAll(async () => {
      // A clock that stands still: the pods are scheduled and get their sandbox (node, IP), then
      // wait on their image pulls, which never end. Their rows stay put while the tests read them.
      cluster = await startTestCluster({ clock: new SimClock({ speed: 0 }) });
      const file = join(cluster.dir, 'shop.yaml');
      await writeFile(file, SHOP);
      await ok(['create', 'namespace', 'shop']);
      await ok(['apply', '-f', file]);
      for (const pod of ['web', 'api', 'db']) {
        await untilJsonpath(
          cluster.kubectl,
          ['pod', pod, '-n', 'shop'],
          '{.status.podIP} {.status.containerStatuses[0].state.waiting.reason}',
          (v) => /^\S+ ContainerCreating$/.test(v),
        );
      }
      await shop(
        'create',
        'secret',
        'generic',
        'creds',
        '--from-literal=user=admin',
        '--from-literal=pass=s3cret',
      );
      await shop('create', 'configmap', 'settings', '--from-literal=color=blue');
    });
    afterAll(async () => {
      await cluster?.stop();
    });

    describe('pods', () => {
      it('prints the server’s table, sorted by name', async () => {
        expect(rows(await shop('get', 'pods'))).toEqual([
          ['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE'],
          ['api', '0/1', 'ContainerCreating', '0', 'AGE'],
          ['db', '0/1', 'ContainerCreating', '0', 'AGE'],
          ['web', '0/1', 'ContainerCreating', '0', 'AGE'],
        ]);
      });

      it('-o wide adds the priority-1 columns', async () => {
        const lines = tableLines(await shop('get', 'pods', '-o', 'wide'));
        expect(lines[0]).toEqual([
          'NAME',
          'READY',
          'STATUS',
          'RESTARTS',
          'AGE',
          'IP',
          'NODE',
          'NOMINATED NODE',
          'READINESS GATES',
        ]);
        // Which worker each pod landed on is the scheduler's choice; the IP comes from that
        // node's pod CIDR (10.244.1.0/24 for pod-course-worker, .2.0/24 for worker2).
        const node = await shop('get', 'pod', 'api', '-o', 'jsonpath={.spec.nodeName}');
        const subnet = node === 'pod-course-worker' ? 1 : 2;
        expect(lines[1]?.filter((_c, i) => i !== 4)).toEqual([
          'api',
          '0/1',
          'ContainerCreating',
          '0',
          expect.stringMatching(new RegExp(`^10\\.244\\.${subnet}\\.\\d+$`)),
          expect.stringMatching(/^pod-course-worker2?$/),
          '<none>',
          '<none>',
        ]);
        expect(lines[1]?.[6]).toBe(node);
      });

      it('-o yaml and -o json print the stored object (managedFields hidden)', async () => {
        const pod = parseYaml(await shop('get', 'pod', 'web', '-o', 'yaml'));
        expect(pod).toMatchObject({
          apiVersion: 'v1',
          kind: 'Pod',
          metadata: { name: 'web', namespace: 'shop', labels: { app: 'web', tier: 'frontend' } },
          spec: { containers: [{ name: 'web', image: 'nginx:1.27' }] },
          status: { phase: 'Pending', qosClass: 'BestEffort' },
        });
        expect(pod.metadata.managedFields).toBeUndefined();
        const list = JSON.parse(await shop('get', 'pods', '-o', 'json'));
        expect(list.kind).toBe('List');
        expect(
          list.items.map(
            (p: { kind: string; metadata: { name: string } }) => `${p.kind}/${p.metadata.name}`,
          ),
        ).toEqual(['Pod/api', 'Pod/db', 'Pod/web']);
      });

      it('-o name, jsonpath and custom-columns', async () => {
        expect(await shop('get', 'pods', '-o', 'name')).toBe('pod/api\npod/db\npod/web\n');
        expect(
          await shop(
            'get',
            'pods',
            '-o',
            'jsonpath={range .items[*]}{.metadata.name}={.spec.containers[0].image}{"\\n"}{end}',
          ),
        ).toBe('api=httpd:2.4\ndb=postgres:16\nweb=nginx:1.27\n');
        expect(
          await shop(
            'get',
            'pods',
            '-o',
            'custom-columns=NAME:.metadata.name,IMAGE:.spec.containers[0].image,TIER:.metadata.labels.tier',
          ),
        ).toBe(
          'NAME   IMAGE         TIER\napi    httpd:2.4     backend\ndb     postgres:16   backend\nweb    nginx:1.27    frontend\n',
        );
      });

      it('--sort-by sorts on the full objects the table rows carry', async () => {
        const byImage = rows(await shop('get', 'pods', '--sort-by=.spec.containers[0].image'));
        expect(byImage.slice(1).map((r) => r[0])).toEqual(['api', 'web', 'db']);
        const byName = rows(await shop('get', 'pods', '--sort-by=.metadata.name', '-o', 'wide'));
        expect(byName.slice(1).map((r) => r[0])).toEqual(['api', 'db', 'web']);
      });

      it('-l with equality and set-based selectors', async () => {
        const names = async (selector: string) =>
          (await shop('get', 'pods', '-l', selector, '-o', 'name'))
            .trim()
            .split('\n')
            .filter(Boolean);
        expect(await names('tier=backend')).toEqual(['pod/api', 'pod/db']);
        expect(await names('tier!=backend')).toEqual(['pod/web']);
        expect(await names('tier in (frontend)')).toEqual(['pod/web']);
        expect(await names('app notin (web,db)')).toEqual(['pod/api']);
        expect(await names('app,tier==backend')).toEqual(['pod/api', 'pod/db']);
        const none = await cluster.kubectl(['-n', 'shop', 'get', 'pods', '-l', '!tier']);
        expect([none.code, none.stdout, none.stderr]).toEqual([
          0,
          '',
          'No resources found in shop namespace.\n',
        ]);
      });

      it('a label selector that does not parse: the server’s message, through kubectl', async () => {
        const r = await cluster.kubectl(['-n', 'shop', 'get', 'pods', '-l', 'a b']);
        expect(r.code).toBe(1);
        expect(r.stderr).toBe(
          'Error from server (BadRequest): Unable to find "/v1, Resource=pods" that match label selector "a b", field selector "": unable to parse requirement: found \'b\', expected: in, notin, =, ==, !=, gt, lt\n',
        );
      });

      it('--field-selector, and the real error for a field the resource does not support', async () => {
        expect(
          await shop('get', 'pods', '--field-selector', 'metadata.name=web', '-o', 'name'),
        ).toBe('pod/web\n');
        expect(
          await shop(
            'get',
            'pods',
            '--field-selector',
            'status.phase=Pending,metadata.name!=web',
            '-o',
            'name',
          ),
        ).toBe('pod/api\npod/db\n');
        const pods = await cluster.kubectl([
          '-n',
          'shop',
          'get',
          'pods',
          '--field-selector',
          'spec.foo=bar',
        ]);
        expect(pods.code).toBe(1);
        expect(pods.stderr).toBe(
          'Error from server (BadRequest): Unable to find "/v1, Resource=pods" that match label selector "", field selector "spec.foo=bar": field label not supported: spec.foo\n',
        );
        const cms = await cluster.kubectl([
          '-n',
          'shop',
          'get',
          'cm',
          '--field-selector',
          'data.x=1',
        ]);
        expect(cms.stderr).toBe(
          'Error from server (BadRequest): Unable to find "/v1, Resource=configmaps" that match label selector "", field selector "data.x=1": "data.x" is not a known field selector: only "metadata.name", "metadata.namespace"\n',
        );
      });

      it('--show-labels and -L read the labels the table rows carry', async () => {
        expect(rows(await shop('get', 'pods', '--show-labels'))).toEqual([
          ['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE', 'LABELS'],
          ['api', '0/1', 'ContainerCreating', '0', 'AGE', 'app=api,tier=backend'],
          ['db', '0/1', 'ContainerCreating', '0', 'AGE', 'app=db,tier=backend'],
          ['web', '0/1', 'ContainerCreating', '0', 'AGE', 'app=web,tier=frontend'],
        ]);
        const labelled = tableLines(await shop('get', 'pods', '-L', 'tier,app'));
        expect(labelled.map((r) => [r[0], ...r.slice(-2)])).toEqual([
          ['NAME', 'TIER', 'APP'],
          ['api', 'backend', 'api'],
          ['db', 'backend', 'db'],
          ['web', 'frontend', 'web'],
        ]);
      });

      it('-A prints the NAMESPACE column from the rows’ metadata', async () => {
        expect(rows(await ok(['get', 'pods', '-A', '-l', 'tier']))).toEqual([
          ['NAMESPACE', 'NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE'],
          ['shop', 'api', '0/1', 'ContainerCreating', '0', 'AGE'],
          ['shop', 'db', '0/1', 'ContainerCreating', '0', 'AGE'],
          ['shop', 'web', '0/1', 'ContainerCreating', '0', 'AGE'],
        ]);
      });
    });

    describe('other kinds', () => {
      it('nodes, with a set-based label selector', async () => {
        expect(
          await ok([
            'get',
            'nodes',
            '-l',
            'kubernetes.io/hostname in (pod-course-worker2)',
            '-o',
            'name',
          ]),
        ).toBe('node/pod-course-worker2\n');
        const wide = tableLines(await ok(['get', 'nodes', '-o', 'wide']));
        expect(wide[0]).toEqual([
          'NAME',
          'STATUS',
          'ROLES',
          'AGE',
          'VERSION',
          'INTERNAL-IP',
          'EXTERNAL-IP',
          'OS-IMAGE',
          'KERNEL-VERSION',
          'CONTAINER-RUNTIME',
        ]);
        expect(wide.slice(1).map((r) => r[0])).toEqual([
          'pod-course-control-plane',
          'pod-course-worker',
          'pod-course-worker2',
        ]);
      });

      it('namespaces, secrets, configmaps and serviceaccounts', async () => {
        expect(rows(await ok(['get', 'namespace', 'shop']))).toEqual([
          ['NAME', 'STATUS', 'AGE'],
          ['shop', 'Active', 'AGE'],
        ]);
        expect(rows(await shop('get', 'secrets'))).toEqual([
          ['NAME', 'TYPE', 'DATA', 'AGE'],
          ['creds', 'Opaque', '2', 'AGE'],
        ]);
        expect(await shop('get', 'secret', 'creds', '-o', 'jsonpath={.data.user}')).toBe(
          Buffer.from('admin').toString('base64'),
        );
        expect(rows(await shop('get', 'configmaps'))).toEqual([
          ['NAME', 'DATA', 'AGE'],
          ['kube-root-ca.crt', '1', 'AGE'],
          ['settings', '1', 'AGE'],
        ]);
        expect(rows(await shop('get', 'serviceaccounts'))).toEqual([
          ['NAME', 'SECRETS', 'AGE'],
          ['default', '0', 'AGE'],
        ]);
        const everywhere = rows(
          await ok(['get', 'cm', '-A', '--field-selector', 'metadata.name=kube-root-ca.crt']),
        );
        expect(everywhere.map((r) => r[0])).toEqual([
          'NAMESPACE',
          'default',
          'kube-node-lease',
          'kube-public',
          'kube-system',
          'shop',
        ]);
      });

      it('events: a core/v1 Event created through the API, in the server’s columns', async () => {
        // The scheduler and kubelets wrote events of their own about the pods of the first
        // namespace; in a namespace of its own, about a pod no scheduler serves, the test's
        // Event is the only one.
        const audit = (...args: string[]) => ok(['-n', 'audit', ...args]);
        await ok(['create', 'namespace', 'audit']);
        await audit(
          'run',
          'web',
          '--image=nginx',
          '--overrides={"spec":{"schedulerName":"nobody"}}',
        );
        const file = join(cluster.dir, 'event.yaml');
        const uid = await audit('get', 'pod', 'web', '-o', 'jsonpath={.metadata.uid}');
        // The server renders LAST SEEN and FIRST SEEN with its own (standing) clock.
        const now = cluster.simulator.clock.now().getTime();
        await writeFile(
          file,
          JSON.stringify({
            apiVersion: 'v1',
            kind: 'Event',
            metadata: { name: 'web.17a', namespace: 'audit' },
            involvedObject: { apiVersion: 'v1', kind: 'Pod', name: 'web', namespace: 'audit', uid },
            reason: 'FailedScheduling',
            message: '0/3 nodes are available: 3 Insufficient cpu.',
            type: 'Warning',
            source: { component: 'default-scheduler' },
            firstTimestamp: new Date(now - 10 * 3600_000).toISOString().replace(/\.\d+Z$/, 'Z'),
            lastTimestamp: new Date(now - 20 * 60_000).toISOString().replace(/\.\d+Z$/, 'Z'),
            count: 3,
          }),
        );
        await ok(['create', '-f', file]);
        expect(tableLines(await audit('get', 'events'))).toEqual([
          ['LAST SEEN', 'TYPE', 'REASON', 'OBJECT', 'MESSAGE'],
          [
            '20m',
            'Warning',
            'FailedScheduling',
            'pod/web',
            '0/3 nodes are available: 3 Insufficient cpu.',
          ],
        ]);
        expect(tableLines(await audit('get', 'events', '-o', 'wide'))).toEqual([
          [
            'LAST SEEN',
            'TYPE',
            'REASON',
            'OBJECT',
            'SUBOBJECT',
            'SOURCE',
            'MESSAGE',
            'FIRST SEEN',
            'COUNT',
            'NAME',
          ],
          // SUBOBJECT is empty: the cell collapses into the run of spaces before SOURCE.
          [
            '20m',
            'Warning',
            'FailedScheduling',
            'pod/web',
            'default-scheduler',
            '0/3 nodes are available: 3 Insufficient cpu.',
            '10h',
            '3',
            'web.17a',
          ],
        ]);
        expect(
          await audit(
            'get',
            'events',
            '--field-selector',
            'involvedObject.name=web,type=Warning',
            '-o',
            'name',
          ),
        ).toBe('event/web.17a\n');
      });
    });

    describe('discovery commands', () => {
      it('api-resources -o wide shows verbs and categories', async () => {
        const out = await ok(['api-resources', '-o', 'wide']);
        expect(out).toMatch(
          /^pods\s+po\s+v1\s+true\s+Pod\s+create,delete,deletecollection,get,list,patch,update,watch\s+all$/m,
        );
        expect(out).toMatch(
          /^namespaces\s+ns\s+v1\s+false\s+Namespace\s+create,delete,get,list,patch,update,watch\s*$/m,
        );
        // Core first, then the groups in the server's order: what the one resource table serves.
        const clusterScoped = ['', ...API_GROUPS.map((g) => g.name)].flatMap((group) =>
          RESOURCES.filter((r) => r.group === group && !r.namespaced).map((r) =>
            group ? `${r.resource}.${group}` : r.resource,
          ),
        );
        expect(clusterScoped.slice(0, 2)).toEqual(['namespaces', 'nodes']);
        expect(clusterScoped).toContain('clusterroles.rbac.authorization.k8s.io');
        expect(await ok(['api-resources', '--namespaced=false', '-o', 'name'])).toBe(
          `${clusterScoped.join('\n')}\n`,
        );
      });

      it('api-versions lists every served group version', async () => {
        // kubectl sorts them; core's `v1` sorts last.
        const served = [...API_GROUPS.map((g) => `${g.name}/${g.version}`), 'v1'].sort();
        expect(served).toContain('rbac.authorization.k8s.io/v1');
        expect(served.at(-1)).toBe('v1');
        expect(await ok(['api-versions'])).toBe(`${served.join('\n')}\n`);
      });
    });
  },
);
