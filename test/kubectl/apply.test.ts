import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KUBECTL, NO_KUBECTL_REASON } from '../support/kubectl.js';
import { startTestCluster, type TestCluster } from '../support/simulator.js';
import { manifestWriter, podYaml, untilJsonpath } from './helpers.js';

/**
 * `create -f`, `apply -f` (create, unchanged, configured through a strategic merge patch, the
 * immutable-field refusal) and `replace --force -f`, with kubectl 1.32's exact output
 * (kubectl-protocol.md §5–6, pod-facts.md §2.4 and §7).
 */
describe.skipIf(!KUBECTL)(
  `real kubectl: create, apply, replace${KUBECTL ? '' : ` (${NO_KUBECTL_REASON})`}`,
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

    it('create -f creates what the file says and nothing else', async () => {
      const file = await write(
        'created.yaml',
        podYaml('created', { meta: '  labels:\n    app: web' }),
      );
      const r = await cluster.kubectl(['create', '-f', file]);
      expect(r).toEqual({ code: 0, stdout: 'pod/created created\n', stderr: '' });
      // The status is the cluster's: Pending until its kubelet runs nginx, then Running.
      expect(await jsonpath(['pod', 'created'], '{.metadata.labels.app} {.status.phase}')).toMatch(
        /^web (Pending|Running)$/,
      );
      // create does not record the last-applied configuration; apply would.
      expect(await jsonpath(['pod', 'created'], '{.metadata.annotations}')).not.toContain(
        'last-applied',
      );
    });

    it('apply creates, then finds nothing to change, then patches what changed', async () => {
      const env = '    env:\n    - name: FOO\n      value: "1"\n';
      const file = await write('web.yaml', `${podYaml('web')}${env}`);
      const first = await cluster.kubectl(['apply', '-f', file]);
      expect(first).toEqual({ code: 0, stdout: 'pod/web created\n', stderr: '' });
      const lastApplied = await jsonpath(
        ['pod', 'web'],
        '{.metadata.annotations.kubectl\\.kubernetes\\.io/last-applied-configuration}',
      );
      expect(lastApplied).toBe(
        '{"apiVersion":"v1","kind":"Pod","metadata":{"annotations":{},"name":"web","namespace":"default"},"spec":{"containers":[{"env":[{"name":"FOO","value":"1"}],"image":"nginx:1.25","name":"app"}]}}\n',
      );

      const again = await cluster.kubectl(['apply', '-f', file]);
      expect(again).toEqual({ code: 0, stdout: 'pod/web unchanged\n', stderr: '' });

      // An image is one of the few fields a live pod may change.
      await write('web.yaml', `${podYaml('web', { image: 'nginx:1.26' })}${env}`);
      const changed = await cluster.kubectl(['apply', '-f', file]);
      expect(changed).toEqual({ code: 0, stdout: 'pod/web configured\n', stderr: '' });
      expect(await jsonpath(['pod', 'web'], '{.spec.containers[0].image}')).toBe('nginx:1.26');
      // Defaults the server added survive the patch: it merges, it does not replace.
      expect(
        await jsonpath(['pod', 'web'], '{.spec.restartPolicy} {.spec.containers[0].env}'),
      ).toBe('Always [{"name":"FOO","value":"1"}]');
    });

    it('apply refuses to change an immutable pod field, with the real Forbidden message and diff', async () => {
      const file = await write(
        'immutable.yaml',
        `${podYaml('immutable')}    env:\n    - name: FOO\n      value: "1"\n`,
      );
      expect((await cluster.kubectl(['apply', '-f', file])).code).toBe(0);
      await write(
        'immutable.yaml',
        `${podYaml('immutable')}    env:\n    - name: FOO\n      value: "2"\n`,
      );
      const r = await cluster.kubectl(['apply', '-f', file]);
      expect(r.code).toBe(1);
      expect(r.stdout).toBe('');
      expect(r.stderr).toBe(
        [
          'The Pod "immutable" is invalid: spec: Forbidden: pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)',
          '  core.PodSpec{',
          '  \t... // 2 identical fields',
          '  \tContainers: []core.Container{',
          '  \t\t{',
          '  \t\t\t... // 7 identical fields',
          '- \t\t\tEnv: {{Name: "FOO", Value: "1"}},',
          '+ \t\t\tEnv: {{Name: "FOO", Value: "2"}},',
          '  \t\t\t... // 16 identical fields',
          '  \t\t},',
          '  \t},',
          '  \t... // 31 identical fields',
          '  }',
          '',
        ].join('\n'),
      );
      // Nothing was written.
      expect(await jsonpath(['pod', 'immutable'], '{.spec.containers[0].env[0].value}')).toBe('1');
    });

    it('apply on an object made by create warns, patches, and records last-applied', async () => {
      const file = await write('adopted.yaml', podYaml('adopted'));
      expect((await cluster.kubectl(['create', '-f', file])).code).toBe(0);
      const r = await cluster.kubectl(['apply', '-f', file]);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toBe('pod/adopted configured\n');
      expect(r.stderr).toBe(
        'Warning: resource pods/adopted is missing the kubectl.kubernetes.io/last-applied-configuration annotation which is required by kubectl apply. kubectl apply should only be used on resources created declaratively by either kubectl create --save-config or kubectl apply. The missing annotation will be patched automatically.\n',
      );
      const again = await cluster.kubectl(['apply', '-f', file]);
      expect(again.stdout).toBe('pod/adopted unchanged\n');
    });

    it('replace --force deletes and recreates the pod: a new uid, the new spec', async () => {
      const file = await write('replaced.yaml', podYaml('replaced'));
      expect((await cluster.kubectl(['apply', '-f', file])).code).toBe(0);
      const uid = await jsonpath(['pod', 'replaced'], '{.metadata.uid}');
      // A restartPolicy change is refused on a live pod; replace --force goes around that.
      await write('replaced.yaml', podYaml('replaced', { spec: '  restartPolicy: Never' }));
      const r = await cluster.kubectl(['replace', '--force', '-f', file]);
      expect(r).toEqual({
        code: 0,
        stdout: 'pod "replaced" deleted\npod/replaced replaced\n',
        stderr: '',
      });
      const after = await jsonpath(['pod', 'replaced'], '{.metadata.uid} {.spec.restartPolicy}');
      expect(after.split(' ')[1]).toBe('Never');
      expect(after.split(' ')[0]).not.toBe(uid);
    });

    it('replace -f puts the file in place of a ConfigMap', async () => {
      const file = await write(
        'replaced-cm.yaml',
        'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: replaced-cm\ndata:\n  a: "1"\n',
      );
      expect((await cluster.kubectl(['create', '-f', file])).code).toBe(0);
      await write(
        'replaced-cm.yaml',
        'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: replaced-cm\ndata:\n  b: "2"\n',
      );
      const r = await cluster.kubectl(['replace', '-f', file]);
      expect(r).toEqual({ code: 0, stdout: 'configmap/replaced-cm replaced\n', stderr: '' });
      expect(await jsonpath(['configmap', 'replaced-cm'], '{.data}')).toBe('{"b":"2"}');
    });

    it('replace -f of a pod changing only its image: serviceAccount is derived, never compared', async () => {
      // The manifest names its account and turns the token off, so the only admission-made
      // difference left is the deprecated `serviceAccount` mirror, absent from the PUT body. It
      // names its node too: a file without the nodeName the scheduler wrote is refused (below).
      const spec =
        '  nodeName: pod-course-worker\n  serviceAccountName: default\n  automountServiceAccountToken: false';
      const file = await write('swapped.yaml', podYaml('swapped', { spec }));
      expect((await cluster.kubectl(['create', '-f', file])).code).toBe(0);
      await write('swapped.yaml', podYaml('swapped', { spec, image: 'nginx:1.26' }));
      const r = await cluster.kubectl(['replace', '-f', file]);
      expect(r).toEqual({ code: 0, stdout: 'pod/swapped replaced\n', stderr: '' });
      expect(
        await jsonpath(
          ['pod', 'swapped'],
          '{.spec.containers[0].image} {.spec.serviceAccountName} {.spec.serviceAccount}',
        ),
      ).toBe('nginx:1.26 default default');
      // A manifest naming the account by the deprecated field only: conversion reads it.
      const deprecated =
        '  nodeName: pod-course-worker\n  serviceAccount: default\n  automountServiceAccountToken: false';
      await write('swapped.yaml', podYaml('swapped', { spec: deprecated, image: 'nginx:1.27' }));
      const again = await cluster.kubectl(['replace', '-f', file]);
      expect(again).toEqual({ code: 0, stdout: 'pod/swapped replaced\n', stderr: '' });
      expect(
        await jsonpath(
          ['pod', 'swapped'],
          '{.spec.containers[0].image} {.spec.serviceAccountName} {.spec.serviceAccount}',
        ),
      ).toBe('nginx:1.27 default default');
    });

    it('replace -f of a plain pod manifest is Forbidden; the diff prints an empty string as ""', async () => {
      const file = await write('plain.yaml', podYaml('plain'));
      expect((await cluster.kubectl(['create', '-f', file])).code).toBe(0);
      const node = await untilJsonpath(
        cluster.kubectl,
        ['pod', 'plain'],
        '{.spec.nodeName}',
        Boolean,
      );
      await write('plain.yaml', podYaml('plain', { image: 'nginx:1.26' }));
      const r = await cluster.kubectl(['replace', '-f', file]);
      expect(r.code).toBe(1);
      expect(r.stdout).toBe('');
      const lines = r.stderr.split('\n');
      expect(lines[0]).toBe(
        'The Pod "plain" is invalid: spec: Forbidden: pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)',
      );
      // Admission gave the stored pod its account and token volume on create, and the scheduler
      // its node; a PUT gets none of them. ServiceAccountName and NodeName are Go strings: left
      // out, they are "" — not nil — in the diff.
      expect(lines.slice(-9)).toEqual([
        '  \t... // 6 identical fields',
        '- \tServiceAccountName: "default",',
        '+ \tServiceAccountName: "",',
        '  \t... // 1 identical field',
        `- \tNodeName: "${node}",`,
        '+ \tNodeName: "",',
        '  \t... // 22 identical fields',
        '  }',
        '',
      ]);
      expect(lines).toContain('+ \tVolumes: nil,');
      expect(lines).toContain('+ \t\t\tVolumeMounts: nil,');
      expect(await jsonpath(['pod', 'plain'], '{.spec.containers[0].image}')).toBe('nginx:1.25');
    });

    it('applies a file of several kinds across a new namespace, then finds them unchanged', async () => {
      const file = await write(
        'objects.yaml',
        [
          'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: lab\n',
          'apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: robot\n  namespace: lab\n',
          'apiVersion: v1\nkind: Secret\nmetadata:\n  name: creds\n  namespace: lab\ndata:\n  user: YWRtaW4=\n',
          'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n  namespace: lab\ndata:\n  color: blue\n',
          'apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata:\n  name: reader\n  namespace: lab\nrules:\n- apiGroups: [""]\n  resources: [pods]\n  verbs: [get]\n',
        ].join('---\n'),
      );
      const created = await cluster.kubectl(['apply', '-f', file]);
      expect(created).toEqual({
        code: 0,
        stdout: [
          'namespace/lab created',
          'serviceaccount/robot created',
          'secret/creds created',
          'configmap/settings created',
          'role.rbac.authorization.k8s.io/reader created',
          '',
        ].join('\n'),
        stderr: '',
      });
      const again = await cluster.kubectl(['apply', '-f', file]);
      expect(again.stdout).toBe(
        [
          'namespace/lab unchanged',
          'serviceaccount/robot unchanged',
          'secret/creds unchanged',
          'configmap/settings unchanged',
          'role.rbac.authorization.k8s.io/reader unchanged',
          '',
        ].join('\n'),
      );
      await write(
        'objects.yaml',
        (await readFile(file, 'utf8'))
          .replace('color: blue', 'color: green')
          .replace('verbs: [get]', 'verbs: [get, list]'),
      );
      const changed = await cluster.kubectl(['apply', '-f', file]);
      expect(changed.stdout).toContain('configmap/settings configured\n');
      expect(changed.stdout).toContain('role.rbac.authorization.k8s.io/reader configured\n');
      expect(changed.stdout).toContain('secret/creds unchanged\n');
      expect(await jsonpath(['configmap', 'settings', '-n', 'lab'], '{.data.color}')).toBe('green');
      expect(await jsonpath(['role', 'reader', '-n', 'lab'], '{.rules[0].verbs}')).toBe(
        '["get","list"]',
      );
    });
  },
);
