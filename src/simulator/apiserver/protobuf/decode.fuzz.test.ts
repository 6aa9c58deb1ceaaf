/**
 * Whatever bytes arrive, decoding either yields a JSON-serialisable object or throws a 400
 * ApiError: never a TypeError, a RangeError or a hang. Mutations come from a seeded PRNG, so a
 * failure reproduces exactly.
 */

import { describe, expect, it } from 'vitest';
import { ApiError } from '../status.js';
import { decodeKubeProtobuf } from './decode.js';
import { entry, kubeBody, msg, packed, str, varint } from './wire-builder.test-support.js';

function prng(seed: number): () => number {
  // mulberry32
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SEEDS: [string, Buffer][] = [
  [
    'secret',
    kubeBody('v1', 'Secret', [
      msg(1, str(1, 's'), entry(11, 'a', 'b')),
      entry(2, 'k', Buffer.from([0, 1, 2])),
      str(3, 'Opaque'),
    ]),
  ],
  [
    'configmap',
    kubeBody('v1', 'ConfigMap', [
      msg(1, str(1, 'cm'), msg(8, varint(1, 1_700_000_000))),
      entry(2, 'x', 'y'),
      varint(4, 1),
    ]),
  ],
  [
    'clusterrole',
    kubeBody('rbac.authorization.k8s.io/v1', 'ClusterRole', [
      msg(1, str(1, 'cr')),
      msg(2, str(1, 'get'), str(3, 'pods')),
      msg(3, msg(1, entry(1, 'a', 'b'))),
    ]),
  ],
  [
    'deployment',
    kubeBody('apps/v1', 'Deployment', [
      msg(1, str(1, 'web'), entry(11, 'app', 'web')),
      msg(
        2,
        varint(1, 2),
        msg(2, entry(1, 'app', 'web')),
        msg(
          3,
          msg(1, entry(11, 'app', 'web')),
          msg(
            2,
            msg(
              2,
              str(1, 'nginx'),
              str(2, 'nginx'),
              msg(6, varint(3, 80)),
              msg(8, msg(1, str(1, 'cpu'), msg(2, str(1, '1')))),
            ),
            msg(14, packed(4, [1, 2])),
          ),
        ),
        msg(4, msg(2, msg(1, varint(1, 1), str(3, '25%')))),
      ),
      msg(3),
    ]),
  ],
];

/** Decodes, and fails the test on anything but success or a 400 ApiError. */
function decodeOr400(body: Buffer): void {
  try {
    const object = decodeKubeProtobuf(body);
    JSON.stringify(object);
  } catch (error) {
    if (!(error instanceof ApiError) || error.code !== 400) {
      throw new Error(`body ${body.toString('hex')} threw ${String(error)}`);
    }
  }
}

describe('decodeKubeProtobuf under fuzzing', () => {
  it.each(SEEDS)(
    'the %s seed decodes, and so does every prefix or fails with 400',
    (_name, seed) => {
      expect(decodeKubeProtobuf(seed).metadata).toBeTypeOf('object');
      for (let length = 0; length < seed.length; length++) decodeOr400(seed.subarray(0, length));
    },
  );

  it.each(SEEDS)(
    'random byte flips, inserts and deletes in the %s seed give 400 or an object',
    (name, seed) => {
      const random = prng(name.length * 7919 + seed.length);
      for (let round = 0; round < 3000; round++) {
        const bytes = [...seed];
        const edits = 1 + Math.floor(random() * 4);
        for (let e = 0; e < edits; e++) {
          const at = Math.floor(random() * bytes.length);
          const op = random();
          const value = Math.floor(random() * 256);
          if (op < 0.6) bytes[at] = value;
          else if (op < 0.8) bytes.splice(at, 0, value);
          else bytes.splice(at, 1);
        }
        decodeOr400(Buffer.from(bytes));
      }
    },
  );

  it('random garbage after the magic gives 400 or an object', () => {
    const random = prng(12345);
    for (let round = 0; round < 3000; round++) {
      const garbage = Buffer.alloc(Math.floor(random() * 64));
      for (let i = 0; i < garbage.length; i++) garbage[i] = Math.floor(random() * 256);
      decodeOr400(Buffer.concat([Buffer.from('k8s\0', 'latin1'), garbage]));
      decodeOr400(garbage);
    }
  });
});
