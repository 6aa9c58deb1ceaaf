import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../kube-object.js';
import { findResource } from '../resources.js';
import { ApiError } from '../status.js';
import { decodePatchedFields } from './patch-decoding.js';

const PODS = findResource('', 'v1', 'pods');
const SMP = 'application/strategic-merge-patch+json';
const MERGE = 'application/merge-patch+json';

function patched(extra: Record<string, unknown>): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'p', namespace: 'default' },
    spec: { containers: [{ name: 'app', image: 'nginx', ...extra }] },
  };
}

function statusOf(fn: () => unknown) {
  try {
    fn();
  } catch (error) {
    if (error instanceof ApiError) return error.status;
    throw error;
  }
  throw new Error('no error');
}

describe('decodePatchedFields', () => {
  if (!PODS) throw new Error('pods are not served');

  it('answers an unknown field of a strategic merge patch with the patch handler’s 422', () => {
    const body = Buffer.from('{"spec":{"containers":[{"name":"app","imagee":"x"}]}}');
    const status = statusOf(() =>
      decodePatchedFields(PODS, patched({ imagee: 'x' }), 'Strict', SMP, body),
    );
    const cause =
      'Invalid value: "map[spec:map[containers:[map[imagee:x name:app]]]]": strict decoding error: unknown field "spec.containers[0].imagee"';
    expect(status).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: ` "" is invalid: patch: ${cause}`,
      reason: 'Invalid',
      details: { causes: [{ reason: 'FieldValueInvalid', message: cause, field: 'patch' }] },
      code: 422,
    });
  });

  it('shows the whole patched document for a merge patch, keys sorted', () => {
    const status = statusOf(() =>
      decodePatchedFields(PODS, patched({ imagee: 'x' }), 'Strict', MERGE, Buffer.from('{}')),
    );
    expect(status.details?.causes?.[0]?.message).toBe(
      `Invalid value: ${JSON.stringify(
        '{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p","namespace":"default"},"spec":{"containers":[{"image":"nginx","imagee":"x","name":"app"}]}}',
      )}: strict decoding error: unknown field "spec.containers[0].imagee"`,
    );
  });

  it('turns a type error of a merge patch into the same 422, whatever the validation mode', () => {
    const status = statusOf(() =>
      decodePatchedFields(PODS, patched({ image: 5 }), 'Ignore', MERGE, Buffer.from('{}')),
    );
    expect(status.code).toBe(422);
    expect(status.details?.causes?.[0]?.message).toMatch(
      /: json: cannot unmarshal number into Go struct field Container\.spec\.containers\.image of type string$/,
    );
  });

  it('drops unknown fields with a warning under Warn, silently under Ignore', () => {
    const body = Buffer.from('{}');
    const warned = decodePatchedFields(PODS, patched({ imagee: 'x' }), 'Warn', SMP, body);
    expect(warned.warnings).toEqual(['unknown field "spec.containers[0].imagee"']);
    expect(warned.object.spec).toEqual({ containers: [{ name: 'app', image: 'nginx' }] });
    const ignored = decodePatchedFields(PODS, patched({ imagee: 'x' }), 'Ignore', SMP, body);
    expect(ignored.warnings).toEqual([]);
  });
});
