import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KubeObject } from '../../src/simulator/kube-object.js';
import { KUBECTL, NO_KUBECTL_REASON } from '../support/kubectl.js';
import { startTestCluster, type TestCluster } from '../support/simulator.js';
import { manifestWriter, untilJsonpath } from './helpers.js';

/**
 * Deployments through the real kubectl, with pods running: Deployment → ReplicaSet → Pod with
 * their names, columns and owner references; scaling; a rolling update with `rollout
 * status|history|undo`; a deleted pod replaced; deletion with and without cascading.
 */
describe.skipIf(!KUBECTL)(
  `real kubectl: deployments${KUBECTL ? '' : ` (${NO_KUBECTL_REASON})`}`,
  () => {
    let cluster: TestCluster;
    let write: (name: string, text: string) => Promise<string>;
    beforeAll(async () => {
      cluster = await startTestCluster();
      write = manifestWriter(cluster.dir);
    });
    afterAll(async () => {
      await cluster?.stop();
    });

    const kubectl = async (...args: string[]) => {
      const r = await cluster.kubectl(args);
      expect(r.code, `kubectl ${args.join(' ')}: ${r.stderr}`).toBe(0);
      return r.stdout;
    };
    /** `kubectl get -o json` items, without the ones being deleted. */
    const live = async (kind: string, selector: string) => {
      const list = JSON.parse(await kubectl('get', kind, '-l', selector, '-o', 'json')) as {
        items: KubeObject[];
      };
      return list.items.filter((item) => !item.metadata.deletionTimestamp);
    };
    const untilLivePods = async (selector: string, count: number) => {
      for (;;) {
        const pods = await live('pods', selector);
        if (pods.length === count) return pods;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    };
    const rows = (text: string) =>
      text
        .trim()
        .split('\n')
        .map((line) => line.trim().split(/\s+/));

    it('creates a Deployment, its ReplicaSet and pods, with the columns of a real cluster', async () => {
      expect(
        await kubectl('create', 'deployment', 'web', '--image=nginx:1.25', '--replicas=3'),
      ).toBe('deployment.apps/web created\n');
      const status = await kubectl('rollout', 'status', 'deployment/web', '--timeout=55s');
      expect(status.trim().split('\n').at(-1)).toBe('deployment "web" successfully rolled out');

      const [rs] = await live('replicasets', 'app=web');
      const hash = rs?.metadata.labels?.['pod-template-hash'] ?? '';
      expect(rs?.metadata.name).toBe(`web-${hash}`);
      expect(rs?.metadata.ownerReferences?.[0]).toMatchObject({
        kind: 'Deployment',
        name: 'web',
        controller: true,
        blockOwnerDeletion: true,
      });

      const table = rows(await kubectl('get', 'deploy,rs,pods', '-l', 'app=web'));
      expect(table[0]).toEqual(['NAME', 'READY', 'UP-TO-DATE', 'AVAILABLE', 'AGE']);
      expect(table[1]?.slice(0, 4)).toEqual(['deployment.apps/web', '3/3', '3', '3']);
      expect(table[3]).toEqual(['NAME', 'DESIRED', 'CURRENT', 'READY', 'AGE']);
      expect(table[4]?.slice(0, 4)).toEqual([`replicaset.apps/web-${hash}`, '3', '3', '3']);
      expect(table[6]).toEqual(['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE']);
      const pods = table.slice(7);
      expect(pods).toHaveLength(3);
      for (const pod of pods) {
        expect(pod[0]).toMatch(new RegExp(`^pod/web-${hash}-[bcdfghjklmnpqrstvwxz2456789]{5}$`));
        expect(pod.slice(1, 4)).toEqual(['1/1', 'Running', '0']);
      }

      const wide = rows(await kubectl('get', 'deploy', 'web', '-o', 'wide'));
      expect(wide[0]?.slice(5)).toEqual(['CONTAINERS', 'IMAGES', 'SELECTOR']);
      expect(wide[1]?.slice(5)).toEqual(['nginx', 'nginx:1.25', 'app=web']);
      const rsWide = rows(await kubectl('get', 'rs', '-l', 'app=web', '-o', 'wide'));
      expect(rsWide[1]?.slice(5)).toEqual([
        'nginx',
        'nginx:1.25',
        `app=web,pod-template-hash=${hash}`,
      ]);

      const events = await kubectl('get', 'events', '-o', 'json');
      const messages = (JSON.parse(events) as { items: { reason: string; message: string }[] })
        .items;
      expect(messages).toContainEqual(
        expect.objectContaining({
          reason: 'ScalingReplicaSet',
          message: `Scaled up replica set web-${hash} from 0 to 3`,
        }),
      );
      expect(messages.filter((e) => e.reason === 'SuccessfulCreate')).toHaveLength(3);
    });

    it('scales 3 → 5 → 1', async () => {
      expect(await kubectl('scale', 'deployment', 'web', '--replicas=5')).toBe(
        'deployment.apps/web scaled\n',
      );
      await untilJsonpath(
        cluster.kubectl,
        ['deploy', 'web'],
        '{.status.availableReplicas}',
        (v) => v === '5',
      );
      expect(await untilLivePods('app=web', 5)).toHaveLength(5);
      await kubectl('scale', 'deploy/web', '--replicas=1');
      await untilJsonpath(
        cluster.kubectl,
        ['deploy', 'web'],
        '{.status.replicas}',
        (v) => v === '1',
      );
      expect(await untilLivePods('app=web', 1)).toHaveLength(1);
      const scale = JSON.parse(
        await kubectl('get', '--raw', '/apis/apps/v1/namespaces/default/deployments/web/scale'),
      ) as KubeObject;
      expect(scale).toMatchObject({
        kind: 'Scale',
        apiVersion: 'autoscaling/v1',
        spec: { replicas: 1 },
        status: { replicas: 1, selector: 'app=web' },
      });
      await kubectl('scale', 'deploy/web', '--replicas=3');
      await untilJsonpath(
        cluster.kubectl,
        ['deploy', 'web'],
        '{.status.availableReplicas}',
        (v) => v === '3',
      );
    });

    it('rolls out a new image, lists the history and rolls it back', async () => {
      expect(await kubectl('set', 'image', 'deployment/web', 'nginx=nginx:1.27')).toBe(
        'deployment.apps/web image updated\n',
      );
      const status = await kubectl('rollout', 'status', 'deployment/web', '--timeout=55s');
      expect(status).toContain('deployment "web" successfully rolled out');
      const sets = await live('replicasets', 'app=web');
      expect(sets).toHaveLength(2);
      const replicas = (rs: KubeObject) => (rs.spec as { replicas: number }).replicas;
      expect(sets.map(replicas).sort()).toEqual([0, 3]);

      expect(rows(await kubectl('rollout', 'history', 'deployment/web'))).toEqual([
        ['deployment.apps/web'],
        ['REVISION', 'CHANGE-CAUSE'],
        ['1', '<none>'],
        ['2', '<none>'],
      ]);
      expect(await kubectl('rollout', 'undo', 'deployment/web')).toBe(
        'deployment.apps/web rolled back\n',
      );
      await kubectl('rollout', 'status', 'deployment/web', '--timeout=55s');
      expect(
        await kubectl(
          'get',
          'deploy',
          'web',
          '-o',
          'jsonpath={.spec.template.spec.containers[0].image}',
        ),
      ).toBe('nginx:1.25');
      expect(rows(await kubectl('rollout', 'history', 'deployment/web')).slice(2)).toEqual([
        ['2', '<none>'],
        ['3', '<none>'],
      ]);
      const described = await kubectl('describe', 'deployment', 'web');
      expect(described).toMatch(/Progressing\s+True\s+NewReplicaSetAvailable/);
      expect(described).toMatch(/Scaled down replica set web-\w+ from 1 to 0/);
    });

    it('replaces a deleted pod', async () => {
      const [victim] = await live('pods', 'app=web');
      const name = victim?.metadata.name ?? '';
      await kubectl('delete', 'pod', name, '--wait=false');
      const pods = await untilLivePods('app=web', 3);
      expect(pods.map((p) => p.metadata.name)).not.toContain(name);
    });

    it('deletes the ReplicaSets and pods with the Deployment, or orphans them', async () => {
      await kubectl('create', 'deployment', 'kept', '--image=nginx:1.25', '--replicas=2');
      await kubectl('rollout', 'status', 'deployment/kept', '--timeout=55s');
      expect(await kubectl('delete', 'deployment', 'kept', '--cascade=orphan')).toBe(
        'deployment.apps "kept" deleted\n',
      );
      const [orphan] = await live('replicasets', 'app=kept');
      expect(orphan?.metadata.ownerReferences).toBeUndefined();
      expect(await live('pods', 'app=kept')).toHaveLength(2);

      await kubectl('delete', 'deployment', 'web');
      for (;;) {
        const left = [
          ...(await live('replicasets', 'app=web')),
          ...(await live('pods', 'app=web')),
        ];
        if (left.length === 0) break;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(await live('replicasets', 'app=kept')).toHaveLength(1);
    });

    it('refuses a template its selector does not select, with the real message', async () => {
      const path = await write(
        'bad.yaml',
        `apiVersion: apps/v1
kind: Deployment
metadata:
  name: bad
spec:
  selector:
    matchLabels:
      app: other
  template:
    metadata:
      labels:
        app: bad
    spec:
      containers:
      - name: nginx
        image: nginx:1.25
`,
      );
      const r = await cluster.kubectl(['apply', '-f', path]);
      expect(r.code).toBe(1);
      // kubectl words this line itself, from the Status details: the kind without its group.
      expect(r.stderr).toBe(
        'The Deployment "bad" is invalid: spec.template.metadata.labels: Invalid value: map[string]string{"app":"bad"}: `selector` does not match template `labels`\n',
      );
    });

    it("prints the server's 422 message, whose kind carries its group", async () => {
      const created = await cluster.kubectl(['create', 'deployment', 'Bad_Name', '--image=nginx']);
      expect(created.code).toBe(1);
      expect(created.stderr).toMatch(
        /^error: failed to create deployment: Deployment\.apps "Bad_Name" is invalid: metadata\.name: Invalid value: "Bad_Name": a lowercase RFC 1123 subdomain/,
      );
    });
  },
);
