import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KUBECTL, NO_KUBECTL_REASON } from '../support/kubectl.js';
import { startTestCluster, type TestCluster } from '../support/simulator.js';
import { manifestWriter, podYaml } from './helpers.js';

/**
 * What a learner sees when a manifest is wrong: every message is compared byte for byte with
 * kubectl 1.32's stderr against a real API server (reference: pod-facts.md §2, kubectl-protocol.md
 * §4 and §6). `create -f` and `apply -f` of a new object both POST, so both must print the same.
 */
describe.skipIf(!KUBECTL)(
  `real kubectl: validation errors${KUBECTL ? '' : ` (${NO_KUBECTL_REASON})`}`,
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

    /** Runs `create -f` and `apply -f` on the file: both fail with exactly `stderr`. */
    async function refusedByBoth(file: string, stderr: (file: string) => string) {
      for (const verb of ['create', 'apply']) {
        const r = await cluster.kubectl([verb, '-f', file]);
        expect({ verb, code: r.code, stdout: r.stdout, stderr: r.stderr }).toEqual({
          verb,
          code: 1,
          stdout: '',
          stderr: stderr(file),
        });
      }
    }

    it('refuses unknown fields under the default --validate=strict, all of them, in body order', async () => {
      const file = await write(
        'unknown.yaml',
        podYaml('bad-unknown', { spec: '  restartPolicyy: Never' }).replace(
          '    image: nginx:1.25\n',
          '    image: nginx:1.25\n    imagee: nginx\n',
        ),
      );
      // kubectl sends JSON with sorted keys, so `containers` comes before `restartPolicyy`
      // whatever the file's order, and the decoder reports unknown fields as it meets them.
      await refusedByBoth(
        file,
        (f) =>
          `Error from server (BadRequest): error when creating "${f}": Pod in version "v1" cannot be handled as a Pod: strict decoding error: unknown field "spec.containers[0].imagee", unknown field "spec.restartPolicyy"\n`,
      );
      const warn = await cluster.kubectl(['create', '-f', file, '--validate=warn']);
      expect(warn.code, warn.stderr).toBe(0);
      expect(warn.stderr).toBe(
        'Warning: unknown field "spec.containers[0].imagee"\nWarning: unknown field "spec.restartPolicyy"\n',
      );
      expect(warn.stdout).toBe('pod/bad-unknown created\n');
    });

    it('refuses a container without image', async () => {
      const file = await write(
        'noimage.yaml',
        podYaml('bad-noimage').replace(/ {4}image: .*\n/, ''),
      );
      await refusedByBoth(
        file,
        () => 'The Pod "bad-noimage" is invalid: spec.containers[0].image: Required value\n',
      );
    });

    it('refuses duplicate container names, and lists several errors one per line', async () => {
      const dup = await write(
        'dup.yaml',
        `${podYaml('bad-dup')}  - name: app\n    image: busybox\n`,
      );
      await refusedByBoth(
        dup,
        () => 'The Pod "bad-dup" is invalid: spec.containers[1].name: Duplicate value: "app"\n',
      );
      const two = await write(
        'two-errors.yaml',
        `${podYaml('bad2').replace(/ {4}image: .*\n/, '')}  - name: app\n    image: busybox\n`,
      );
      // Note the space kubectl leaves after "invalid:" when it lists causes.
      await refusedByBoth(
        two,
        () =>
          'The Pod "bad2" is invalid: \n* spec.containers[0].image: Required value\n* spec.containers[1].name: Duplicate value: "app"\n',
      );
    });

    it('refuses a name that is not a DNS subdomain', async () => {
      const file = await write('badname.yaml', podYaml('My_Pod'));
      await refusedByBoth(
        file,
        () =>
          `The Pod "My_Pod" is invalid: metadata.name: Invalid value: "My_Pod": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')\n`,
      );
    });

    it('refuses a volumeMount whose volume does not exist', async () => {
      const file = await write(
        'nomount.yaml',
        `${podYaml('bad-mount')}    volumeMounts:\n    - name: foo\n      mountPath: /data\n`,
      );
      await refusedByBoth(
        file,
        () =>
          'The Pod "bad-mount" is invalid: spec.containers[0].volumeMounts[0].name: Not found: "foo"\n',
      );
    });

    it('refuses an unsupported restartPolicy', async () => {
      const file = await write(
        'restart.yaml',
        podYaml('bad-restart', { spec: '  restartPolicy: Sometimes' }),
      );
      await refusedByBoth(
        file,
        () =>
          'The Pod "bad-restart" is invalid: spec.restartPolicy: Unsupported value: "Sometimes": supported values: "Always", "OnFailure", "Never"\n',
      );
    });

    it('answers AlreadyExists to a second create, NotFound to deleting what is not there', async () => {
      const file = await write('exists.yaml', podYaml('exists'));
      const first = await cluster.kubectl(['create', '-f', file]);
      expect(first.stdout, first.stderr).toBe('pod/exists created\n');
      const again = await cluster.kubectl(['create', '-f', file]);
      expect(again.code).toBe(1);
      expect(again.stderr).toBe(
        `Error from server (AlreadyExists): error when creating "${file}": pods "exists" already exists\n`,
      );
      const missing = await cluster.kubectl(['delete', 'pod', 'nosuch']);
      expect(missing.code).toBe(1);
      expect(missing.stderr).toBe('Error from server (NotFound): pods "nosuch" not found\n');
      const gone = await write('gone.yaml', podYaml('gone'));
      const byFile = await cluster.kubectl(['delete', '-f', gone]);
      expect(byFile.code).toBe(1);
      expect(byFile.stderr).toBe(
        `Error from server (NotFound): error when deleting "${gone}": pods "gone" not found\n`,
      );
    });

    it('reports YAML that does not parse from kubectl itself; the server stays healthy', async () => {
      const file = await write(
        'broken.yaml',
        'apiVersion: v1\nkind: Pod\nmetadata:\n  name: broken\n  labels: [a\nspec:\n',
      );
      for (const verb of ['create', 'apply']) {
        const r = await cluster.kubectl([verb, '-f', file]);
        expect(r.code).toBe(1);
        expect(r.stderr).toBe(
          `error: error parsing ${file}: error converting YAML to JSON: yaml: line 5: did not find expected ',' or ']'\n`,
        );
      }
      const after = await cluster.kubectl(['get', 'pod', 'broken']);
      expect(after.stderr).toBe('Error from server (NotFound): pods "broken" not found\n');
    });

    it('creates the valid documents of a file and reports the invalid one', async () => {
      const file = await write(
        'multi.yaml',
        [
          podYaml('multi-ok'),
          podYaml('multi-bad').replace(/ {4}image: .*\n/, ''),
          'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: multi-cm\ndata:\n  a: b\n',
        ].join('---\n'),
      );
      const created = await cluster.kubectl(['create', '-f', file]);
      expect(created).toEqual({
        code: 1,
        stdout: 'pod/multi-ok created\nconfigmap/multi-cm created\n',
        stderr: 'The Pod "multi-bad" is invalid: spec.containers[0].image: Required value\n',
      });
      // apply: the two that exist are found by GET and, created without apply, patched.
      const applied = await cluster.kubectl(['apply', '-f', file]);
      expect(applied.code).toBe(1);
      expect(applied.stdout).toBe('pod/multi-ok configured\nconfigmap/multi-cm configured\n');
      expect(applied.stderr).toContain(
        'Warning: resource pods/multi-ok is missing the kubectl.kubernetes.io/last-applied-configuration annotation which is required by kubectl apply.',
      );
      expect(
        applied.stderr.endsWith(
          'The Pod "multi-bad" is invalid: spec.containers[0].image: Required value\n',
        ),
      ).toBe(true);
      const list = await cluster.kubectl(['get', 'pods,configmaps', '-o', 'name']);
      expect(list.stdout).toContain('pod/multi-ok\n');
      expect(list.stdout).not.toContain('multi-bad');
    });

    it('refuses an unknown field on re-apply through the patch, as the 422 of the patch handler', async () => {
      const good = await write('typo.yaml', podYaml('typo'));
      const created = await cluster.kubectl(['apply', '-f', good]);
      expect(created.stdout, created.stderr).toBe('pod/typo created\n');
      await write(
        'typo.yaml',
        podYaml('typo').replace('image: nginx:1.25\n', 'image: nginx:1.25\n    imagee: x\n'),
      );
      const r = await cluster.kubectl(['apply', '-f', good]);
      expect(r.code).toBe(1);
      // The server prints the strategic merge patch with Go's %v and quotes it with %q.
      const lastApplied =
        '{"apiVersion":"v1","kind":"Pod","metadata":{"annotations":{},"name":"typo","namespace":"default"},"spec":{"containers":[{"image":"nginx:1.25","imagee":"x","name":"app"}]}}\n';
      const patch = `map[metadata:map[annotations:map[kubectl.kubernetes.io/last-applied-configuration:${lastApplied}]] spec:map[$setElementOrder/containers:[map[name:app]] containers:[map[imagee:x name:app]]]]`;
      expect(r.stderr).toBe(
        `The request is invalid: patch: Invalid value: ${JSON.stringify(patch)}: strict decoding error: unknown field "spec.containers[0].imagee"\n`,
      );
    });
  },
);
