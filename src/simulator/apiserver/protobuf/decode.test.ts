import { describe, expect, it } from 'vitest';
import { decodeKubeProtobuf } from './decode.js';
import { entry, kubeBody, msg, packed, raw, str, varint } from './wire-builder.test-support.js';

const intOrString = (n: number, value: number | string) =>
  typeof value === 'number'
    ? msg(n, varint(1, 0), varint(2, value), str(3, ''))
    : msg(n, varint(1, 1), varint(2, 0), str(3, value));
const quantity = (n: number, key: string, value: string) =>
  msg(n, str(1, key), msg(2, str(1, value)));

describe('decodeKubeProtobuf', () => {
  it('writes what Go writes: zero Time as null, omitempty scalars left out, pointers kept', () => {
    const body = kubeBody('v1', 'ConfigMap', [
      // gogo writes every non-pointer field, zero or not.
      msg(1, str(1, 'cm'), str(2, ''), varint(7, 0), raw(8, new Uint8Array(0))),
      varint(4, 0), // immutable: *bool false
      entry(2, 'b', 'two'),
      entry(2, 'a', 'one'),
      entry(3, 'blob', Buffer.from([0, 255])),
    ]);
    const object = decodeKubeProtobuf(body);
    expect(object).toEqual({
      kind: 'ConfigMap',
      apiVersion: 'v1',
      metadata: { name: 'cm', creationTimestamp: null },
      immutable: false,
      data: { a: 'one', b: 'two' },
      binaryData: { blob: 'AP8=' },
    });
    // Go sorts map keys.
    expect(Object.keys(object.data as object)).toEqual(['a', 'b']);
  });

  it('decodes ObjectMeta in full: times, owner references, managed fields', () => {
    const body = kubeBody('v1', 'Secret', [
      msg(
        1,
        str(1, 'creds'),
        str(3, 'team-a'),
        str(5, 'uid-1'),
        str(6, '42'),
        varint(7, 3),
        msg(8, varint(1, 1_700_000_000), varint(2, 123)),
        msg(9, varint(1, 1_700_000_060)),
        varint(10, 0),
        entry(11, 'app', 'web'),
        entry(12, 'note', 'x'),
        msg(
          13,
          str(1, 'Deployment'),
          str(3, 'web'),
          str(4, 'uid-0'),
          str(5, 'apps/v1'),
          varint(6, 1),
        ),
        str(14, 'example.com/block'),
        msg(
          17,
          str(1, 'kubectl'),
          str(2, 'Update'),
          str(3, 'v1'),
          msg(4, varint(1, 0)),
          str(6, 'FieldsV1'),
          msg(7, raw(1, Buffer.from('{"f:data":{".":{}}}'))),
        ),
      ),
      entry(2, 'password', Buffer.from('hunter2')),
      str(3, 'Opaque'),
    ]);
    expect(decodeKubeProtobuf(body)).toEqual({
      kind: 'Secret',
      apiVersion: 'v1',
      metadata: {
        name: 'creds',
        namespace: 'team-a',
        uid: 'uid-1',
        resourceVersion: '42',
        generation: 3,
        creationTimestamp: '2023-11-14T22:13:20Z',
        deletionTimestamp: '2023-11-14T22:14:20Z',
        deletionGracePeriodSeconds: 0,
        labels: { app: 'web' },
        annotations: { note: 'x' },
        ownerReferences: [
          {
            apiVersion: 'apps/v1',
            kind: 'Deployment',
            name: 'web',
            uid: 'uid-0',
            controller: true,
          },
        ],
        finalizers: ['example.com/block'],
        managedFields: [
          {
            manager: 'kubectl',
            operation: 'Update',
            apiVersion: 'v1',
            time: '1970-01-01T00:00:00Z',
            fieldsType: 'FieldsV1',
            fieldsV1: { 'f:data': { '.': {} } },
          },
        ],
      },
      data: { password: Buffer.from('hunter2').toString('base64') },
      type: 'Opaque',
    });
  });

  it('decodes a full pod template: volumes, env sources, probes, resources, security', () => {
    const container = msg(
      2,
      str(1, 'web'),
      str(2, 'nginx:1.27'),
      str(3, 'nginx'),
      str(4, '-g'),
      str(4, 'daemon off;'),
      msg(6, str(1, 'http'), varint(2, 0), varint(3, 80), str(4, 'TCP'), str(5, '')),
      msg(
        7,
        str(1, 'PASSWORD'),
        str(2, ''),
        msg(3, msg(4, msg(1, str(1, 'db')), str(2, 'password'))),
      ),
      msg(8, quantity(1, 'cpu', '500m'), quantity(2, 'memory', '64Mi')),
      msg(9, str(1, 'cfg'), varint(2, 1), str(3, '/etc/app')),
      msg(10, msg(1, msg(2, str(1, '/healthz'), intOrString(2, 'http'))), varint(2, 5)),
      msg(11, msg(1, msg(3, intOrString(1, 8080)))),
      str(13, '/dev/termination-log'),
      str(20, 'File'),
      str(14, 'IfNotPresent'),
      msg(15, varint(4, 0), varint(6, 1), msg(1, str(1, 'NET_ADMIN'))),
      varint(16, 0),
    );
    const podSpec = msg(
      2,
      msg(1, str(1, 'cfg'), msg(2, msg(19, msg(1, str(1, 'app-config')), varint(3, 420)))),
      msg(1, str(1, 'scratch'), msg(2, msg(2, str(1, 'Memory'), msg(2, str(1, '1Gi'))))),
      container,
      str(3, 'Always'),
      varint(4, 30),
      entry(7, 'disk', 'ssd'),
      msg(14, packed(4, [1000, 2000]), varint(2, 1000)),
      msg(22, str(1, 'dedicated'), str(2, 'Equal'), str(3, 'web'), str(4, 'NoSchedule')),
    );
    const body = kubeBody('apps/v1', 'Deployment', [
      msg(1, str(1, 'web')),
      msg(
        2,
        varint(1, 3),
        msg(
          2,
          entry(1, 'app', 'web'),
          msg(2, str(1, 'tier'), str(2, 'In'), str(3, 'fe'), str(3, 'be')),
        ),
        msg(3, msg(1, entry(11, 'app', 'web')), podSpec),
        msg(4, str(1, 'RollingUpdate'), msg(2, intOrString(1, 0), intOrString(2, '25%'))),
        varint(5, 0),
      ),
      msg(
        3,
        msg(
          6,
          str(1, 'Available'),
          str(2, 'True'),
          raw(6, new Uint8Array(0)),
          msg(7, varint(1, 0)),
        ),
      ),
    ]);
    expect(decodeKubeProtobuf(body)).toEqual({
      kind: 'Deployment',
      apiVersion: 'apps/v1',
      metadata: { name: 'web', creationTimestamp: null },
      spec: {
        replicas: 3,
        selector: {
          matchLabels: { app: 'web' },
          matchExpressions: [{ key: 'tier', operator: 'In', values: ['fe', 'be'] }],
        },
        template: {
          metadata: { creationTimestamp: null, labels: { app: 'web' } },
          spec: {
            volumes: [
              { name: 'cfg', configMap: { name: 'app-config', defaultMode: 420 } },
              { name: 'scratch', emptyDir: { medium: 'Memory', sizeLimit: '1Gi' } },
            ],
            containers: [
              {
                name: 'web',
                image: 'nginx:1.27',
                command: ['nginx'],
                args: ['-g', 'daemon off;'],
                ports: [{ name: 'http', containerPort: 80, protocol: 'TCP' }],
                env: [
                  {
                    name: 'PASSWORD',
                    valueFrom: { secretKeyRef: { name: 'db', key: 'password' } },
                  },
                ],
                resources: { limits: { cpu: '500m' }, requests: { memory: '64Mi' } },
                volumeMounts: [{ name: 'cfg', readOnly: true, mountPath: '/etc/app' }],
                livenessProbe: {
                  httpGet: { path: '/healthz', port: 'http' },
                  initialDelaySeconds: 5,
                },
                readinessProbe: { tcpSocket: { port: 8080 } },
                terminationMessagePath: '/dev/termination-log',
                terminationMessagePolicy: 'File',
                imagePullPolicy: 'IfNotPresent',
                securityContext: {
                  capabilities: { add: ['NET_ADMIN'] },
                  runAsUser: 0,
                  readOnlyRootFilesystem: true,
                },
              },
            ],
            restartPolicy: 'Always',
            terminationGracePeriodSeconds: 30,
            nodeSelector: { disk: 'ssd' },
            securityContext: { runAsUser: 1000, supplementalGroups: [1000, 2000] },
            tolerations: [
              { key: 'dedicated', operator: 'Equal', value: 'web', effect: 'NoSchedule' },
            ],
          },
        },
        strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0, maxSurge: '25%' } },
      },
      status: {
        conditions: [
          {
            type: 'Available',
            status: 'True',
            lastUpdateTime: null,
            lastTransitionTime: '1970-01-01T00:00:00Z',
          },
        ],
      },
    });
  });

  it('writes null for absent fields Go has no omitempty on', () => {
    // ClusterRole.rules is `json:"rules"`; RoleRef's strings are required too.
    expect(decodeKubeProtobuf(kubeBody('rbac.authorization.k8s.io/v1', 'ClusterRole', []))).toEqual(
      {
        kind: 'ClusterRole',
        apiVersion: 'rbac.authorization.k8s.io/v1',
        metadata: { creationTimestamp: null },
        rules: null,
      },
    );
    expect(decodeKubeProtobuf(kubeBody('rbac.authorization.k8s.io/v1', 'RoleBinding', []))).toEqual(
      {
        kind: 'RoleBinding',
        apiVersion: 'rbac.authorization.k8s.io/v1',
        metadata: { creationTimestamp: null },
        roleRef: { apiGroup: '', kind: '', name: '' },
      },
    );
  });

  it('keeps a map key such as __proto__ as a plain key', () => {
    const object = decodeKubeProtobuf(
      kubeBody('v1', 'ConfigMap', [msg(1, str(1, 'cm')), entry(2, '__proto__', 'x')]),
    );
    const data = object.data as Record<string, unknown>;
    expect(Object.getPrototypeOf(data)).toBe(Object.prototype);
    expect(Object.keys(data)).toEqual(['__proto__']);
    expect(JSON.stringify(data)).toBe('{"__proto__":"x"}');
  });

  it('merges repeated occurrences of a message field, as proto2 does', () => {
    const object = decodeKubeProtobuf(
      kubeBody('v1', 'Namespace', [msg(1, str(1, 'a')), msg(1, entry(11, 'k', 'v'))]),
    );
    expect(object.metadata).toEqual({ name: 'a', creationTimestamp: null, labels: { k: 'v' } });
  });
});
