import { describe, expect, it } from 'vitest';
import { fieldPatchMeta, patchSchemaFor, type SchemaNode, UNTAGGED } from './patch-schema.js';

/** Walks `a.b.c` through nested schema nodes and resolves the last field. */
function meta(group: string, kind: string, path: string) {
  let node = patchSchemaFor(group, kind) as SchemaNode;
  const fields = path.split('.');
  for (const field of fields.slice(0, -1)) node = fieldPatchMeta(node, field).schema;
  return fieldPatchMeta(node, fields[fields.length - 1] ?? '');
}

describe('patch schema', () => {
  it.each([
    ['', 'Pod', 'metadata.finalizers', 'merge', ''],
    ['', 'Pod', 'metadata.ownerReferences', 'merge', 'uid'],
    ['', 'Pod', 'spec.containers', 'merge', 'name'],
    ['', 'Pod', 'spec.containers.ports', 'merge', 'containerPort'],
    ['', 'Pod', 'spec.containers.volumeMounts', 'merge', 'mountPath'],
    ['', 'Pod', 'spec.ephemeralContainers.env', 'merge', 'name'],
    ['', 'Pod', 'spec.hostAliases', 'merge', 'ip'],
    ['', 'Pod', 'spec.topologySpreadConstraints', 'merge', 'topologyKey'],
    ['', 'Pod', 'spec.tolerations', '', ''],
    ['', 'Pod', 'spec.containers.args', '', ''],
    ['', 'Pod', 'status.conditions', 'merge', 'type'],
    ['', 'Pod', 'status.containerStatuses.volumeMounts', 'merge', 'mountPath'],
    ['', 'Node', 'spec.podCIDRs', 'merge', ''],
    ['', 'Node', 'status.addresses', 'merge', 'type'],
    ['', 'ServiceAccount', 'secrets', 'merge', 'name'],
    ['', 'ServiceAccount', 'imagePullSecrets', '', ''],
    ['', 'Service', 'spec.ports', 'merge', 'port'],
    ['apps', 'Deployment', 'spec.template.spec.containers.env', 'merge', 'name'],
    ['apps', 'ReplicaSet', 'spec.template.metadata.finalizers', 'merge', ''],
    ['apps', 'Deployment', 'status.conditions', 'merge', 'type'],
    ['rbac.authorization.k8s.io', 'Role', 'metadata.finalizers', 'merge', ''],
    ['rbac.authorization.k8s.io', 'Role', 'rules', '', ''],
  ])('%s %s %s → %s %s', (group, kind, path, strategy, mergeKey) => {
    expect(meta(group, kind, path)).toMatchObject({ strategy, mergeKey });
  });

  it('marks the retainKeys fields', () => {
    expect(meta('', 'Pod', 'spec.volumes')).toMatchObject({
      strategy: 'merge',
      retainKeys: true,
      mergeKey: 'name',
    });
    expect(meta('apps', 'Deployment', 'spec.strategy')).toMatchObject({
      strategy: '',
      retainKeys: true,
    });
    expect(meta('', 'Pod', 'spec.containers').retainKeys).toBe(false);
  });

  it('names the element kind of scalar merge lists', () => {
    expect(meta('', 'Pod', 'metadata.finalizers').schema.kind).toBe('string');
    expect(meta('', 'Pod', 'spec.containers').schema.kind).toBe('struct');
  });

  it('treats unknown fields and inherited names as untagged', () => {
    expect(meta('', 'Pod', 'spec.nope')).toEqual({
      strategy: '',
      retainKeys: false,
      mergeKey: '',
      schema: UNTAGGED,
    });
    expect(meta('', 'Pod', 'spec.toString').schema).toBe(UNTAGGED);
  });

  it('knows the served built-in kinds and nothing else', () => {
    for (const [group, kind] of [
      ['', 'Secret'],
      ['', 'ConfigMap'],
      ['', 'Namespace'],
      ['', 'Event'],
      ['rbac.authorization.k8s.io', 'ClusterRoleBinding'],
      ['apps', 'ReplicaSet'],
    ] as const) {
      expect(patchSchemaFor(group, kind), `${group}/${kind}`).toBeDefined();
    }
    expect(patchSchemaFor('example.com', 'Widget')).toBeUndefined();
    expect(patchSchemaFor('', 'Deployment')).toBeUndefined();
  });
});
