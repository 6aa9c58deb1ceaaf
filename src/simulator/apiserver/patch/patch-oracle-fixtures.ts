/**
 * Objects and case builders for the kubectl oracle test (`patch-oracle.test.ts`): each case is
 * run through `kubectl patch --local` and through this package, and the results must agree.
 * Data only; cases whose Go behaviour depends on random map order are left out.
 */

export type OraclePatchType = 'strategic' | 'merge' | 'json';

export interface OracleCase {
  readonly name: string;
  readonly type: OraclePatchType;
  readonly object: Record<string, unknown>;
  readonly patch: unknown;
}

export const pod = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: {
    name: 'web',
    namespace: 'default',
    labels: { app: 'web', tier: 'fe' },
    annotations: { note: 'hi' },
    finalizers: ['f1', 'f2'],
    ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'rs', uid: 'u1' }],
  },
  spec: {
    initContainers: [{ name: 'init', image: 'busybox', command: ['sh', '-c', 'true'] }],
    containers: [
      {
        name: 'a',
        image: 'nginx:1.25',
        args: ['p', 'q', 'r'],
        env: [
          { name: 'A', value: '1' },
          { name: 'B', value: '2' },
        ],
        ports: [
          { containerPort: 80, protocol: 'TCP' },
          { containerPort: 53, protocol: 'UDP' },
        ],
        volumeMounts: [
          { name: 'data', mountPath: '/data' },
          { name: 'cache', mountPath: '/cache' },
        ],
      },
      { name: 'b', image: 'busybox', command: ['sleep', '3600'] },
    ],
    volumes: [
      { name: 'data', emptyDir: {} },
      { name: 'cache', hostPath: { path: '/tmp/cache', type: 'DirectoryOrCreate' } },
    ],
    tolerations: [{ key: 'k', operator: 'Exists', effect: 'NoSchedule' }],
    nodeSelector: { disk: 'ssd' },
    imagePullSecrets: [{ name: 'reg' }],
    hostAliases: [{ ip: '10.0.0.1', hostnames: ['a.local'] }],
  },
  status: {
    phase: 'Running',
    conditions: [
      { type: 'Ready', status: 'True' },
      { type: 'PodScheduled', status: 'True' },
    ],
    podIPs: [{ ip: '10.1.0.5' }],
  },
};

export const deployment = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', namespace: 'default', labels: { app: 'web' } },
  spec: {
    replicas: 3,
    selector: { matchLabels: { app: 'web' } },
    strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } },
    template: {
      metadata: { labels: { app: 'web' } },
      spec: {
        containers: [
          { name: 'nginx', image: 'nginx:1.25', env: [{ name: 'A', value: '1' }] },
          { name: 'side', image: 'busybox', args: ['x'] },
        ],
        volumes: [{ name: 'v', emptyDir: {} }],
        tolerations: [{ key: 'k', operator: 'Exists' }],
      },
    },
  },
};

export const node = {
  apiVersion: 'v1',
  kind: 'Node',
  metadata: { name: 'node1', labels: { 'kubernetes.io/hostname': 'node1' } },
  spec: { podCIDRs: ['10.1.0.0/24'], taints: [{ key: 'a', effect: 'NoSchedule' }] },
  status: {
    conditions: [{ type: 'Ready', status: 'True' }],
    addresses: [{ type: 'InternalIP', address: '10.0.0.1' }],
  },
};

export const serviceAccount = {
  apiVersion: 'v1',
  kind: 'ServiceAccount',
  metadata: { name: 'sa', namespace: 'default' },
  secrets: [{ name: 's1' }],
  imagePullSecrets: [{ name: 'p1' }],
};

export const namespace = {
  apiVersion: 'v1',
  kind: 'Namespace',
  metadata: { name: 'ns1' },
  spec: { finalizers: ['kubernetes'] },
  status: { phase: 'Active', conditions: [{ type: 'A', status: 'False' }] },
};

export const configMap = {
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name: 'cm', namespace: 'default' },
  data: { a: '1', b: '2' },
};

export const role = {
  apiVersion: 'rbac.authorization.k8s.io/v1',
  kind: 'Role',
  metadata: { name: 'r', namespace: 'default' },
  rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['get'] }],
};

export const smp = (name: string, object: Record<string, unknown>, patch: unknown): OracleCase => ({
  name,
  type: 'strategic',
  object,
  patch,
});
export const merge = (name: string, patch: unknown): OracleCase => ({
  name,
  type: 'merge',
  object: pod,
  patch,
});
export const json = (name: string, patch: unknown): OracleCase => ({
  name,
  type: 'json',
  object: pod,
  patch,
});

/** A patch of one container. */
export const c = (fields: Record<string, unknown>) => ({ spec: { containers: [fields] } });
/** A `$setElementOrder` list of names. */
export const order = (...names: string[]) => names.map((name) => ({ name }));
