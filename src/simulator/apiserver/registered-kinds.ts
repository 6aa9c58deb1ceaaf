/**
 * Which kinds a real kube-apiserver's scheme (`legacyscheme.Scheme`) knows, for the decoder's
 * errors: a body whose apiVersion/kind the scheme does not know fails with `no kind "K" is
 * registered for version "v"`, one it knows but cannot convert into the endpoint's type with
 * `converting (v1.K) to (core.X): unknown conversion`. The scheme registers every built-in group,
 * served or not, so this lists the common built-in kinds rather than only the simulator's.
 */

const KINDS: Record<string, readonly string[]> = {
  v1: [
    'Binding',
    'ComponentStatus',
    'ConfigMap',
    'Endpoints',
    'Event',
    'LimitRange',
    'Namespace',
    'Node',
    'PersistentVolume',
    'PersistentVolumeClaim',
    'Pod',
    'PodTemplate',
    'ReplicationController',
    'ResourceQuota',
    'Secret',
    'Service',
    'ServiceAccount',
  ],
  'apps/v1': ['ControllerRevision', 'DaemonSet', 'Deployment', 'ReplicaSet', 'StatefulSet'],
  'batch/v1': ['CronJob', 'Job'],
  'authentication.k8s.io/v1': ['SelfSubjectReview', 'TokenRequest', 'TokenReview'],
  'authorization.k8s.io/v1': [
    'LocalSubjectAccessReview',
    'SelfSubjectAccessReview',
    'SelfSubjectRulesReview',
    'SubjectAccessReview',
  ],
  'autoscaling/v1': ['HorizontalPodAutoscaler', 'Scale'],
  'autoscaling/v2': ['HorizontalPodAutoscaler'],
  'coordination.k8s.io/v1': ['Lease'],
  'discovery.k8s.io/v1': ['EndpointSlice'],
  'events.k8s.io/v1': ['Event'],
  'networking.k8s.io/v1': ['Ingress', 'IngressClass', 'NetworkPolicy'],
  'policy/v1': ['Eviction', 'PodDisruptionBudget'],
  'rbac.authorization.k8s.io/v1': ['ClusterRole', 'ClusterRoleBinding', 'Role', 'RoleBinding'],
  'scheduling.k8s.io/v1': ['PriorityClass'],
  'storage.k8s.io/v1': ['CSIDriver', 'CSINode', 'StorageClass', 'VolumeAttachment'],
};

/** Every group-version also registers the API machinery's own kinds. */
const META_KINDS = [
  'CreateOptions',
  'DeleteOptions',
  'GetOptions',
  'ListOptions',
  'PatchOptions',
  'UpdateOptions',
  'WatchEvent',
];

export function isRegisteredKind(apiVersion: string, kind: string): boolean {
  const kinds = KINDS[apiVersion];
  if (!kinds) return false;
  if (META_KINDS.includes(kind)) return true;
  const base = kind.endsWith('List') ? kind.slice(0, -4) : kind;
  return kinds.includes(kind) || kinds.includes(base);
}

/** Internal (hub) package names differ from the group: core types live in `core`. */
const INTERNAL_PACKAGE: Record<string, string> = {
  '': 'core',
  'rbac.authorization.k8s.io': 'rbac',
  'authentication.k8s.io': 'authentication',
  'authorization.k8s.io': 'authorization',
  'coordination.k8s.io': 'coordination',
  'discovery.k8s.io': 'discovery',
  'networking.k8s.io': 'networking',
  'scheduling.k8s.io': 'scheduling',
  'storage.k8s.io': 'storage',
  'events.k8s.io': 'core',
};

/** The Go package name a type prints with (`v1.Pod`, `core.ConfigMap`). */
export function packageOf(apiVersion: string, internal: boolean): string {
  const slash = apiVersion.indexOf('/');
  const group = slash < 0 ? '' : apiVersion.slice(0, slash);
  if (!internal) return apiVersion.slice(slash + 1);
  return INTERNAL_PACKAGE[group] ?? group;
}
