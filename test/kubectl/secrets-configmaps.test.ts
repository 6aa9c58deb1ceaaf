import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KUBECTL, NO_KUBECTL_REASON } from '../support/kubectl.js';
import { startTestCluster, type TestCluster } from '../support/simulator.js';

/**
 * kubectl's `create` generators. `create secret generic` and `create configmap` send protobuf
 * bodies (kubectl-protocol.md §13); the others JSON or protobuf through the typed clients. Each
 * object is read back to check what the server stored, not only what kubectl printed.
 */
describe.skipIf(!KUBECTL)(
  `real kubectl: create secret, configmap, namespace, serviceaccount, role, rolebinding${KUBECTL ? '' : ` (${NO_KUBECTL_REASON})`}`,
  () => {
    let cluster: TestCluster;
    let files: string;
    beforeAll(async () => {
      cluster = await startTestCluster();
      files = join(cluster.dir, 'files');
      await mkdir(files);
      await writeFile(join(files, 'password.txt'), 's3cr3t!\n');
      await writeFile(join(files, 'username.txt'), 'admin');
      await writeFile(join(cluster.dir, 'logo.bin'), Buffer.from([0x00, 0xff, 0xfe, 0x01]));
    });
    afterAll(async () => {
      await cluster?.stop();
    });

    const getJson = async (...args: string[]) => {
      const r = await cluster.kubectl(['get', ...args, '-o', 'json']);
      expect(r.code, r.stderr).toBe(0);
      return JSON.parse(r.stdout);
    };

    it('create secret generic: keys from file names, key=path, literals; values base64', async () => {
      const r = await cluster.kubectl([
        'create',
        'secret',
        'generic',
        'db',
        `--from-file=${join(files, 'password.txt')}`,
        `--from-file=user=${join(files, 'username.txt')}`,
        '--from-literal=host=db.local',
      ]);
      expect(r).toEqual({ code: 0, stdout: 'secret/db created\n', stderr: '' });
      const secret = await getJson('secret', 'db');
      expect(secret.type).toBe('Opaque');
      expect(secret.data).toEqual({
        host: 'ZGIubG9jYWw=',
        'password.txt': 'czNjcjN0IQo=',
        user: 'YWRtaW4=',
      });
      const table = await cluster.kubectl(['get', 'secrets']);
      expect(table.stdout).toMatch(/^NAME\s+TYPE\s+DATA\s+AGE\ndb\s+Opaque\s+3\s+\d+s\n$/);
    });

    it('create secret generic from a directory: one key per file', async () => {
      const r = await cluster.kubectl([
        'create',
        'secret',
        'generic',
        'from-dir',
        `--from-file=${files}`,
        '--type=example.com/basic',
      ]);
      expect(r.stdout, r.stderr).toBe('secret/from-dir created\n');
      const secret = await getJson('secret', 'from-dir');
      expect(secret.type).toBe('example.com/basic');
      expect(secret.data).toEqual({ 'password.txt': 'czNjcjN0IQo=', 'username.txt': 'YWRtaW4=' });
    });

    it('create configmap: text in data, a binary file in binaryData', async () => {
      const r = await cluster.kubectl([
        'create',
        'configmap',
        'app-config',
        `--from-file=${join(files, 'password.txt')}`,
        `--from-file=${join(cluster.dir, 'logo.bin')}`,
        '--from-literal=color=blue',
      ]);
      expect(r).toEqual({ code: 0, stdout: 'configmap/app-config created\n', stderr: '' });
      const cm = await getJson('configmap', 'app-config');
      expect(cm.data).toEqual({ color: 'blue', 'password.txt': 's3cr3t!\n' });
      expect(cm.binaryData).toEqual({ 'logo.bin': 'AP/+AQ==' });
      // DATA counts both maps.
      const row = await cluster.kubectl(['get', 'configmap', 'app-config', '--no-headers']);
      expect(row.stdout.split(/\s+/).slice(0, 2)).toEqual(['app-config', '3']);
      const fromDir = await cluster.kubectl([
        'create',
        'configmap',
        'dir-config',
        `--from-file=${files}`,
        `--from-file=renamed=${join(files, 'username.txt')}`,
      ]);
      expect(fromDir.stdout, fromDir.stderr).toBe('configmap/dir-config created\n');
      expect((await getJson('configmap', 'dir-config')).data).toEqual({
        'password.txt': 's3cr3t!\n',
        renamed: 'admin',
        'username.txt': 'admin',
      });
    });

    it('reports what exists already, and refuses bad names, as kubectl words it', async () => {
      const again = await cluster.kubectl([
        'create',
        'secret',
        'generic',
        'db',
        '--from-literal=a=b',
      ]);
      expect(again).toEqual({
        code: 1,
        stdout: '',
        stderr: 'error: failed to create secret secrets "db" already exists\n',
      });
      const cm = await cluster.kubectl(['create', 'configmap', 'app-config', '--from-literal=a=b']);
      expect(cm.stderr).toBe(
        'error: failed to create configmap: configmaps "app-config" already exists\n',
      );
      const badName = await cluster.kubectl([
        'create',
        'secret',
        'generic',
        'Bad_Name',
        '--from-literal=a=b',
      ]);
      expect(badName.code).toBe(1);
      expect(badName.stderr).toBe(
        `error: failed to create secret Secret "Bad_Name" is invalid: metadata.name: Invalid value: "Bad_Name": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')\n`,
      );
    });

    it('create namespace and serviceaccount', async () => {
      const ns = await cluster.kubectl(['create', 'namespace', 'team-a']);
      expect(ns).toEqual({ code: 0, stdout: 'namespace/team-a created\n', stderr: '' });
      const nsAgain = await cluster.kubectl(['create', 'namespace', 'team-a']);
      expect(nsAgain).toEqual({
        code: 1,
        stdout: '',
        stderr: 'Error from server (AlreadyExists): namespaces "team-a" already exists\n',
      });
      const sa = await cluster.kubectl(['create', 'serviceaccount', 'builder', '-n', 'team-a']);
      expect(sa).toEqual({ code: 0, stdout: 'serviceaccount/builder created\n', stderr: '' });
      const saAgain = await cluster.kubectl([
        'create',
        'serviceaccount',
        'builder',
        '-n',
        'team-a',
      ]);
      expect(saAgain.stderr).toBe(
        'error: failed to create serviceaccount: serviceaccounts "builder" already exists\n',
      );
      const listed = await cluster.kubectl([
        'get',
        'serviceaccounts',
        '-n',
        'team-a',
        '-o',
        'name',
      ]);
      expect(listed.stdout).toBe('serviceaccount/builder\nserviceaccount/default\n');
    });

    it('create role and rolebinding', async () => {
      const role = await cluster.kubectl([
        'create',
        'role',
        'pod-reader',
        '--verb=get,list,watch',
        '--resource=pods',
      ]);
      expect(role).toEqual({
        code: 0,
        stdout: 'role.rbac.authorization.k8s.io/pod-reader created\n',
        stderr: '',
      });
      expect((await getJson('role', 'pod-reader')).rules).toEqual([
        { apiGroups: [''], resources: ['pods'], verbs: ['get', 'list', 'watch'] },
      ]);
      const binding = await cluster.kubectl([
        'create',
        'rolebinding',
        'read-pods',
        '--role=pod-reader',
        '--serviceaccount=default:default',
        '--user=alice',
      ]);
      expect(binding).toEqual({
        code: 0,
        stdout: 'rolebinding.rbac.authorization.k8s.io/read-pods created\n',
        stderr: '',
      });
      const rb = await getJson('rolebinding', 'read-pods');
      expect(rb.roleRef).toEqual({
        apiGroup: 'rbac.authorization.k8s.io',
        kind: 'Role',
        name: 'pod-reader',
      });
      // kubectl lists users, then groups, then service accounts.
      expect(rb.subjects).toEqual([
        { apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: 'alice' },
        { kind: 'ServiceAccount', name: 'default', namespace: 'default' },
      ]);
      const table = await cluster.kubectl(['get', 'rolebinding', 'read-pods']);
      expect(table.stdout).toMatch(/^NAME\s+ROLE\s+AGE\nread-pods\s+Role\/pod-reader\s+\d+s\n$/);
      const again = await cluster.kubectl([
        'create',
        'role',
        'pod-reader',
        '--verb=get',
        '--resource=pods',
      ]);
      expect(again.stderr).toBe(
        'Error from server (AlreadyExists): roles.rbac.authorization.k8s.io "pod-reader" already exists\n',
      );
    });
  },
);
