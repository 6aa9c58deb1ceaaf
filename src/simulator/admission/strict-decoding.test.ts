import { describe, expect, it } from 'vitest';
import { ApiError } from '../apiserver/status.js';
import {
  decodeError,
  decodeObject,
  pruneUnknownFields,
  strictDecode,
  strictDecodingMessage,
} from './strict-decoding.js';

function pod(spec: Record<string, unknown>, metadata: Record<string, unknown> = { name: 'web' }) {
  return { apiVersion: 'v1', kind: 'Pod', metadata, spec };
}

function thrown(fn: () => unknown): ApiError {
  try {
    fn();
  } catch (error) {
    if (error instanceof ApiError) return error;
    throw error;
  }
  throw new Error('expected an ApiError');
}

describe('strictDecode: unknown fields', () => {
  it('renders paths with list indices and nested objects', () => {
    const body = pod({
      contaners: [],
      containers: [
        { name: 'a', image: 'nginx', imagee: 'x', ports: [{ containerPort: 80, hostPortt: 1 }] },
      ],
      volumes: [{ name: 'v', emptyDir: { medum: 'Memory' } }],
    });
    expect(strictDecode('Pod', body).unknown).toEqual([
      'spec.contaners',
      'spec.containers[0].imagee',
      'spec.containers[0].ports[0].hostPortt',
      'spec.volumes[0].emptyDir.medum',
    ]);
  });

  it('reports unknown top-level and metadata fields', () => {
    const body = { ...pod({ containers: [] }, { name: 'web', labelz: { a: 'b' } }), specc: {} };
    expect(strictDecode('Pod', body).unknown).toEqual(['metadata.labelz', 'specc']);
  });

  it('is case-sensitive, like sigs.k8s.io/json', () => {
    expect(strictDecode('Pod', { apiVersion: 'v1', kind: 'Pod', Metadata: {} }).unknown).toEqual([
      'Metadata',
    ]);
  });

  it('accepts anything inside maps of strings and free-form fields', () => {
    const body = pod(
      { containers: [], nodeSelector: { anything: 'goes' } },
      { name: 'w', annotations: { x: 'y' } },
    );
    expect(strictDecode('Pod', body)).toEqual({ unknown: [], typeErrors: [], fatal: undefined });
  });

  it('resolves kinds of other groups through the body apiVersion', () => {
    const deployment = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'd' },
      spec: { replica: 2 },
    };
    expect(strictDecode('Deployment', deployment).unknown).toEqual(['spec.replica']);
    expect(strictDecode('V1Deployment', deployment).unknown).toEqual(['spec.replica']);
  });

  it('builds the strict decoding message', () => {
    expect(strictDecodingMessage(['spec.contaners'])).toBe(
      'strict decoding error: unknown field "spec.contaners"',
    );
    expect(strictDecodingMessage(['a', 'b'])).toBe(
      'strict decoding error: unknown field "a", unknown field "b"',
    );
  });
});

describe('strictDecode: type errors with Go encoding/json messages', () => {
  const first = (body: unknown, kind = 'Pod') => strictDecode(kind, body).typeErrors[0];

  it('a number where a map expects strings', () => {
    expect(first(pod({ containers: [] }, { name: 'w', labels: { version: 1.5 } }))).toBe(
      'json: cannot unmarshal number into Go struct field ObjectMeta.metadata.labels of type string',
    );
  });

  it('a number where a string is expected (env value)', () => {
    expect(first(pod({ containers: [{ name: 'a', env: [{ name: 'PORT', value: 8080 }] }] }))).toBe(
      'json: cannot unmarshal number into Go struct field EnvVar.spec.containers.env.value of type string',
    );
  });

  it('a string where a list is expected (command)', () => {
    expect(first(pod({ containers: [{ name: 'a', command: 'sleep 3600' }] }))).toBe(
      'json: cannot unmarshal string into Go struct field Container.spec.containers.command of type []string',
    );
  });

  it('an object where a list is expected (containers)', () => {
    expect(first(pod({ containers: { name: 'a' } }))).toBe(
      'json: cannot unmarshal object into Go struct field PodSpec.spec.containers of type []v1.Container',
    );
  });

  it('a string where an int32 is expected, and a non-integer number', () => {
    expect(first(pod({ containers: [{ name: 'a', ports: [{ containerPort: '80' }] }] }))).toBe(
      'json: cannot unmarshal string into Go struct field ContainerPort.spec.containers.ports.containerPort of type int32',
    );
    expect(first(pod({ containers: [{ name: 'a', ports: [{ containerPort: 80.5 }] }] }))).toBe(
      'json: cannot unmarshal number 80.5 into Go struct field ContainerPort.spec.containers.ports.containerPort of type int32',
    );
  });

  it('names Go named types and structs', () => {
    expect(first(pod({ containers: [], restartPolicy: 1 }))).toBe(
      'json: cannot unmarshal number into Go struct field PodSpec.spec.restartPolicy of type v1.RestartPolicy',
    );
    expect(first(pod('oops' as never))).toBe(
      'json: cannot unmarshal string into Go struct field Pod.spec of type v1.PodSpec',
    );
    expect(first(pod({ containers: ['nginx'] }))).toBe(
      'json: cannot unmarshal string into Go struct field PodSpec.spec.containers of type v1.Container',
    );
  });

  it('keeps going after a mismatch and reports the first one', () => {
    const result = strictDecode(
      'Pod',
      pod({ containers: [{ name: 1, image: 2 }], restartPolicyy: 'x' }),
    );
    expect(result.typeErrors).toHaveLength(2);
    expect(result.typeErrors[0]).toContain('Container.spec.containers.name of type string');
    expect(result.unknown).toEqual(['spec.restartPolicyy']);
  });

  it('reports quantity errors from resource.ParseQuantity, which stop decoding', () => {
    const result = strictDecode(
      'Pod',
      pod({ containers: [{ name: 'a', resources: { limits: { memory: '64 Mi' } } }] }),
    );
    expect(result.fatal).toBe(
      "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'",
    );
    expect(result.typeErrors[0]).toBe(result.fatal);
    expect(
      strictDecode(
        'Pod',
        pod({ containers: [{ name: 'a', resources: { limits: { memory: '1mi' } } }] }),
      ).typeErrors[0],
    ).toBe("unable to parse quantity's suffix");
  });

  it('accepts numbers as quantities and int-or-string ports', () => {
    const body = pod({
      containers: [
        {
          name: 'a',
          resources: { limits: { cpu: 1, memory: '128Mi' } },
          livenessProbe: { httpGet: { port: 'http' }, tcpSocket: { port: 8080 } },
        },
      ],
    });
    expect(strictDecode('Pod', body).typeErrors).toEqual([]);
  });

  it('reports int-or-string errors without struct context', () => {
    const body = pod({ containers: [{ name: 'a', livenessProbe: { httpGet: { port: true } } }] });
    expect(strictDecode('Pod', body).typeErrors[0]).toBe(
      'json: cannot unmarshal bool into Go value of type int32',
    );
  });

  it('reports bad base64 in secret data like Go', () => {
    const secret = {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 's' },
      data: { ok: 'czNjcjN0IQo=', bad: 'abc' },
    };
    expect(strictDecode('Secret', secret).typeErrors).toEqual([
      'illegal base64 data at input byte 0',
    ]);
    const padded = { ...secret, data: { bad: 'YWJj=' } };
    expect(strictDecode('Secret', padded).typeErrors).toEqual([
      'illegal base64 data at input byte 4',
    ]);
    const garbage = { ...secret, data: { bad: 'YW!j' } };
    expect(strictDecode('Secret', garbage).typeErrors).toEqual([
      'illegal base64 data at input byte 2',
    ]);
  });

  it('reports timestamps that are not strings', () => {
    expect(first(pod({ containers: [] }, { name: 'w', creationTimestamp: 5 }))).toBe(
      'json: cannot unmarshal number into Go value of type string',
    );
  });
});

describe('decodeObject and decodeError: the API server answers', () => {
  it('builds the 400 message exactly', () => {
    const error = decodeError('Pod', 'v1', 'strict decoding error: unknown field "spec.contaners"');
    expect(error.status).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message:
        'Pod in version "v1" cannot be handled as a Pod: strict decoding error: unknown field "spec.contaners"',
      reason: 'BadRequest',
      code: 400,
    });
  });

  it('Strict refuses unknown fields', () => {
    const error = thrown(() =>
      decodeObject('Pod', pod({ contaners: [], containers: [] }), 'Strict'),
    );
    expect(error.status.message).toBe(
      'Pod in version "v1" cannot be handled as a Pod: strict decoding error: unknown field "spec.contaners"',
    );
  });

  it('type errors fail whatever fieldValidation says, and win over unknown fields', () => {
    const body = pod({ contaners: [], containers: [] }, { name: 'w', labels: { a: 1 } });
    for (const mode of ['Strict', 'Warn', 'Ignore'] as const) {
      expect(thrown(() => decodeObject('Pod', body, mode)).status.message).toBe(
        'Pod in version "v1" cannot be handled as a Pod: json: cannot unmarshal number into Go struct field ObjectMeta.metadata.labels of type string',
      );
    }
  });

  it('Warn drops unknown fields and returns the warnings; Ignore drops them silently', () => {
    const body = pod({ contaners: [], containers: [{ name: 'a', image: 'nginx' }] });
    const warned = decodeObject('Pod', body, 'Warn');
    expect(warned.warnings).toEqual(['unknown field "spec.contaners"']);
    expect(warned.object.spec).toEqual({ containers: [{ name: 'a', image: 'nginx' }] });
    const ignored = decodeObject('Pod', body, 'Ignore');
    expect(ignored.warnings).toEqual([]);
    expect(ignored.object.spec).toEqual({ containers: [{ name: 'a', image: 'nginx' }] });
  });

  it('names the kind and version of other groups', () => {
    const body = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'd' },
      spec: { replicas: 'two' },
    };
    expect(thrown(() => decodeObject('Deployment', body)).status.message).toBe(
      'Deployment in version "v1" cannot be handled as a Deployment: json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32',
    );
  });

  it('leaves the object as a typed decode would: no nulls, canonical quantities', () => {
    const body = pod({
      nodeName: null,
      containers: [
        {
          name: 'a',
          image: 'nginx',
          resources: { limits: { cpu: '0.5', memory: '1024Mi' }, requests: { cpu: 1 } },
        },
      ],
    });
    const { object } = decodeObject('Pod', body);
    expect(object.spec).toEqual({
      containers: [
        {
          name: 'a',
          image: 'nginx',
          resources: { limits: { cpu: '500m', memory: '1Gi' }, requests: { cpu: '1' } },
        },
      ],
    });
  });
});

describe('pruneUnknownFields', () => {
  it('deletes unknown fields in place and lists them', () => {
    const body = pod({ contaners: [], containers: [{ name: 'a', imagee: 'x' }] });
    const result = pruneUnknownFields('Pod', body);
    expect(result.unknown).toEqual(['spec.contaners', 'spec.containers[0].imagee']);
    expect(result.warnings).toEqual([
      'unknown field "spec.contaners"',
      'unknown field "spec.containers[0].imagee"',
    ]);
    expect(body.spec).toEqual({ containers: [{ name: 'a' }] });
    expect(result.body).toBe(body);
  });
});
