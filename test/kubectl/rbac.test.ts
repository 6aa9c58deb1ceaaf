import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KUBECTL, NO_KUBECTL_REASON } from '../support/kubectl.js';
import { startTestCluster, type TestCluster } from '../support/simulator.js';
import { manifestWriter } from './helpers.js';

const binding = (name: string, role: string, subjects: string) =>
  `apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: ${name}
roleRef:
  kind: Role
  name: ${role}
subjects:
${subjects}`;

/**
 * Roles and bindings from manifests: the v1 defaults (roleRef and User subjects get their API
 * group), the RBAC validation messages, and the refusal to point an existing binding at another
 * role — the error a learner meets when re-applying a changed RoleBinding.
 */
describe.skipIf(!KUBECTL)(
  `real kubectl: RBAC objects${KUBECTL ? '' : ` (${NO_KUBECTL_REASON})`}`,
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

    it('defaults the API groups of roleRef and of User subjects', async () => {
      const file = await write(
        'defaults.yaml',
        binding(
          'defaults',
          'reader',
          '- kind: User\n  name: alice\n- kind: ServiceAccount\n  name: default\n',
        ),
      );
      const r = await cluster.kubectl(['apply', '-f', file]);
      expect(r).toEqual({
        code: 0,
        stdout: 'rolebinding.rbac.authorization.k8s.io/defaults created\n',
        stderr: '',
      });
      const json = JSON.parse(
        (await cluster.kubectl(['get', 'rolebinding', 'defaults', '-o', 'json'])).stdout,
      );
      expect(json.roleRef).toEqual({
        apiGroup: 'rbac.authorization.k8s.io',
        kind: 'Role',
        name: 'reader',
      });
      expect(json.subjects).toEqual([
        { apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: 'alice' },
        { kind: 'ServiceAccount', name: 'default' },
      ]);
    });

    it('refuses to change the roleRef of a binding', async () => {
      const file = await write(
        'bound.yaml',
        binding('bound', 'reader', '- kind: User\n  name: bob\n'),
      );
      expect((await cluster.kubectl(['apply', '-f', file])).code).toBe(0);
      await write('bound.yaml', binding('bound', 'writer', '- kind: User\n  name: bob\n'));
      const r = await cluster.kubectl(['apply', '-f', file]);
      expect(r).toEqual({
        code: 1,
        stdout: '',
        stderr:
          'The RoleBinding "bound" is invalid: roleRef: Invalid value: rbac.RoleRef{APIGroup:"rbac.authorization.k8s.io", Kind:"Role", Name:"writer"}: cannot change roleRef\n',
      });
      // Subjects may change.
      await write('bound.yaml', binding('bound', 'reader', '- kind: User\n  name: carol\n'));
      const subjects = await cluster.kubectl(['apply', '-f', file]);
      expect(subjects.stdout, subjects.stderr).toBe(
        'rolebinding.rbac.authorization.k8s.io/bound configured\n',
      );
    });

    it('refuses a rule without verbs or API groups', async () => {
      const file = await write(
        'role.yaml',
        'apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata:\n  name: half\nrules:\n- resources: [pods]\n',
      );
      const r = await cluster.kubectl(['apply', '-f', file]);
      expect(r).toEqual({
        code: 1,
        stdout: '',
        stderr:
          'The Role "half" is invalid: \n* rules[0].verbs: Required value: verbs must contain at least one value\n* rules[0].apiGroups: Required value: resource rules must supply at least one api group\n',
      });
    });

    it('refuses an unknown roleRef kind and bad subjects', async () => {
      const file = await write(
        'bad-binding.yaml',
        binding(
          'bad',
          'reader',
          '- kind: ServiceAccount\n  name: Bad_SA\n- kind: Robot\n  name: r2\n',
        ).replace('kind: Role\n', 'kind: Rol\n'),
      );
      const r = await cluster.kubectl(['apply', '-f', file]);
      expect(r.code).toBe(1);
      expect(r.stderr).toBe(
        [
          'The RoleBinding "bad" is invalid: ',
          '* roleRef.kind: Unsupported value: "Rol": supported values: "Role", "ClusterRole"',
          `* subjects[0].name: Invalid value: "Bad_SA": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')`,
          '* subjects[1].kind: Unsupported value: "Robot": supported values: "ServiceAccount", "User", "Group"',
          '',
        ].join('\n'),
      );
    });
  },
);
