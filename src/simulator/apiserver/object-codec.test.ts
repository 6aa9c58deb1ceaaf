import { describe, expect, it } from 'vitest';
import { decodeObject } from './object-codec.js';
import { findResource } from './resources.js';
import { ApiError } from './status.js';

const configmaps = findResource('', 'v1', 'configmaps');
const roles = findResource('rbac.authorization.k8s.io', 'v1', 'roles');

function refusal(contentType: string, body: string | Buffer, info = configmaps) {
  if (!info) throw new Error('resource not served');
  try {
    decodeObject(contentType, Buffer.from(body), info);
  } catch (error) {
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status.code).toBe(400);
    return (error as ApiError).status.message;
  }
  throw new Error('expected the body to be refused');
}

describe('decodeObject', () => {
  it('defaults apiVersion and kind to the endpoint’s, and reads null as an empty object', () => {
    if (!configmaps) throw new Error('configmaps not served');
    expect(decodeObject('application/json', Buffer.from('{"data":{"a":"b"}}'), configmaps)).toEqual(
      {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: {},
        data: { a: 'b' },
      },
    );
    expect(decodeObject(undefined, Buffer.from('null'), configmaps)).toEqual({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: {},
    });
  });

  it('names the type a non-core endpoint decodes into', () => {
    expect(refusal('application/json', '{"apiVersion":"v1","kind":"ConfigMap"}', roles)).toBe(
      'ConfigMap in version "v1" cannot be handled as a Role: converting (v1.ConfigMap) to (rbac.Role): unknown conversion',
    );
    expect(
      refusal(
        'application/json',
        '{"apiVersion":"rbac.authorization.k8s.io/v1beta1","kind":"Role"}',
        roles,
      ),
    ).toBe(
      'Role in version "v1beta1" cannot be handled as a Role: no kind "Role" is registered for version "rbac.authorization.k8s.io/v1beta1" in scheme "pkg/api/legacyscheme/scheme.go:30"',
    );
  });

  it('refuses type mismatches in apiVersion, kind and metadata', () => {
    expect(refusal('application/json', '{"kind":5}')).toBe(
      'the object provided is unrecognized (must be of type ConfigMap): couldn\'t get version/kind; json parse error: json: cannot unmarshal number into Go struct field .kind of type string ({"kind":5})',
    );
    expect(refusal('application/json', '{"apiVersion":"a/b/c"}')).toBe(
      'the object provided is unrecognized (must be of type ConfigMap): unexpected GroupVersion string: a/b/c ({"apiVersion":"a/b/c"})',
    );
    expect(refusal('application/json', '{"metadata":"x"}')).toBe(
      'ConfigMap in version "v1" cannot be handled as a ConfigMap: json: cannot unmarshal string into Go struct field ConfigMap.metadata of type v1.ObjectMeta',
    );
  });

  it('summarizes long bodies to 30 bytes', () => {
    const body = `{"data":{"a":"${'x'.repeat(40)}"`;
    expect(refusal('application/json', body)).toBe(
      `the object provided is unrecognized (must be of type ConfigMap): couldn't get version/kind; json parse error: unexpected end of JSON input (${body.slice(0, 30)} ...)`,
    );
  });
});
