/**
 * What the simulated API server serves. Discovery, OpenAPI, routing and strict decoding all read
 * this one table, so a resource that is not here does not exist anywhere (a PodPreset gets
 * kubectl's real `no matches for kind "PodPreset"`).
 */

export interface ResourceInfo {
  group: string;
  version: string;
  /** Plural, lower case: `pods`. */
  resource: string;
  singular: string;
  kind: string;
  namespaced: boolean;
  shortNames: string[];
  categories: string[];
  verbs: string[];
  /** `group`/`version` only where the subresource's kind lives elsewhere (a TokenRequest). */
  subresources: {
    subresource: string;
    kind: string;
    verbs: string[];
    group?: string;
    version?: string;
  }[];
  /** `metadata.generation` is maintained by this resource's strategy (not for pods). */
  hasGeneration: boolean;
  /** Updates through the main resource ignore `.status`; only the status subresource writes it. */
  hasStatus: boolean;
}

const ALL_VERBS = [
  'create',
  'delete',
  'deletecollection',
  'get',
  'list',
  'patch',
  'update',
  'watch',
];
const NO_COLLECTION_DELETE = ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'];

function resource(info: Partial<ResourceInfo> & Pick<ResourceInfo, 'resource' | 'kind'>) {
  return {
    group: '',
    version: 'v1',
    singular: info.kind.toLowerCase(),
    namespaced: true,
    shortNames: [],
    categories: [],
    verbs: ALL_VERBS,
    subresources: [],
    hasGeneration: false,
    hasStatus: false,
    ...info,
  } satisfies ResourceInfo;
}

const RBAC = 'rbac.authorization.k8s.io';
const COORDINATION = 'coordination.k8s.io';
const APPS = 'apps';
const AUTHENTICATION = 'authentication.k8s.io';
const AUTHORIZATION = 'authorization.k8s.io';
const DISCOVERY = 'discovery.k8s.io';
/** Review APIs answer a question per POST and store nothing (src/simulator/auth). */
const CREATE_ONLY = ['create'];

/** apps/v1 workloads: `scale` answers an autoscaling/v1 Scale, `status` is the controller's. */
function workload(plural: string, kind: string, shortName: string) {
  return resource({
    group: APPS,
    resource: plural,
    kind,
    shortNames: [shortName],
    categories: ['all'],
    hasGeneration: true,
    hasStatus: true,
    subresources: [
      {
        subresource: 'scale',
        kind: 'Scale',
        verbs: ['get', 'patch', 'update'],
        group: 'autoscaling',
        version: 'v1',
      },
      { subresource: 'status', kind, verbs: ['get', 'patch', 'update'] },
    ],
  });
}

export const RESOURCES: readonly ResourceInfo[] = [
  resource({
    resource: 'configmaps',
    kind: 'ConfigMap',
    shortNames: ['cm'],
  }),
  // Kept by the endpoints controller for every Service with a selector (src/simulator/controllers).
  resource({
    resource: 'endpoints',
    kind: 'Endpoints',
    shortNames: ['ep'],
  }),
  resource({
    resource: 'events',
    kind: 'Event',
    shortNames: ['ev'],
  }),
  resource({
    resource: 'namespaces',
    kind: 'Namespace',
    namespaced: false,
    shortNames: ['ns'],
    verbs: NO_COLLECTION_DELETE,
    hasStatus: true,
    subresources: [
      { subresource: 'finalize', kind: 'Namespace', verbs: ['update'] },
      { subresource: 'status', kind: 'Namespace', verbs: ['get', 'patch', 'update'] },
    ],
  }),
  resource({
    resource: 'nodes',
    kind: 'Node',
    namespaced: false,
    shortNames: ['no'],
    hasStatus: true,
    subresources: [{ subresource: 'status', kind: 'Node', verbs: ['get', 'patch', 'update'] }],
  }),
  resource({
    resource: 'pods',
    kind: 'Pod',
    shortNames: ['po'],
    categories: ['all'],
    hasStatus: true,
    subresources: [
      { subresource: 'attach', kind: 'PodAttachOptions', verbs: ['create', 'get'] },
      { subresource: 'binding', kind: 'Binding', verbs: ['create'] },
      { subresource: 'exec', kind: 'PodExecOptions', verbs: ['create', 'get'] },
      { subresource: 'log', kind: 'Pod', verbs: ['get'] },
      { subresource: 'status', kind: 'Pod', verbs: ['get', 'patch', 'update'] },
    ],
  }),
  resource({
    resource: 'secrets',
    kind: 'Secret',
  }),
  resource({
    resource: 'serviceaccounts',
    kind: 'ServiceAccount',
    shortNames: ['sa'],
    subresources: [
      {
        subresource: 'token',
        kind: 'TokenRequest',
        verbs: ['create'],
        group: AUTHENTICATION,
        version: 'v1',
      },
    ],
  }),
  resource({
    resource: 'services',
    kind: 'Service',
    shortNames: ['svc'],
    categories: ['all'],
    hasStatus: true,
    subresources: [{ subresource: 'status', kind: 'Service', verbs: ['get', 'patch', 'update'] }],
  }),
  resource({ group: COORDINATION, resource: 'leases', kind: 'Lease' }),
  // The strategy bumps `generation` when the endpoints, ports or labels change.
  resource({
    group: DISCOVERY,
    resource: 'endpointslices',
    kind: 'EndpointSlice',
    hasGeneration: true,
  }),
  workload('deployments', 'Deployment', 'deploy'),
  workload('replicasets', 'ReplicaSet', 'rs'),
  resource({
    group: RBAC,
    resource: 'clusterrolebindings',
    kind: 'ClusterRoleBinding',
    namespaced: false,
  }),
  resource({ group: RBAC, resource: 'clusterroles', kind: 'ClusterRole', namespaced: false }),
  resource({ group: RBAC, resource: 'rolebindings', kind: 'RoleBinding' }),
  resource({ group: RBAC, resource: 'roles', kind: 'Role' }),
  resource({
    group: AUTHENTICATION,
    resource: 'selfsubjectreviews',
    kind: 'SelfSubjectReview',
    namespaced: false,
    verbs: CREATE_ONLY,
  }),
  resource({
    group: AUTHENTICATION,
    resource: 'tokenreviews',
    kind: 'TokenReview',
    namespaced: false,
    verbs: CREATE_ONLY,
  }),
  resource({
    group: AUTHORIZATION,
    resource: 'localsubjectaccessreviews',
    kind: 'LocalSubjectAccessReview',
    verbs: CREATE_ONLY,
  }),
  resource({
    group: AUTHORIZATION,
    resource: 'selfsubjectaccessreviews',
    kind: 'SelfSubjectAccessReview',
    namespaced: false,
    verbs: CREATE_ONLY,
  }),
  resource({
    group: AUTHORIZATION,
    resource: 'selfsubjectrulesreviews',
    kind: 'SelfSubjectRulesReview',
    namespaced: false,
    verbs: CREATE_ONLY,
  }),
  resource({
    group: AUTHORIZATION,
    resource: 'subjectaccessreviews',
    kind: 'SubjectAccessReview',
    namespaced: false,
    verbs: CREATE_ONLY,
  }),
];

/** API groups other than core, with their preferred (only) version, in kube-apiserver's order. */
export const API_GROUPS: readonly { name: string; version: string }[] = [
  { name: APPS, version: 'v1' },
  { name: AUTHENTICATION, version: 'v1' },
  { name: AUTHORIZATION, version: 'v1' },
  { name: RBAC, version: 'v1' },
  { name: COORDINATION, version: 'v1' },
  { name: DISCOVERY, version: 'v1' },
];

export function groupVersion(info: { group: string; version: string }) {
  return info.group ? `${info.group}/${info.version}` : info.version;
}

/** The key the store files a resource under: `pods`, `roles.rbac.authorization.k8s.io`. */
export function storageResource(info: { group: string; resource: string }) {
  return info.group ? `${info.resource}.${info.group}` : info.resource;
}

export function findResource(group: string, version: string, plural: string) {
  return RESOURCES.find((r) => r.group === group && r.version === version && r.resource === plural);
}
