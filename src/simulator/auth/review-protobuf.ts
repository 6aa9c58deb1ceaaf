/**
 * Protobuf bodies of authorization.k8s.io/v1 and authentication.k8s.io/v1, which kubectl's
 * typed clients send (`auth can-i`, `auth can-i --list`, `auth whoami`, `create token`).
 * Numbers from each group's `generated.proto` (Kubernetes 1.32); fields in Go struct order.
 * The envelope is the one `protobuf/decode.ts` reads for other kinds.
 */

import { decodeMessage } from '../apiserver/protobuf/message-decoder.js';
import { LabelSelectorRequirement, ObjectMeta } from '../apiserver/protobuf/meta-v1.js';
import { type MessageSchema, message } from '../apiserver/protobuf/schema.js';
import { lastOccurrence, readFields, utf8 } from '../apiserver/protobuf/wire-fields.js';
import { ApiError, badRequest } from '../apiserver/status.js';
import type { KubeObject } from '../kube-object.js';

const ExtraValue = message('authorization.v1.ExtraValue', [[1, 'items', 'string', 'rep']]);
/** `map<string, ExtraValue>` on the wire: repeated {1 key, 2 value}; turned into a map below. */
const ExtraEntry = message('ExtraEntry', [
  [1, 'key', 'string'],
  [2, 'value', () => ExtraValue],
]);

const FieldSelectorRequirement = message('authorization.v1.FieldSelectorRequirement', [
  [1, 'key', 'string', 'req'],
  [2, 'operator', 'string', 'req'],
  [3, 'values', 'string', 'rep'],
]);
const FieldSelectorAttributes = message('authorization.v1.FieldSelectorAttributes', [
  [1, 'rawSelector', 'string'],
  [2, 'requirements', () => FieldSelectorRequirement, 'rep'],
]);
const LabelSelectorAttributes = message('authorization.v1.LabelSelectorAttributes', [
  [1, 'rawSelector', 'string'],
  [2, 'requirements', () => LabelSelectorRequirement, 'rep'],
]);
const ResourceAttributes = message('authorization.v1.ResourceAttributes', [
  [1, 'namespace', 'string'],
  [2, 'verb', 'string'],
  [3, 'group', 'string'],
  [4, 'version', 'string'],
  [5, 'resource', 'string'],
  [6, 'subresource', 'string'],
  [7, 'name', 'string'],
  [8, 'fieldSelector', () => FieldSelectorAttributes, 'ptr'],
  [9, 'labelSelector', () => LabelSelectorAttributes, 'ptr'],
]);
const NonResourceAttributes = message('authorization.v1.NonResourceAttributes', [
  [1, 'path', 'string'],
  [2, 'verb', 'string'],
]);
const AccessReviewStatus = message('authorization.v1.SubjectAccessReviewStatus', [
  [1, 'allowed', 'bool', 'req'],
  [4, 'denied', 'bool'],
  [2, 'reason', 'string'],
  [3, 'evaluationError', 'string'],
]);
const SelfSubjectAccessReview = message('authorization.v1.SelfSubjectAccessReview', [
  [1, 'metadata', () => ObjectMeta],
  [
    2,
    'spec',
    () =>
      message('authorization.v1.SelfSubjectAccessReviewSpec', [
        [1, 'resourceAttributes', () => ResourceAttributes, 'ptr'],
        [2, 'nonResourceAttributes', () => NonResourceAttributes, 'ptr'],
      ]),
  ],
  [3, 'status', () => AccessReviewStatus],
]);
const SubjectAccessReviewSpec = message('authorization.v1.SubjectAccessReviewSpec', [
  [1, 'resourceAttributes', () => ResourceAttributes, 'ptr'],
  [2, 'nonResourceAttributes', () => NonResourceAttributes, 'ptr'],
  [3, 'user', 'string'],
  [4, 'groups', 'string', 'rep'],
  [5, 'extra', () => ExtraEntry, 'rep'],
  [6, 'uid', 'string'],
]);
const SubjectAccessReview = message('authorization.v1.SubjectAccessReview', [
  [1, 'metadata', () => ObjectMeta],
  [2, 'spec', () => SubjectAccessReviewSpec],
  [3, 'status', () => AccessReviewStatus],
]);
const ResourceRule = message('authorization.v1.ResourceRule', [
  [1, 'verbs', 'string', 'rep', 'req'],
  [2, 'apiGroups', 'string', 'rep'],
  [3, 'resources', 'string', 'rep'],
  [4, 'resourceNames', 'string', 'rep'],
]);
const NonResourceRule = message('authorization.v1.NonResourceRule', [
  [1, 'verbs', 'string', 'rep', 'req'],
  [2, 'nonResourceURLs', 'string', 'rep'],
]);
const SelfSubjectRulesReview = message('authorization.v1.SelfSubjectRulesReview', [
  [1, 'metadata', () => ObjectMeta],
  [
    2,
    'spec',
    () => message('authorization.v1.SelfSubjectRulesReviewSpec', [[1, 'namespace', 'string']]),
  ],
  [
    3,
    'status',
    () =>
      message('authorization.v1.SubjectRulesReviewStatus', [
        [1, 'resourceRules', () => ResourceRule, 'rep', 'req'],
        [2, 'nonResourceRules', () => NonResourceRule, 'rep', 'req'],
        [3, 'incomplete', 'bool', 'req'],
        [4, 'evaluationError', 'string'],
      ]),
  ],
]);

const UserInfo = message('authentication.v1.UserInfo', [
  [1, 'username', 'string'],
  [2, 'uid', 'string'],
  [3, 'groups', 'string', 'rep'],
  [4, 'extra', () => ExtraEntry, 'rep'],
]);
const SelfSubjectReview = message('authentication.v1.SelfSubjectReview', [
  [1, 'metadata', () => ObjectMeta],
  [
    2,
    'status',
    () => message('authentication.v1.SelfSubjectReviewStatus', [[1, 'userInfo', () => UserInfo]]),
  ],
]);
const BoundObjectReference = message('authentication.v1.BoundObjectReference', [
  [1, 'kind', 'string'],
  [2, 'apiVersion', 'string'],
  [3, 'name', 'string'],
  [4, 'uid', 'string'],
]);
const TokenRequest = message('authentication.v1.TokenRequest', [
  [1, 'metadata', () => ObjectMeta],
  [
    2,
    'spec',
    () =>
      message('authentication.v1.TokenRequestSpec', [
        [1, 'audiences', 'string', 'rep', 'req'],
        [4, 'expirationSeconds', 'int64', 'ptr'],
        [3, 'boundObjectRef', () => BoundObjectReference, 'ptr'],
      ]),
  ],
  [
    3,
    'status',
    () =>
      message('authentication.v1.TokenRequestStatus', [
        [1, 'token', 'string', 'req'],
        [2, 'expirationTimestamp', 'time'],
      ]),
  ],
]);
const TokenReview = message('authentication.v1.TokenReview', [
  [1, 'metadata', () => ObjectMeta],
  [
    2,
    'spec',
    () =>
      message('authentication.v1.TokenReviewSpec', [
        [1, 'token', 'string'],
        [2, 'audiences', 'string', 'rep'],
      ]),
  ],
  [
    3,
    'status',
    () =>
      message('authentication.v1.TokenReviewStatus', [
        [1, 'authenticated', 'bool'],
        [2, 'user', () => UserInfo],
        [3, 'audiences', 'string', 'rep'],
        [4, 'error', 'string'],
      ]),
  ],
]);

const AUTHZ = 'authorization.k8s.io/v1';
const AUTHN = 'authentication.k8s.io/v1';

const KINDS = new Map<string, MessageSchema>([
  [`${AUTHZ}/SelfSubjectAccessReview`, SelfSubjectAccessReview],
  [`${AUTHZ}/SubjectAccessReview`, SubjectAccessReview],
  [`${AUTHZ}/LocalSubjectAccessReview`, SubjectAccessReview],
  [`${AUTHZ}/SelfSubjectRulesReview`, SelfSubjectRulesReview],
  [`${AUTHN}/SelfSubjectReview`, SelfSubjectReview],
  [`${AUTHN}/TokenRequest`, TokenRequest],
  [`${AUTHN}/TokenReview`, TokenReview],
]);

const MAGIC = Buffer.from('k8s\0', 'latin1');
const TypeMeta = message('runtime.TypeMeta', [
  [1, 'apiVersion', 'string'],
  [2, 'kind', 'string'],
]);
const Unknown = message('runtime.Unknown', [
  [1, 'typeMeta', () => TypeMeta],
  [2, 'raw', 'bytes'],
  [3, 'contentEncoding', 'string'],
  [4, 'contentType', 'string'],
]);

/** Decodes a protobuf review body into its JSON form; every failure is a 400. */
export function decodeReviewProtobuf(body: Buffer): KubeObject {
  try {
    if (body.length < MAGIC.length || !body.subarray(0, MAGIC.length).equals(MAGIC)) {
      throw badRequest('protobuf body does not start with the Kubernetes magic "k8s\\x00"');
    }
    const found = readFields(Unknown, body.subarray(MAGIC.length), '');
    const bytesOf = (n: number) => {
      const value = lastOccurrence(Unknown, found, n);
      return value instanceof Uint8Array ? value : new Uint8Array(0);
    };
    const typeMeta = decodeMessage(TypeMeta, bytesOf(1), 'typeMeta');
    const apiVersion = String(typeMeta.apiVersion ?? '');
    const kind = String(typeMeta.kind ?? '');
    if (utf8(bytesOf(3)) !== '') throw badRequest('unsupported protobuf content encoding');
    const schema = KINDS.get(`${apiVersion}/${kind}`);
    if (!schema) {
      throw badRequest(
        `no protobuf decoding for ${apiVersion}, Kind=${kind}: send this object as JSON instead`,
      );
    }
    const object = decodeMessage(schema, bytesOf(2), '');
    return mapExtras({ kind, apiVersion, ...object }) as KubeObject;
  } catch (error) {
    if (error instanceof ApiError) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    throw badRequest(`unable to decode protobuf body: ${reason}`);
  }
}

/** Turns decoded `extra` entry lists back into the `{key: [values]}` maps JSON carries. */
function mapExtras(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(mapExtras);
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(value)) {
    if (key === 'extra' && Array.isArray(field)) {
      const map: Record<string, string[]> = {};
      for (const entry of field as { key?: string; value?: { items?: string[] } }[]) {
        map[entry.key ?? ''] = entry.value?.items ?? [];
      }
      out[key] = map;
    } else {
      out[key] = mapExtras(field);
    }
  }
  return out;
}
