/** Oracle cases: strategic merge patch of maps and lists. */

import {
  c,
  configMap,
  namespace,
  node,
  type OracleCase,
  pod,
  role,
  serviceAccount,
  smp,
} from './patch-oracle-fixtures.js';

export const SMP_CASES: readonly OracleCase[] = [
  // --- maps ------------------------------------------------------------------------------
  smp('label added', pod, { metadata: { labels: { new: 'x' } } }),
  smp('label changed and one deleted by null', pod, {
    metadata: { labels: { app: 'api', tier: null } },
  }),
  smp('null for an absent key is ignored', pod, { metadata: { labels: { nope: null } } }),
  smp('$patch: delete empties a map', pod, { metadata: { labels: { $patch: 'delete' } } }),
  smp('$patch: replace swaps a map', pod, {
    metadata: { labels: { $patch: 'replace', only: 'me' } },
  }),
  smp('$patch: merge on a map is an error', pod, { metadata: { labels: { $patch: 'merge' } } }),
  smp('$patch: bogus on a map is an error', pod, { spec: { $patch: 'bogus', x: 1 } }),
  smp('top-level $patch: replace', configMap, {
    $patch: 'replace',
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'cm' },
    data: { z: '9' },
  }),
  smp('$patch: delete empties a struct', pod, { spec: { $patch: 'delete' } }),
  smp('new map with a $patch vanishes', pod, {
    spec: { securityContext: { $patch: 'replace', runAsUser: 1 } },
  }),
  smp('new map keeps inner non-null keys only', pod, {
    spec: {
      securityContext: { runAsUser: 1, fsGroup: null, seLinuxOptions: { level: null, user: 'u' } },
    },
  }),
  smp('new list drops elements with $patch', pod, {
    spec: { readinessGates: [{ $patch: 'delete' }, { conditionType: 'x', extra: null }] },
  }),
  smp('nodeSelector merged key by key', pod, { spec: { nodeSelector: { zone: 'a', disk: null } } }),
  smp('map replaced by a scalar', pod, { metadata: { annotations: 'oops' } }),
  smp('scalar replaced by a map with nulls', pod, {
    spec: { containers: [{ name: 'a', image: { x: 1, y: null } }] },
  }),
  smp('configmap data merged', configMap, { data: { b: null, c: '3' } }),
  smp('role rules replaced', role, {
    rules: [{ apiGroups: [''], resources: ['secrets'], verbs: ['list'] }],
  }),
  smp('null patch body is a no-op', configMap, null),
  // --- scalar merge lists ----------------------------------------------------------------
  smp('finalizer added goes first', pod, { metadata: { finalizers: ['z'] } }),
  smp('finalizers union de-duplicated', pod, { metadata: { finalizers: ['f2', 'z', 'z'] } }),
  smp('$deleteFromPrimitiveList on finalizers', pod, {
    metadata: { '$deleteFromPrimitiveList/finalizers': ['f1'] },
  }),
  smp('$deleteFromPrimitiveList removing all', pod, {
    metadata: { '$deleteFromPrimitiveList/finalizers': ['f1', 'f2'] },
  }),
  smp(
    '$deleteFromPrimitiveList on a replace list',
    pod,
    c({ name: 'a', '$deleteFromPrimitiveList/args': ['q'] }),
  ),
  smp(
    '$deleteFromPrimitiveList on an absent list',
    pod,
    c({ name: 'b', '$deleteFromPrimitiveList/args': ['q'] }),
  ),
  smp(
    '$deleteFromPrimitiveList null deletes the list',
    pod,
    c({ name: 'a', '$deleteFromPrimitiveList/args': null }),
  ),
  smp('$deleteFromPrimitiveList on a map list merges', pod, {
    spec: { '$deleteFromPrimitiveList/containers': [{ name: 'b', image: 'x' }] },
  }),
  smp('$deleteFromPrimitiveList on an untagged map list', pod, {
    spec: { '$deleteFromPrimitiveList/tolerations': [{ key: 'k' }] },
  }),
  smp('$deleteFromPrimitiveListX is malformed', pod, {
    metadata: { $deleteFromPrimitiveListX: ['f1'] },
  }),
  smp('podCIDRs scalar merge', node, { spec: { podCIDRs: ['10.2.0.0/24'] } }),
  smp(
    'finalizers of maps cannot merge',
    { ...pod, metadata: { ...pod.metadata, finalizers: [] } },
    { metadata: { finalizers: [{ a: 1 }] } },
  ),
  smp('finalizers mixing types', pod, { metadata: { finalizers: [1] } }),
  smp(
    'lists of lists',
    { ...pod, metadata: { ...pod.metadata, finalizers: [] } },
    { metadata: { finalizers: [['x']] } },
  ),
  // --- map merge lists -------------------------------------------------------------------
  smp('container added goes first', pod, { spec: { containers: [{ name: 'c', image: 'z' }] } }),
  smp('container merged by name', pod, c({ name: 'b', image: 'busybox:2', command: ['sh'] })),
  smp('two containers merged and added', pod, {
    spec: { containers: [{ name: 'c', image: 'z' }, { name: 'a', image: 'n' }, { name: 'd' }] },
  }),
  smp('container deleted', pod, { spec: { containers: [{ name: 'a', $patch: 'delete' }] } }),
  smp('container delete of an absent name', pod, {
    spec: { containers: [{ name: 'zz', $patch: 'delete' }] },
  }),
  smp('container list replaced', pod, {
    spec: {
      containers: [
        { $patch: 'replace' },
        { name: 'only', image: 'x', env: [{ name: 'E', $patch: 'delete' }] },
      ],
    },
  }),
  smp('container list emptied', pod, { spec: { containers: [{ $patch: 'replace' }] } }),
  smp('$patch: merge in a list', pod, { spec: { containers: [{ name: 'a', $patch: 'merge' }] } }),
  smp('$patch: bogus in a list', pod, { spec: { containers: [{ name: 'a', $patch: 'bogus' }] } }),
  smp('$patch: delete without merge key', pod, { spec: { containers: [{ $patch: 'delete' }] } }),
  smp('container without merge key', pod, { spec: { containers: [{ image: 'q' }] } }),
  smp('duplicate patch elements merge together', pod, {
    spec: {
      containers: [
        { name: 'c', image: 'z' },
        { name: 'c', args: ['1'] },
      ],
    },
  }),
  smp('appended element keeps nulls and directives', pod, {
    spec: { containers: [{ name: 'c', image: null, env: [{ name: 'X', $patch: 'delete' }] }] },
  }),
  smp(
    'env merged, deleted and added',
    pod,
    c({
      name: 'a',
      env: [
        { name: 'B', value: '3' },
        { name: 'A', $patch: 'delete' },
        { name: 'C', value: '4' },
      ],
    }),
  ),
  smp(
    'env value removed by null',
    pod,
    c({
      name: 'a',
      env: [{ name: 'A', value: null, valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } }],
    }),
  ),
  smp(
    'ports keyed by containerPort only',
    pod,
    c({ name: 'a', ports: [{ containerPort: 53, protocol: 'TCP' }] }),
  ),
  smp('port added', pod, c({ name: 'a', ports: [{ containerPort: 8080, name: 'http' }] })),
  smp(
    'volumeMount merged by mountPath',
    pod,
    c({
      name: 'a',
      volumeMounts: [
        { mountPath: '/cache', readOnly: true },
        { name: 'x', mountPath: '/x' },
      ],
    }),
  ),
  smp('args replaced', pod, c({ name: 'a', args: ['z'] })),
  smp('command removed by null', pod, c({ name: 'b', command: null })),
  smp('tolerations replaced', pod, {
    spec: { tolerations: [{ key: 'x', operator: 'Equal', value: 'y' }] },
  }),
  smp('tolerations removed by null', pod, { spec: { tolerations: null } }),
  smp('imagePullSecrets merged by name', pod, { spec: { imagePullSecrets: [{ name: 'other' }] } }),
  smp('hostAliases merged by ip', pod, {
    spec: {
      hostAliases: [
        { ip: '10.0.0.1', hostnames: ['b.local'] },
        { ip: '10.0.0.2', hostnames: ['c'] },
      ],
    },
  }),
  smp('initContainers merged', pod, {
    spec: { initContainers: [{ name: 'init', image: 'alpine' }] },
  }),
  smp('ownerReferences merged by uid', pod, {
    metadata: { ownerReferences: [{ apiVersion: 'v1', kind: 'X', name: 'x', uid: 'u2' }] },
  }),
  smp('status conditions merged by type', pod, {
    status: {
      conditions: [
        { type: 'Ready', status: 'False' },
        { type: 'Initialized', status: 'True' },
      ],
    },
  }),
  smp('podIPs merged by ip', pod, { status: { podIPs: [{ ip: '10.1.0.6' }] } }),
  smp('serviceaccount secrets merged', serviceAccount, {
    secrets: [{ name: 's2' }],
    imagePullSecrets: [{ name: 'p2' }],
  }),
  smp('namespace conditions merged, finalizers replaced', namespace, {
    spec: { finalizers: ['x'] },
    status: { conditions: [{ type: 'B', status: 'True' }] },
  }),
  smp('node addresses merged by type, taints replaced', node, {
    spec: { taints: [] },
    status: { addresses: [{ type: 'Hostname', address: 'node1' }] },
  }),
  smp('map list meets a scalar list', pod, { spec: { containers: ['a'] } }),
];
