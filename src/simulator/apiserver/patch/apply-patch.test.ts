import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../kube-object.js';
import { ApiError, type Status } from '../status.js';
import { applyPatch, BUILTIN_PATCH_TYPES } from './apply-patch.js';

const pod = (): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'web', namespace: 'default', labels: { app: 'web' } },
  spec: {
    containers: [
      { name: 'a', image: 'x' },
      { name: 'b', image: 'y' },
    ],
  },
});

/** The value at a dotted path (`spec.containers.0.image`) of a decoded document. */
function at(value: unknown, path: string): unknown {
  let node = value;
  for (const key of path.split('.')) node = (node as Record<string, unknown> | undefined)?.[key];
  return node;
}

const SMP = 'application/strategic-merge-patch+json';
const MERGE = 'application/merge-patch+json';
const JSON_PATCH = 'application/json-patch+json';

function patch(contentType: string, body: unknown, kind = 'Pod', group = ''): KubeObject {
  const raw = typeof body === 'string' ? body : JSON.stringify(body);
  return applyPatch(contentType, pod(), Buffer.from(raw), kind, group);
}

function status(contentType: string, body: unknown, kind = 'Pod'): Status {
  try {
    patch(contentType, body, kind);
  } catch (e) {
    if (e instanceof ApiError) return e.status;
    throw e;
  }
  throw new Error('the patch did not fail');
}

describe('applyPatch dispatch', () => {
  it('applies a strategic merge patch with the kind’s schema', () => {
    const out = patch(SMP, { spec: { containers: [{ name: 'c' }] } });
    expect(at(out, 'spec.containers')).toMatchObject([{ name: 'c' }, { name: 'a' }, { name: 'b' }]);
  });

  it('applies merge and JSON patches, ignoring a charset parameter', () => {
    expect(
      patch(`${MERGE}; charset=utf-8`, { metadata: { labels: { app: null } } }).metadata.labels,
    ).toEqual({});
    const out = patch(JSON_PATCH, [
      { op: 'replace', path: '/spec/containers/0/image', value: 'z' },
    ]);
    expect(at(out, 'spec.containers.0.image')).toBe('z');
  });

  it('does not modify the stored object', () => {
    const original = pod();
    applyPatch(MERGE, original, Buffer.from('{"spec":null}'), 'Pod', '');
    expect(original).toEqual(pod());
  });

  it('answers 415 with the accepted types for anything else', () => {
    expect(status('application/apply-patch+yaml', {})).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: `the body of the request was in an unknown format - accepted media types include: ${BUILTIN_PATCH_TYPES.join(', ')}`,
      reason: 'UnsupportedMediaType',
      code: 415,
    });
    expect(status(`${SMP} ; charset=utf-8`, {}).code).toBe(415);
  });

  it('refuses strategic merge patch for kinds without a schema, like a custom resource', () => {
    const s = status(SMP, {}, 'Widget');
    expect(s.code).toBe(415);
    expect(s.message).toBe(
      'the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml',
    );
  });
});

describe('applyPatch errors', () => {
  it('400 for an undecodable body, with Go’s decoder text', () => {
    expect(status(SMP, '{"a":x}')).toMatchObject({
      code: 400,
      reason: 'BadRequest',
      message: "invalid character 'x' looking for beginning of value",
    });
    expect(status(SMP, '[1]').message).toBe(
      'json: cannot unmarshal array into Go value of type map[string]interface {}',
    );
    expect(status(JSON_PATCH, '{}').message).toBe(
      'json: cannot unmarshal object into Go value of type jsonpatch.Patch',
    );
    expect(status(MERGE, '{').message).toBe('Invalid JSON Patch');
    expect(status(MERGE, 'null')).toMatchObject({ code: 400, message: 'Invalid JSON Patch' });
  });

  it('400 for malformed strategic directives, 500 with no reason for other library errors', () => {
    expect(status(SMP, { spec: { $retainKeys: 'x' } })).toMatchObject({
      code: 400,
      message: 'invalid patch format of retainKeys',
    });
    const s = status(SMP, { spec: { containers: [{ image: 'q' }] } });
    expect(s).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'map: map[image:q] does not contain declared merge key: name',
      code: 500,
    });
  });

  it('422 with the stock text for lists of lists and failed JSON-patch operations', () => {
    const expected = {
      code: 422,
      reason: 'Invalid',
      message: 'the server rejected our request due to an error in our request',
      details: {},
    };
    expect(status(JSON_PATCH, [{ op: 'test', path: '/kind', value: 'Node' }])).toMatchObject(
      expected,
    );
    const withFinalizers = { ...pod(), metadata: { name: 'web', finalizers: [] } };
    const body = Buffer.from(JSON.stringify({ metadata: { finalizers: [['x']] } }));
    expect(() => applyPatch(SMP, withFinalizers, body, 'Pod', '')).toThrow(
      expect.objectContaining({ status: expect.objectContaining(expected) }),
    );
  });

  it('413 beyond 10000 JSON-patch operations', () => {
    const ops = Array.from({ length: 10001 }, () => ({ op: 'test', path: '/kind', value: 'Pod' }));
    expect(status(JSON_PATCH, ops)).toMatchObject({
      code: 413,
      reason: 'RequestEntityTooLarge',
      message:
        'Request entity too large: The allowed maximum operations in a JSON patch is 10000, got 10001',
    });
    expect(patch(JSON_PATCH, ops.slice(1)).kind).toBe('Pod');
  });

  it('500 where the Go JSON-patch library would panic', () => {
    expect(status(JSON_PATCH, [{ op: 'test', path: '/nope' }])).toMatchObject({
      code: 500,
      reason: 'InternalError',
    });
  });
});

describe('the patched object', () => {
  it('gets back a removed kind and apiVersion, and the URL namespace', () => {
    const out = patch(JSON_PATCH, [
      { op: 'remove', path: '/kind' },
      { op: 'remove', path: '/apiVersion' },
      { op: 'remove', path: '/metadata/namespace' },
    ]);
    expect(out).toMatchObject({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'web', namespace: 'default' },
    });
  });

  it('must keep the name and namespace of the URL', () => {
    expect(status(MERGE, { metadata: { name: 'other' } })).toMatchObject({
      code: 400,
      message: 'the name of the object (other) does not match the name on the URL (web)',
    });
    expect(status(MERGE, { metadata: null }).message).toBe(
      'the name of the object () does not match the name on the URL (web)',
    );
    expect(status(MERGE, { metadata: { namespace: 'kube-system' } }).message).toBe(
      'the namespace of the object (kube-system) does not match the namespace on the URL (default)',
    );
  });

  it('must still decode as the same kind: 422 on the "patch" field otherwise', () => {
    const s = status(MERGE, [1]);
    expect(s.code).toBe(422);
    expect(s.message).toBe(
      ' "" is invalid: patch: Invalid value: "[1]": couldn\'t get version/kind; json parse error: json: cannot unmarshal array into Go value of type struct { APIVersion string "json:\\"apiVersion,omitempty\\""; Kind string "json:\\"kind,omitempty\\"" }',
    );
    expect(s.details?.causes?.[0]?.field).toBe('patch');
    expect(status(MERGE, { kind: 'Node' }).code).toBe(422);
    expect(status(MERGE, { metadata: 'x' }).message).toContain(
      'json: cannot unmarshal string into Go struct field Pod.metadata of type v1.ObjectMeta',
    );
  });
});
