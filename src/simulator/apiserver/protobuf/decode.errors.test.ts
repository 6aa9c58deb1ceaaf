import { describe, expect, it } from 'vitest';
import { ApiError } from '../status.js';
import { decodeKubeProtobuf } from './decode.js';
import { encode, kubeBody, msg, raw, str, varint } from './wire-builder.test-support.js';

/** The 400 a body must produce, with its message. */
function decodeError(body: Buffer): { code: number; message: string } {
  try {
    decodeKubeProtobuf(body);
  } catch (error) {
    expect(error).toBeInstanceOf(ApiError);
    const { code, message = '' } = (error as ApiError).status;
    return { code, message };
  }
  throw new Error('expected the body to be rejected');
}

describe('decodeKubeProtobuf rejects malformed bodies with a 400', () => {
  const secret = kubeBody('v1', 'Secret', [msg(1, str(1, 's'))]);

  it.each([
    ['no magic', Buffer.from('{"kind":"Secret"}'), /does not start with the Kubernetes magic/],
    ['an empty body', Buffer.alloc(0), /does not start with the Kubernetes magic/],
    ['the magic alone', Buffer.from('k8s\0', 'latin1'), /'Kind' is missing/],
    [
      'a truncated body',
      secret.subarray(0, secret.length - 2),
      /unable to decode protobuf body: truncated or corrupt data/,
    ],
    [
      'an unknown kind',
      kubeBody('v1', 'Pod', []),
      /no protobuf decoding for v1, Kind=Pod: send this object as JSON/,
    ],
    [
      'an unknown field number',
      kubeBody('v1', 'Secret', [msg(1, str(1, 's')), str(99, 'x')]),
      /unknown field number 99 \(length-delimited\) in core\.v1\.Secret/,
    ],
    [
      'an unknown field deep inside',
      kubeBody('apps/v1', 'Deployment', [
        msg(2, msg(3, msg(2, msg(2, str(1, 'c'), str(77, 'x'))))),
      ]),
      /unknown field number 77 .* in core\.v1\.Container at spec\.template\.spec\.containers\[0\]/,
    ],
    [
      'a wrong wire type',
      kubeBody('v1', 'Secret', [msg(1, varint(1, 5))]),
      /meta\.v1\.ObjectMeta field 1 \(metadata\.name\) has wire type varint, expected length-delimited/,
    ],
    [
      'an impossible IntOrString type',
      kubeBody('apps/v1', 'Deployment', [msg(2, msg(4, msg(2, msg(1, varint(1, 7)))))]),
      /IntOrString has impossible type 7/,
    ],
    [
      'a content encoding',
      Buffer.concat([
        Buffer.from('k8s\0', 'latin1'),
        encode([msg(1, str(1, 'v1'), str(2, 'Secret')), str(3, 'gzip')]),
      ]),
      /unsupported protobuf content encoding "gzip"/,
    ],
    [
      'a time past year 9999',
      kubeBody('v1', 'Secret', [msg(1, msg(8, varint(1, 300_000_000_000)))]),
      /outside the years 0000-9999/,
    ],
    [
      'fieldsV1 that is not JSON',
      kubeBody('v1', 'Secret', [msg(1, msg(17, msg(7, raw(1, Buffer.from('{nope')))))]),
      /fieldsV1 does not hold valid JSON/,
    ],
  ])('%s', (_name, body, message) => {
    const error = decodeError(body);
    expect(error.code).toBe(400);
    expect(error.message).toMatch(message);
  });
});
