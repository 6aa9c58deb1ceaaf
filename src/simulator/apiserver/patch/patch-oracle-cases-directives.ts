/** Oracle cases: `$setElementOrder` and `$retainKeys`, including bodies `kubectl apply` sends. */

import { c, deployment, type OracleCase, order, pod, smp } from './patch-oracle-fixtures.js';

export const DIRECTIVE_CASES: readonly OracleCase[] = [
  // --- $setElementOrder ------------------------------------------------------------------
  smp('setElementOrder puts a new container last', pod, {
    spec: {
      '$setElementOrder/containers': order('a', 'b', 'c'),
      containers: [{ name: 'c', image: 'z' }],
    },
  }),
  smp('setElementOrder alone reorders', pod, {
    spec: { '$setElementOrder/containers': order('b', 'a') },
  }),
  smp('setElementOrder ignores unknown names', pod, {
    spec: { '$setElementOrder/containers': order('x', 'b', 'y', 'a') },
  }),
  smp('setElementOrder with merge and delete', pod, {
    spec: {
      '$setElementOrder/containers': order('b'),
      containers: [
        { name: 'b', image: 'n' },
        { name: 'a', $patch: 'delete' },
      ],
    },
  }),
  smp('setElementOrder partial list', pod, {
    spec: { '$setElementOrder/containers': order('c', 'a'), containers: [{ name: 'c' }] },
  }),
  smp('setElementOrder mismatching the patch', pod, {
    spec: {
      '$setElementOrder/containers': order('b', 'a'),
      containers: [{ name: 'a', image: 'q' }, { name: 'b' }],
    },
  }),
  smp('setElementOrder without merge key', pod, {
    spec: { '$setElementOrder/containers': [{ name: 'b' }, { image: 'a' }] },
  }),
  smp('setElementOrder of scalars', pod, { spec: { '$setElementOrder/containers': ['a'] } }),
  smp('setElementOrder not a list', pod, { spec: { '$setElementOrder/containers': { a: 1 } } }),
  smp('setElementOrder malformed prefix', pod, { spec: { '$setElementOrderX/containers': [] } }),
  smp('setElementOrder for a list the object lacks', pod, {
    spec: {
      '$setElementOrder/ephemeralContainers': order('e'),
      ephemeralContainers: [
        { name: 'e', image: 'x', $patch: 'x' },
        { name: 'e2', env: [{ name: 'Z', $patch: 'delete' }] },
      ],
    },
  }),
  smp('setElementOrder on finalizers', pod, {
    metadata: { '$setElementOrder/finalizers': ['f2', 'z', 'f1'], finalizers: ['z'] },
  }),
  smp(
    'setElementOrder on env',
    pod,
    c({
      name: 'a',
      '$setElementOrder/env': order('B', 'C', 'A'),
      env: [{ name: 'C', value: 'c' }],
    }),
  ),
  smp('setElementOrder with nothing to order', pod, {
    spec: { '$setElementOrder/ephemeralContainers': order('x') },
  }),
  smp(
    'setElementOrder on an empty list',
    { ...pod, metadata: { ...pod.metadata, finalizers: [] } },
    { metadata: { '$setElementOrder/finalizers': [] } },
  ),
  smp(
    'setElementOrder on a replace list',
    pod,
    c({ name: 'a', '$setElementOrder/args': ['z', 'p'], args: ['z'] }),
  ),
  // --- $retainKeys -----------------------------------------------------------------------
  smp('retainKeys swaps the volume source', pod, {
    spec: {
      volumes: [{ name: 'data', $retainKeys: ['name', 'configMap'], configMap: { name: 'cm' } }],
    },
  }),
  smp('retainKeys with a null key', pod, {
    spec: {
      volumes: [
        {
          name: 'cache',
          $retainKeys: ['name', 'secret'],
          secret: { secretName: 's' },
          hostPath: null,
        },
      ],
    },
  }),
  smp('retainKeys missing a patched key', pod, {
    spec: { volumes: [{ name: 'data', $retainKeys: ['name'], configMap: { name: 'cm' } }] },
  }),
  smp('retainKeys not a list', pod, { spec: { $retainKeys: 'a' } }),
  smp('retainKeys honoured on an untagged map', pod, {
    metadata: { labels: { $retainKeys: ['app', 'new'], new: 'n' } },
  }),
  smp('deployment strategy to Recreate', deployment, {
    spec: { strategy: { $retainKeys: ['type'], rollingUpdate: null, type: 'Recreate' } },
  }),
  smp('kubectl apply: image change and env rename', deployment, {
    metadata: { annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{}\n' } },
    spec: {
      template: {
        spec: {
          '$setElementOrder/containers': order('nginx', 'side'),
          containers: [
            {
              '$setElementOrder/env': order('B'),
              env: [
                { name: 'B', value: '2' },
                { $patch: 'delete', name: 'A' },
              ],
              image: 'nginx:1.26',
              name: 'nginx',
            },
          ],
        },
      },
    },
  }),
  smp('kubectl apply: volume swap, dropped list, atomic list', deployment, {
    spec: {
      template: {
        spec: {
          '$setElementOrder/volumes': order('v'),
          volumes: [
            {
              $retainKeys: ['configMap', 'name'],
              configMap: { name: 'cm' },
              emptyDir: null,
              name: 'v',
            },
          ],
          tolerations: null,
          containers: [{ args: ['a'], name: 'side' }],
        },
      },
    },
  }),
  smp('kubectl rollout restart', deployment, {
    spec: {
      template: {
        metadata: { annotations: { 'kubectl.kubernetes.io/restartedAt': '2025-01-01T00:00:00Z' } },
      },
    },
  }),
  smp('deployment replicas and selector', deployment, {
    spec: { replicas: 5, selector: { matchLabels: { app: null, x: 'y' } } },
  }),
];
