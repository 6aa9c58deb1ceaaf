import { chmod, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KUBECTL, NO_KUBECTL_REASON } from '../support/kubectl.js';
import { startTestCluster, type TestCluster } from '../support/simulator.js';
import { manifestWriter, podYaml } from './helpers.js';

/**
 * `kubectl label`, `kubectl annotate` (JSON merge patches) and `kubectl edit` (a strategic merge
 * patch computed from what the editor left), driven by a small shell script as the editor.
 */
describe.skipIf(!KUBECTL)(
  `real kubectl: label, annotate, edit${KUBECTL ? '' : ` (${NO_KUBECTL_REASON})`}`,
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

    const jsonpath = async (target: string[], path: string) =>
      (await cluster.kubectl(['get', ...target, '-o', `jsonpath=${path}`])).stdout;
    const create = async (name: string, options: Parameters<typeof podYaml>[1] = {}) => {
      const file = await write(`${name}.yaml`, podYaml(name, options));
      const r = await cluster.kubectl(['create', '-f', file]);
      expect(r.code, r.stderr).toBe(0);
    };
    /** A shell script kubectl runs as its editor; kubectl's own temp files stay in the test dir. */
    const editorEnv = async (name: string, script: string) => {
      const path = await write(name, `#!/bin/sh\n${script}\n`);
      await chmod(path, 0o755);
      return { KUBE_EDITOR: path, EDITOR: path, TMPDIR: cluster.dir };
    };

    it('adds, refuses to overwrite, overwrites and removes a label', async () => {
      await create('lbl', { meta: '  labels:\n    app: web' });
      const added = await cluster.kubectl(['label', 'pod', 'lbl', 'tier=front']);
      expect(added).toEqual({ code: 0, stdout: 'pod/lbl labeled\n', stderr: '' });
      const refused = await cluster.kubectl(['label', 'pod', 'lbl', 'tier=back']);
      expect(refused).toEqual({
        code: 1,
        stdout: '',
        stderr: "error: 'tier' already has a value (front), and --overwrite is false\n",
      });
      const overwritten = await cluster.kubectl([
        'label',
        'pod',
        'lbl',
        'tier=back',
        '--overwrite',
      ]);
      expect(overwritten).toEqual({ code: 0, stdout: 'pod/lbl labeled\n', stderr: '' });
      expect(await jsonpath(['pod', 'lbl'], '{.metadata.labels}')).toBe(
        '{"app":"web","tier":"back"}',
      );
      const removed = await cluster.kubectl(['label', 'pod', 'lbl', 'tier-', 'app-']);
      expect(removed).toEqual({ code: 0, stdout: 'pod/lbl unlabeled\n', stderr: '' });
      // The last label gone, `labels` goes too (omitempty), as on a real server.
      const json = JSON.parse((await cluster.kubectl(['get', 'pod', 'lbl', '-o', 'json'])).stdout);
      expect(json.metadata).not.toHaveProperty('labels');
    });

    it('labels every pod with --all and pods chosen by a selector', async () => {
      await create('many-a', { meta: '  labels:\n    group: many' });
      await create('many-b', { meta: '  labels:\n    group: many' });
      const r = await cluster.kubectl(['label', 'pods', '-l', 'group=many', 'checked=yes']);
      expect(r).toEqual({
        code: 0,
        stdout: 'pod/many-a labeled\npod/many-b labeled\n',
        stderr: '',
      });
      const listed = await cluster.kubectl(['get', 'pods', '-l', 'checked=yes', '-o', 'name']);
      expect(listed.stdout).toBe('pod/many-a\npod/many-b\n');
    });

    it('passes the server’s verdict on a bad label key, and a stale --resource-version', async () => {
      await create('strict-labels');
      const badKey = await cluster.kubectl(['label', 'pod', 'strict-labels', 'Bad Key=x']);
      expect(badKey.code).toBe(1);
      expect(badKey.stderr).toBe(
        `The Pod "strict-labels" is invalid: metadata.labels: Invalid value: "Bad Key": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')\n`,
      );
      const stale = await cluster.kubectl([
        'label',
        'pod',
        'strict-labels',
        'a=b',
        '--resource-version=1',
      ]);
      expect(stale.code).toBe(1);
      expect(stale.stderr).toBe(
        'Error from server (Conflict): Operation cannot be fulfilled on pods "strict-labels": the object has been modified; please apply your changes to the latest version and try again\n',
      );
      expect(await jsonpath(['pod', 'strict-labels'], '{.metadata.labels}')).toBe('');
      const rv = await jsonpath(['pod', 'strict-labels'], '{.metadata.resourceVersion}');
      const current = await cluster.kubectl([
        'label',
        'pod',
        'strict-labels',
        'a=b',
        `--resource-version=${rv}`,
      ]);
      expect(current).toEqual({ code: 0, stdout: 'pod/strict-labels labeled\n', stderr: '' });
    });

    it('annotates, refuses to overwrite without --overwrite, and removes with key-', async () => {
      await create('notes');
      const added = await cluster.kubectl(['annotate', 'pod', 'notes', 'note=hi']);
      expect(added).toEqual({ code: 0, stdout: 'pod/notes annotated\n', stderr: '' });
      const refused = await cluster.kubectl(['annotate', 'pod', 'notes', 'note=bye']);
      expect(refused).toEqual({
        code: 1,
        stdout: '',
        stderr:
          "error: --overwrite is false but found the following declared annotation(s): 'note' already has a value (hi)\n",
      });
      const overwritten = await cluster.kubectl([
        'annotate',
        'pod',
        'notes',
        'note=bye',
        '--overwrite',
      ]);
      expect(overwritten.stdout).toBe('pod/notes annotated\n');
      expect(await jsonpath(['pod', 'notes'], '{.metadata.annotations.note}')).toBe('bye');
      const removed = await cluster.kubectl(['annotate', 'pod', 'notes', 'note-']);
      expect(removed).toEqual({ code: 0, stdout: 'pod/notes annotated\n', stderr: '' });
      const json = JSON.parse(
        (await cluster.kubectl(['get', 'pod', 'notes', '-o', 'json'])).stdout,
      );
      expect(json.metadata).not.toHaveProperty('annotations');
    });

    it('edit saves what the editor changed', async () => {
      await create('editme', { image: 'nginx:1.25' });
      const env = await editorEnv(
        'bump-image.sh',
        'sed -i "s/image: nginx:1.25/image: nginx:1.27/" "$1"',
      );
      const r = await cluster.kubectl(['edit', 'pod', 'editme'], { env });
      expect(r).toEqual({ code: 0, stdout: 'pod/editme edited\n', stderr: '' });
      expect(await jsonpath(['pod', 'editme'], '{.spec.containers[0].image}')).toBe('nginx:1.27');
      // An editor that changes nothing: kubectl sends nothing.
      const same = await cluster.kubectl(['edit', 'pod', 'editme'], {
        env: await editorEnv('noop.sh', 'true'),
      });
      expect(same).toEqual({ code: 0, stdout: '', stderr: 'Edit cancelled, no changes made.\n' });
    });

    it('edit reopens an invalid change with the server’s errors, then cancels', async () => {
      await create('badedit');
      const copies = join(cluster.dir, 'edit-copies');
      // Keeps a copy of every file kubectl hands the editor, then makes the same invalid change.
      const env = await editorEnv(
        'bad-restart.sh',
        `mkdir -p ${copies}\ncp "$1" ${copies}/$(ls ${copies} | wc -l).yaml\nsed -i "s/restartPolicy: Always/restartPolicy: Sometimes/" "$1"`,
      );
      const r = await cluster.kubectl(['edit', 'pod', 'badedit'], { env });
      expect(r.code).toBe(1);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(
        /^error: pods "badedit" is invalid\nA copy of your changes has been stored to ".*kubectl-edit-\d+\.yaml"\nerror: Edit cancelled, no valid changes were saved\.\n$/,
      );
      // The second time round the file starts with the reasons the server gave.
      expect(await readdir(copies)).toEqual(['0.yaml', '1.yaml']);
      const reopened = await readFile(join(copies, '1.yaml'), 'utf8');
      expect(reopened).toContain(
        [
          '# pods "badedit" was not valid:',
          '# * spec.restartPolicy: Unsupported value: "Sometimes": supported values: "Always", "OnFailure", "Never"',
          '# * spec: Forbidden: pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)',
          '#   core.PodSpec{',
          '#   \t... // 4 identical fields',
          '# - \tRestartPolicy: "Always",',
          '# + \tRestartPolicy: "Sometimes",',
          '#   \t... // 29 identical fields',
          '#   }',
          '#',
          'apiVersion: v1',
        ].join('\n'),
      );
      expect(await jsonpath(['pod', 'badedit'], '{.spec.restartPolicy}')).toBe('Always');
    });
  },
);
