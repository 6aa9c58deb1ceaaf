import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KUBECTL, NO_KUBECTL_REASON } from '../support/kubectl.js';
import { startTestCluster, type TestCluster } from '../support/simulator.js';

describe.skipIf(!KUBECTL)(
  `real kubectl: discovery, nodes, namespaces${KUBECTL ? '' : ` (${NO_KUBECTL_REASON})`}`,
  () => {
    let cluster: TestCluster;
    beforeAll(async () => {
      cluster = await startTestCluster();
    });
    afterAll(async () => {
      await cluster?.stop();
    });

    it('reports server version v1.32', async () => {
      const r = await cluster.kubectl(['version', '-o', 'json']);
      expect(r.code, r.stderr).toBe(0);
      expect(JSON.parse(r.stdout).serverVersion.gitVersion).toMatch(/^v1\.32\./);
    });

    it('lists the served resources, and only those', async () => {
      const r = await cluster.kubectl(['api-resources', '--no-headers']);
      expect(r.code, r.stderr).toBe(0);
      const names = r.stdout
        .split('\n')
        .filter(Boolean)
        .map((l) => l.split(/\s+/)[0]);
      expect(names).toEqual(
        expect.arrayContaining([
          'configmaps',
          'events',
          'namespaces',
          'nodes',
          'pods',
          'secrets',
          'serviceaccounts',
          'roles',
          'rolebindings',
          'clusterroles',
          'clusterrolebindings',
        ]),
      );
      expect(names).not.toContain('podpresets');
      expect(r.stdout).toMatch(/^pods\s+po\s+v1\s+true\s+Pod$/m);
    });

    it('shows three kind-shaped nodes', async () => {
      const r = await cluster.kubectl(['get', 'nodes']);
      expect(r.code, r.stderr).toBe(0);
      const lines = r.stdout.trim().split('\n');
      expect(lines[0]).toMatch(/^NAME\s+STATUS\s+ROLES\s+AGE\s+VERSION$/);
      expect(lines.slice(1).map((l) => l.split(/\s+/).slice(0, 3).join(' '))).toEqual([
        'pod-course-control-plane Ready control-plane',
        'pod-course-worker Ready <none>',
        'pod-course-worker2 Ready <none>',
      ]);
      const labelled = await cluster.kubectl(['get', 'nodes', '-l', 'disktype=ssd', '-o', 'name']);
      expect(labelled.stdout.trim()).toBe('node/pod-course-worker');
    });

    it('has the system namespaces, each with a default ServiceAccount and kube-root-ca.crt', async () => {
      const r = await cluster.kubectl(['get', 'namespaces', '-o', 'name']);
      expect(r.stdout.trim().split('\n')).toEqual([
        'namespace/default',
        'namespace/kube-node-lease',
        'namespace/kube-public',
        'namespace/kube-system',
      ]);
      const sa = await cluster.kubectl(['get', 'serviceaccounts', '-A', '--no-headers']);
      expect(sa.stdout.split('\n').filter(Boolean)).toHaveLength(4);
      const cm = await cluster.kubectl([
        'get',
        'configmap',
        'kube-root-ca.crt',
        '-o',
        'jsonpath={.data.ca\\.crt}',
      ]);
      expect(cm.stdout).toBe(cluster.simulator.caPem);
    });

    it('creates a namespace and fills it like a real cluster', async () => {
      const created = await cluster.kubectl(['create', 'namespace', 'lab']);
      expect(created.code, created.stderr).toBe(0);
      expect(created.stdout.trim()).toBe('namespace/lab created');
      const wait = await cluster.kubectl([
        'wait',
        '--for=jsonpath={.metadata.name}=default',
        'serviceaccount/default',
        '-n',
        'lab',
        '--timeout=10s',
      ]);
      expect(wait.code, wait.stderr).toBe(0);
      const label = await cluster.kubectl([
        'get',
        'ns',
        'lab',
        '-o',
        'jsonpath={.metadata.labels.kubernetes\\.io/metadata\\.name}',
      ]);
      expect(label.stdout).toBe('lab');
      const deleted = await cluster.kubectl(['delete', 'namespace', 'lab', '--timeout=20s']);
      expect(deleted.code, deleted.stderr).toBe(0);
      expect(deleted.stdout.trim()).toBe('namespace "lab" deleted');
      const gone = await cluster.kubectl(['get', 'ns', 'lab']);
      expect(gone.code).toBe(1);
      expect(gone.stderr.trim()).toBe('Error from server (NotFound): namespaces "lab" not found');
    });

    it('refuses a wrong token with 401, as kubectl reports it', async () => {
      const r = await cluster.kubectl(['get', 'pods', '--token=wrong']);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain('error: You must be logged in to the server (Unauthorized)');
    });

    it('does not serve PodPreset: kubectl says no matches for kind', async () => {
      const file = join(cluster.dir, 'preset.yaml');
      await writeFile(
        file,
        'apiVersion: settings.k8s.io/v1alpha1\nkind: PodPreset\nmetadata:\n  name: allow-database\nspec:\n  selector:\n    matchLabels:\n      role: frontend\n',
      );
      const r = await cluster.kubectl(['apply', '-f', file]);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(
        'no matches for kind "PodPreset" in version "settings.k8s.io/v1alpha1"',
      );
    });
  },
);
