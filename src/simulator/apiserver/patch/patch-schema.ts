/**
 * Strategic-merge-patch metadata of the types the simulator serves, as data.
 *
 * A real API server reads it from the Go struct tags `patchStrategy` / `patchMergeKey`
 * (`k8s.io/api@v0.32`, `k8s.io/apimachinery@v0.32`; the tag strings were checked against the
 * ones compiled into kubectl 1.32). Only fields that carry a tag, or lead to one, are listed:
 * every other field behaves like an untagged one — maps are merged key by key, lists are
 * replaced wholesale — which is exactly what the Go code does for untagged fields.
 *
 * One deliberate difference: Go refuses a `$setElementOrder/<field>` (or a map/list merge) on a
 * field its struct does not have ("unable to find api field in struct …"); this table does not
 * know every field, so such a field is treated as untagged instead.
 */

export type PatchStrategy = 'merge' | 'replace' | 'retainKeys';

/** The Go kind of a struct or list element, named in "cannot merge lists without merge key for …". */
export type GoKind = 'struct' | 'string';

export interface FieldPatchMeta {
  /** The `patchStrategy` tag, split on ",": `merge,retainKeys` → `['merge', 'retainKeys']`. */
  readonly strategies?: readonly PatchStrategy[];
  readonly mergeKey?: string;
  /** The field's struct, or for a list its element type. */
  readonly schema?: SchemaNode;
}

export interface SchemaNode {
  /** The Go type name, for readers and test output. */
  readonly name: string;
  readonly kind: GoKind;
  readonly fields: Readonly<Record<string, FieldPatchMeta>>;
}

/** What the patch code needs to know about one field, with the Go defaults filled in. */
export interface ResolvedFieldMeta {
  /** `merge`, `replace`, or `` (no strategy: lists are replaced, maps merged). */
  readonly strategy: 'merge' | 'replace' | '';
  /** Whether the tag includes `retainKeys` (only used when computing patches, never applying). */
  readonly retainKeys: boolean;
  /** `` when the field has none. */
  readonly mergeKey: string;
  readonly schema: SchemaNode;
}

/** A type the table knows nothing about: no field has patch metadata. */
export const UNTAGGED: SchemaNode = struct('untagged', {});

/** `LookupPatchMetadataForStruct/ForSlice` + `extractRetainKeysPatchStrategy` in one step. */
export function fieldPatchMeta(node: SchemaNode, field: string): ResolvedFieldMeta {
  const meta = Object.hasOwn(node.fields, field) ? node.fields[field] : undefined;
  const strategies = meta?.strategies ?? [];
  const retainKeys = strategies.includes('retainKeys');
  const rest = strategies.filter((s) => s !== 'retainKeys');
  return {
    strategy: rest[0] === 'merge' || rest[0] === 'replace' ? rest[0] : '',
    retainKeys,
    mergeKey: meta?.mergeKey ?? '',
    schema: meta?.schema ?? UNTAGGED,
  };
}

function struct(name: string, fields: Record<string, FieldPatchMeta>): SchemaNode {
  return { name, kind: 'struct', fields };
}

/** A field holding a struct: reached by the patch code, but with no tag of its own. */
function nested(schema: SchemaNode): FieldPatchMeta {
  return { schema };
}

/** `patchStrategy:"merge" patchMergeKey:"<key>"` on a list of structs. */
function mergeByKey(mergeKey: string, schema: SchemaNode = UNTAGGED): FieldPatchMeta {
  return { strategies: ['merge'], mergeKey, schema };
}

const STRING: SchemaNode = { name: 'string', kind: 'string', fields: {} };

/** `patchStrategy:"merge"` on a list of strings: a set union. */
const SCALAR_SET: FieldPatchMeta = { strategies: ['merge'], schema: STRING };

// --- apimachinery meta/v1 -------------------------------------------------------------

const objectMeta = struct('ObjectMeta', {
  ownerReferences: mergeByKey('uid', struct('OwnerReference', {})),
  finalizers: SCALAR_SET,
  // managedFields, labels, annotations: untagged (list replaced, maps merged key by key).
});

const metadataOnly = (name: string): SchemaNode => struct(name, { metadata: nested(objectMeta) });

// --- core/v1 Pod ----------------------------------------------------------------------

/** Container and EphemeralContainer (whose inlined EphemeralContainerCommon has the same tags). */
const containerFields: Record<string, FieldPatchMeta> = {
  ports: mergeByKey('containerPort', struct('ContainerPort', {})),
  env: mergeByKey('name', struct('EnvVar', {})),
  volumeMounts: mergeByKey('mountPath', struct('VolumeMount', {})),
  volumeDevices: mergeByKey('devicePath', struct('VolumeDevice', {})),
};
const container = struct('Container', containerFields);
const ephemeralContainer = struct('EphemeralContainer', containerFields);

const podSpec = struct('PodSpec', {
  volumes: { strategies: ['merge', 'retainKeys'], mergeKey: 'name', schema: struct('Volume', {}) },
  initContainers: mergeByKey('name', container),
  containers: mergeByKey('name', container),
  ephemeralContainers: mergeByKey('name', ephemeralContainer),
  imagePullSecrets: mergeByKey('name', struct('LocalObjectReference', {})),
  hostAliases: mergeByKey('ip', struct('HostAlias', {})),
  topologySpreadConstraints: mergeByKey('topologyKey', struct('TopologySpreadConstraint', {})),
  schedulingGates: mergeByKey('name', struct('PodSchedulingGate', {})),
  resourceClaims: {
    strategies: ['merge', 'retainKeys'],
    mergeKey: 'name',
    schema: struct('PodResourceClaim', {}),
  },
  // tolerations, readinessGates, affinity terms, dnsConfig lists, …: untagged (replaced).
});

const containerStatus = struct('ContainerStatus', {
  volumeMounts: mergeByKey('mountPath', struct('VolumeMountStatus', {})),
  allocatedResourcesStatus: mergeByKey('name', struct('ResourceStatus', {})),
});

const podStatus = struct('PodStatus', {
  conditions: mergeByKey('type', struct('PodCondition', {})),
  podIPs: mergeByKey('ip', struct('PodIP', {})),
  hostIPs: mergeByKey('ip', struct('HostIP', {})),
  resourceClaimStatuses: {
    strategies: ['merge', 'retainKeys'],
    mergeKey: 'name',
    schema: struct('PodResourceClaimStatus', {}),
  },
  initContainerStatuses: nested(containerStatus),
  containerStatuses: nested(containerStatus),
  ephemeralContainerStatuses: nested(containerStatus),
});

const pod = struct('Pod', {
  metadata: nested(objectMeta),
  spec: nested(podSpec),
  status: nested(podStatus),
});

const podTemplateSpec = struct('PodTemplateSpec', {
  metadata: nested(objectMeta),
  spec: nested(podSpec),
});

// --- other core/v1 kinds --------------------------------------------------------------

/** `status.conditions` merged by `type`: the shape of most workload and node statuses. */
const conditionsStatus = (name: string): SchemaNode =>
  struct(name, { conditions: mergeByKey('type', struct('Condition', {})) });

const node = struct('Node', {
  metadata: nested(objectMeta),
  spec: nested(struct('NodeSpec', { podCIDRs: SCALAR_SET })),
  status: nested(
    struct('NodeStatus', {
      conditions: mergeByKey('type', struct('NodeCondition', {})),
      addresses: mergeByKey('type', struct('NodeAddress', {})),
    }),
  ),
});

const namespace = struct('Namespace', {
  metadata: nested(objectMeta),
  status: nested(conditionsStatus('NamespaceStatus')),
});

const serviceAccount = struct('ServiceAccount', {
  metadata: nested(objectMeta),
  secrets: mergeByKey('name', struct('ObjectReference', {})),
});

const service = struct('Service', {
  metadata: nested(objectMeta),
  spec: nested(struct('ServiceSpec', { ports: mergeByKey('port', struct('ServicePort', {})) })),
  status: nested(conditionsStatus('ServiceStatus')),
});

// --- apps/v1, batch/v1 ----------------------------------------------------------------

/** A workload whose `spec.template` is a PodTemplateSpec. */
function workload(name: string, specFields: Record<string, FieldPatchMeta> = {}): SchemaNode {
  return struct(name, {
    metadata: nested(objectMeta),
    spec: nested(struct(`${name}Spec`, { template: nested(podTemplateSpec), ...specFields })),
    status: nested(conditionsStatus(`${name}Status`)),
  });
}

const deployment = workload('Deployment', {
  strategy: { strategies: ['retainKeys'], schema: struct('DeploymentStrategy', {}) },
});

// --- the registry ---------------------------------------------------------------------

const METADATA_ONLY_CORE = [
  'Secret',
  'ConfigMap',
  'Event',
  'Endpoints',
  'LimitRange',
  'ResourceQuota',
  'PersistentVolumeClaim',
];

const SCHEMAS: ReadonlyMap<string, SchemaNode> = new Map<string, SchemaNode>([
  ['/Pod', pod],
  [
    '/PodTemplate',
    struct('PodTemplate', { metadata: nested(objectMeta), template: nested(podTemplateSpec) }),
  ],
  ['/Node', node],
  ['/Namespace', namespace],
  ['/ServiceAccount', serviceAccount],
  ['/Service', service],
  ...METADATA_ONLY_CORE.map((kind): [string, SchemaNode] => [`/${kind}`, metadataOnly(kind)]),
  ['apps/Deployment', deployment],
  ['apps/ReplicaSet', workload('ReplicaSet')],
  ['apps/StatefulSet', workload('StatefulSet')],
  ['apps/DaemonSet', workload('DaemonSet')],
  ['batch/Job', workload('Job')],
  ['events.k8s.io/Event', metadataOnly('Event')],
  ['coordination.k8s.io/Lease', metadataOnly('Lease')],
  ['autoscaling/Scale', metadataOnly('Scale')],
  ...['Role', 'RoleBinding', 'ClusterRole', 'ClusterRoleBinding'].map(
    (kind): [string, SchemaNode] => [`rbac.authorization.k8s.io/${kind}`, metadataOnly(kind)],
  ),
]);

/**
 * The patch schema of a built-in kind (`group` is `` for core/v1), or `undefined` for a kind the
 * table does not know — which the server treats like a custom resource (no strategic merge patch).
 */
export function patchSchemaFor(group: string, kind: string): SchemaNode | undefined {
  return SCHEMAS.get(`${group}/${kind}`);
}
