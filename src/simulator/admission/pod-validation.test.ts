import { describe, expect, it } from 'vitest';
import { invalid } from '../apiserver/status.js';
import type { JsonObject } from './json-access.js';
import { defaultPod } from './pod-defaults.js';
import { validatePod, validatePodSpec } from './pod-validation.js';

const ctx = { serviceAccount: () => ({}), randomSuffix: () => 'x7k2p' };

/** A pod as the API server validates it: defaulted and admitted first. */
function admitted(spec: JsonObject, metadata: JsonObject = {}): JsonObject {
  return defaultPod(
    {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'web', namespace: 'default', ...metadata },
      spec,
    },
    ctx,
  );
}

function messages(spec: JsonObject, metadata: JsonObject = {}): string[] {
  return validatePod(admitted(spec, metadata)).map((e) => `${e.field}: ${e.body}`);
}

const nginx = (extra: JsonObject = {}) => ({ name: 'web', image: 'nginx', ...extra });

describe('validatePod: a valid pod', () => {
  it('has no errors after defaulting', () => {
    expect(messages({ containers: [nginx({ ports: [{ containerPort: 80 }] })] })).toEqual([]);
  });
});

describe('validatePod: the messages of pod-facts §2.3, byte for byte', () => {
  it('missing image, no containers', () => {
    expect(messages({ containers: [nginx({ image: '' })] })).toEqual([
      'spec.containers[0].image: Required value',
    ]);
    expect(messages({ containers: [] })).toEqual(['spec.containers: Required value']);
  });

  it('duplicate container names, init vs regular reported on the init container', () => {
    expect(messages({ containers: [nginx(), nginx()] })).toEqual([
      'spec.containers[1].name: Duplicate value: "web"',
    ]);
    expect(
      messages({ initContainers: [{ name: 'web', image: 'busybox' }], containers: [nginx()] }),
    ).toEqual(['spec.initContainers[0].name: Duplicate value: "web"']);
  });

  it('container name not a DNS-1123 label', () => {
    expect(messages({ containers: [nginx({ name: 'Web_1' })] })).toEqual([
      "spec.containers[0].name: Invalid value: \"Web_1\": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')",
    ]);
    expect(messages({ containers: [nginx({ name: 'web.1' })] })).toEqual([
      'spec.containers[0].name: Invalid value: "web.1": must not contain dots',
    ]);
    const long = 'a'.repeat(64);
    expect(messages({ containers: [nginx({ name: long })] })).toEqual([
      `spec.containers[0].name: Invalid value: "${long}": must be no more than 63 characters`,
    ]);
  });

  it('pod name not a DNS-1123 subdomain; missing name', () => {
    expect(messages({ containers: [nginx()] }, { name: 'My_Pod' })).toEqual([
      "metadata.name: Invalid value: \"My_Pod\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
    ]);
    expect(messages({ containers: [nginx()] }, { name: '' })).toEqual([
      'metadata.name: Required value: name or generateName is required',
    ]);
  });

  it('volume mounts: unknown volume, duplicate mountPath', () => {
    expect(
      messages({ containers: [nginx({ volumeMounts: [{ name: 'foo', mountPath: '/data' }] })] }),
    ).toEqual(['spec.containers[0].volumeMounts[0].name: Not found: "foo"']);
    expect(
      messages({
        volumes: [{ name: 'data', emptyDir: {} }],
        containers: [
          nginx({
            volumeMounts: [
              { name: 'data', mountPath: '/data' },
              { name: 'data', mountPath: '/data' },
            ],
          }),
        ],
      }),
    ).toEqual([
      'spec.containers[0].volumeMounts[1].mountPath: Invalid value: "/data": must be unique',
    ]);
  });

  it('container ports', () => {
    expect(messages({ containers: [nginx({ ports: [{ name: 'http' }] })] })).toEqual([
      'spec.containers[0].ports[0].containerPort: Required value',
    ]);
    expect(messages({ containers: [nginx({ ports: [{ containerPort: 70000 }] })] })).toEqual([
      'spec.containers[0].ports[0].containerPort: Invalid value: 70000: must be between 1 and 65535, inclusive',
    ]);
  });

  it('restartPolicy and imagePullPolicy values', () => {
    expect(messages({ restartPolicy: 'Sometimes', containers: [nginx()] })).toEqual([
      'spec.restartPolicy: Unsupported value: "Sometimes": supported values: "Always", "OnFailure", "Never"',
    ]);
    expect(messages({ containers: [nginx({ imagePullPolicy: 'Sometimes' })] })).toEqual([
      'spec.containers[0].imagePullPolicy: Unsupported value: "Sometimes": supported values: "Always", "IfNotPresent", "Never"',
    ]);
  });

  it('probes: successThreshold, no handler, two handlers', () => {
    const probe = (extra: JsonObject) => ({ exec: { command: ['true'] }, ...extra });
    expect(
      messages({ containers: [nginx({ livenessProbe: probe({ successThreshold: 2 }) })] }),
    ).toEqual(['spec.containers[0].livenessProbe.successThreshold: Invalid value: 2: must be 1']);
    expect(
      messages({ containers: [nginx({ startupProbe: probe({ successThreshold: 2 }) })] }),
    ).toEqual(['spec.containers[0].startupProbe.successThreshold: Invalid value: 2: must be 1']);
    expect(
      messages({ containers: [nginx({ readinessProbe: probe({ successThreshold: 2 }) })] }),
    ).toEqual([]);
    expect(messages({ containers: [nginx({ livenessProbe: { periodSeconds: 5 } })] })).toEqual([
      'spec.containers[0].livenessProbe: Required value: must specify a handler type',
    ]);
    expect(
      messages({ containers: [nginx({ livenessProbe: probe({ tcpSocket: { port: 80 } }) })] }),
    ).toEqual([
      'spec.containers[0].livenessProbe.tcpSocket: Forbidden: may not specify more than 1 handler type',
    ]);
  });

  it('probes and hooks on plain init containers; restartPolicy on containers', () => {
    const init = { name: 'init', image: 'busybox', livenessProbe: { exec: { command: ['true'] } } };
    expect(messages({ initContainers: [init], containers: [nginx()] })).toEqual([
      'spec.initContainers[0].livenessProbe: Forbidden: may not be set for init containers without restartPolicy=Always',
    ]);
    expect(
      messages({ initContainers: [{ ...init, restartPolicy: 'Always' }], containers: [nginx()] }),
    ).toEqual([]);
    expect(
      messages({ initContainers: [{ ...init, restartPolicy: 'Never' }], containers: [nginx()] }),
    ).toEqual([
      'spec.initContainers[0].restartPolicy: Unsupported value: "Never": supported values: "Always"',
      'spec.initContainers[0].livenessProbe: Forbidden: may not be set for init containers without restartPolicy=Always',
    ]);
    expect(messages({ containers: [nginx({ restartPolicy: 'Always' })] })).toEqual([
      'spec.containers[0].restartPolicy: Forbidden: may not be set for non-init containers',
    ]);
  });

  it('environment variables (RelaxedEnvironmentVariableValidation is on in 1.32)', () => {
    expect(
      messages({ containers: [nginx({ env: [{ name: '1-MY VAR' }, { name: 'A=B' }] })] }),
    ).toEqual([
      'spec.containers[0].env[1].name: Invalid value: "A=B": a valid environment variable name must consist only of printable ASCII characters other than \'=\'',
    ]);
  });

  it('env valueFrom: no source, value and source together', () => {
    expect(messages({ containers: [nginx({ env: [{ name: 'A', valueFrom: {} }] })] })).toEqual([
      'spec.containers[0].env[0].valueFrom: Invalid value: "": must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`',
    ]);
    const both = {
      name: 'A',
      value: 'x',
      valueFrom: { secretKeyRef: { name: 'db', key: 'password' } },
    };
    expect(messages({ containers: [nginx({ env: [both] })] })).toEqual([
      'spec.containers[0].env[0].valueFrom: Invalid value: "": may not be specified when `value` is not empty',
    ]);
  });

  it('env fieldRef paths: convertible but unsupported, not convertible, subscripted', () => {
    const ref = (fieldPath: string) => ({ name: 'A', valueFrom: { fieldRef: { fieldPath } } });
    expect(messages({ containers: [nginx({ env: [ref('status.phase')] })] })).toEqual([
      'spec.containers[0].env[0].valueFrom.fieldRef.fieldPath: Unsupported value: "status.phase": supported values: "metadata.name", "metadata.namespace", "metadata.uid", "spec.nodeName", "spec.serviceAccountName", "status.hostIP", "status.hostIPs", "status.podIP", "status.podIPs"',
    ]);
    // The API server converts the label first; an unknown one fails there (pod-facts uses `spec.foo`
    // as an Unsupported example, but a 1.32 server says this).
    expect(messages({ containers: [nginx({ env: [ref('spec.foo')] })] })).toEqual([
      'spec.containers[0].env[0].valueFrom.fieldRef.fieldPath: Invalid value: "spec.foo": error converting fieldPath: field label not supported: spec.foo',
    ]);
    expect(messages({ containers: [nginx({ env: [ref("metadata.labels['app']")] })] })).toEqual([]);
  });

  it('resourceFieldRef divisors', () => {
    const ref = (resource: string, divisor: string) => ({
      name: 'A',
      valueFrom: { resourceFieldRef: { resource, divisor } },
    });
    expect(
      messages({
        containers: [nginx({ env: [ref('limits.cpu', '1m'), ref('limits.memory', '1Mi')] })],
      }),
    ).toEqual([]);
    expect(messages({ containers: [nginx({ env: [ref('limits.cpu', '2')] })] })).toEqual([
      'spec.containers[0].env[0].valueFrom.resourceFieldRef.divisor: Invalid value: "limits.cpu": only divisor\'s values 1m and 1 are supported with the cpu resource',
    ]);
    expect(messages({ containers: [nginx({ env: [ref('limits.memory', '3')] })] })).toEqual([
      'spec.containers[0].env[0].valueFrom.resourceFieldRef.divisor: Invalid value: "limits.memory": only divisor\'s values 1, 1k, 1M, 1G, 1T, 1P, 1E, 1Ki, 1Mi, 1Gi, 1Ti, 1Pi, 1Ei are supported with the memory resource',
    ]);
  });

  it('ephemeral containers cannot be set on create', () => {
    expect(
      messages({
        containers: [nginx()],
        ephemeralContainers: [{ name: 'debug', image: 'busybox' }],
      }),
    ).toEqual(['spec.ephemeralContainers: Forbidden: cannot be set on create']);
  });

  it('hostNetwork: hostPort must match containerPort', () => {
    expect(
      messages({
        hostNetwork: true,
        containers: [nginx({ ports: [{ containerPort: 80, hostPort: 8080 }] })],
      }),
    ).toEqual([
      'spec.containers[0].ports[0].hostPort: Invalid value: 8080: must match `containerPort` when `hostNetwork` is true',
    ]);
  });
});

describe('validatePod: more of what learners get wrong', () => {
  it('requests above limits, with canonical quantities', () => {
    expect(
      messages({
        containers: [nginx({ resources: { limits: { cpu: '500m' }, requests: { cpu: '0.6' } } })],
      }),
    ).toEqual([
      'spec.containers[0].resources.requests: Invalid value: "600m": must be less than or equal to cpu limit of 500m',
    ]);
    expect(messages({ containers: [nginx({ resources: { limits: { cpuu: '1' } } })] })).toEqual([
      'spec.containers[0].resources.limits[cpuu]: Invalid value: "cpuu": must be a standard resource type or fully qualified',
      'spec.containers[0].resources.requests[cpuu]: Invalid value: "cpuu": must be a standard resource type or fully qualified',
    ]);
  });

  it('volumes: missing source, two sources, bad name, broken volume also not found for mounts', () => {
    expect(
      messages({
        volumes: [
          { name: 'a', emptyDir: {}, hostPath: { path: '/x' } },
          { name: 'B_ad', emptyDir: {} },
        ],
        containers: [nginx({ volumeMounts: [{ name: 'a', mountPath: '/a' }] })],
      }),
    ).toEqual([
      'spec.volumes[0].hostPath: Forbidden: may not specify more than 1 volume type',
      "spec.volumes[1].name: Invalid value: \"B_ad\": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')",
      'spec.containers[0].volumeMounts[0].name: Not found: "a"',
    ]);
    expect(messages({ volumes: [{ name: 'c', configMap: {} }], containers: [nginx()] })).toEqual([
      'spec.volumes[0].configMap.name: Required value',
    ]);
    expect(
      messages({
        volumes: [{ name: 'h', hostPath: { path: '/x', type: 'Dir' } }],
        containers: [nginx()],
      }),
    ).toEqual([
      'spec.volumes[0].hostPath.type: Unsupported value: "Dir": supported values: "", "BlockDevice", "CharDevice", "Directory", "DirectoryOrCreate", "File", "FileOrCreate", "Socket"',
    ]);
  });

  it('secret items and modes', () => {
    const volume = {
      name: 's',
      secret: { secretName: 'db', defaultMode: 1000, items: [{ key: 'a', path: '/abs' }] },
    };
    expect(messages({ volumes: [volume], containers: [nginx()] })).toEqual([
      'spec.volumes[0].secret.defaultMode: Invalid value: 1000: must be a number between 0 and 0777 (octal), both inclusive',
      'spec.volumes[0].secret.items[0].path: Invalid value: "/abs": must be a relative path',
    ]);
  });

  it('tolerations and node selector', () => {
    expect(
      messages({
        tolerations: [{ key: 'k', operator: 'Exists', value: 'v' }],
        nodeSelector: { disk: 'ss d' },
        containers: [nginx()],
      }),
    ).toEqual([
      "spec.nodeSelector: Invalid value: \"ss d\": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')",
      'spec.tolerations[0].operator: Invalid value: "v": value must be empty when `operator` is \'Exists\'',
    ]);
  });

  it('shareProcessNamespace with hostPID is reported under the security context', () => {
    expect(messages({ shareProcessNamespace: true, hostPID: true, containers: [nginx()] })).toEqual(
      [
        'spec.securityContext.shareProcessNamespace: Invalid value: true: ShareProcessNamespace and HostPID cannot both be enabled',
      ],
    );
  });

  it('activeDeadlineSeconds range', () => {
    expect(messages({ activeDeadlineSeconds: 0, containers: [nginx()] })).toEqual([
      'spec.activeDeadlineSeconds: Invalid value: 0: must be between 1 and 2147483647, inclusive',
    ]);
  });

  it('metadata first, then the spec in Go order (volumes, containers, init containers, restartPolicy, dnsPolicy)', () => {
    const fields = validatePod(
      admitted(
        {
          dnsPolicy: 'Sometimes',
          restartPolicy: 'Sometimes',
          initContainers: [{ name: 'init', image: '' }],
          containers: [nginx({ image: '' })],
          volumes: [{ name: 'v', configMap: {} }],
        },
        { name: 'Bad', labels: { a: 'b c' } },
      ),
    ).map((e) => e.field);
    expect(fields).toEqual([
      'metadata.name',
      'metadata.labels',
      'spec.volumes[0].configMap.name',
      'spec.containers[0].image',
      'spec.initContainers[0].image',
      'spec.restartPolicy',
      'spec.dnsPolicy',
    ]);
  });
});

describe('what kubectl shows (through invalid())', () => {
  it('one cause and several causes', () => {
    const one = invalid(
      'Pod',
      '',
      'bad1',
      validatePod(
        admitted(
          { containers: [nginx({ volumeMounts: [{ name: 'foo', mountPath: '/x' }] })] },
          { name: 'bad1' },
        ),
      ),
    );
    expect(one.status.message).toBe(
      'Pod "bad1" is invalid: spec.containers[0].volumeMounts[0].name: Not found: "foo"',
    );
    expect(one.status.details?.causes).toEqual([
      {
        reason: 'FieldValueNotFound',
        message: 'Not found: "foo"',
        field: 'spec.containers[0].volumeMounts[0].name',
      },
    ]);
    const two = invalid(
      'Pod',
      '',
      'bad2',
      validatePod(admitted({ containers: [nginx({ image: '' }), nginx()] }, { name: 'bad2' })),
    );
    expect(two.status.message).toBe(
      'Pod "bad2" is invalid: [spec.containers[0].image: Required value, spec.containers[1].name: Duplicate value: "web"]',
    );
  });
});

describe('validatePodSpec for templates', () => {
  it('allows an unset hostPort with hostNetwork and uses the given path', () => {
    const spec = {
      hostNetwork: true,
      restartPolicy: 'Always',
      dnsPolicy: 'ClusterFirst',
      terminationGracePeriodSeconds: 30,
      containers: [
        {
          name: 'a',
          image: 'nginx',
          imagePullPolicy: 'Always',
          terminationMessagePolicy: 'File',
          ports: [{ containerPort: 80, protocol: 'TCP' }],
        },
      ],
    };
    expect(validatePodSpec(spec, 'spec.template.spec', { resourceIsPod: false })).toEqual([]);
    expect(
      validatePodSpec({ ...spec, containers: [] }, 'spec.template.spec', { resourceIsPod: false }),
    ).toEqual([
      {
        field: 'spec.template.spec.containers',
        reason: 'FieldValueRequired',
        body: 'Required value',
      },
    ]);
  });
});
