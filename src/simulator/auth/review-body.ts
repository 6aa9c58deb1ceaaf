/**
 * Reading and answering the bodies of the review and token APIs: JSON or YAML through the
 * common decoder, protobuf (what kubectl's typed clients send) through `review-protobuf.ts`,
 * and 422s named by the qualified kind (`SelfSubjectAccessReview.authorization.k8s.io`), as
 * `apierrors.NewInvalid` names them.
 */
import type { IncomingMessage } from 'node:http';
import { mediaType, PROTOBUF_TYPE } from '../apiserver/http/content-type.js';
import { readBody } from '../apiserver/http/request-body.js';
import { decodeObject } from '../apiserver/object-codec.js';
import { groupVersion, type ResourceInfo } from '../apiserver/resources.js';
import { ApiError, badRequest, type FieldError, invalid } from '../apiserver/status.js';
import type { KubeObject } from '../kube-object.js';
import { decodeReviewProtobuf } from './review-protobuf.js';

/** The kind a create-only endpoint reads, as a ResourceInfo the decoder understands. */
export function kindInfo(
  group: string,
  kind: string,
  resource: string,
  namespaced: boolean,
): ResourceInfo {
  return {
    group,
    version: 'v1',
    resource,
    singular: kind.toLowerCase(),
    kind,
    namespaced,
    shortNames: [],
    categories: [],
    verbs: ['create'],
    subresources: [],
    hasGeneration: false,
    hasStatus: false,
  };
}

export async function readReviewBody(
  req: IncomingMessage,
  info: ResourceInfo,
): Promise<KubeObject> {
  const body = await readBody(req);
  const contentType = req.headers['content-type'];
  if (mediaType(contentType) !== PROTOBUF_TYPE) return decodeObject(contentType, body, info);
  const object = decodeReviewProtobuf(body);
  if (object.apiVersion !== groupVersion(info) || object.kind !== info.kind) {
    throw badRequest(
      `${object.kind} in version "${object.apiVersion.slice(object.apiVersion.indexOf('/') + 1)}" cannot be handled as a ${info.kind}`,
    );
  }
  return object;
}

/** `apierrors.NewInvalid(GroupKind, name, errs)`: the message names `Kind.group`. */
export function invalidReview(
  info: Pick<ResourceInfo, 'kind' | 'group'>,
  name: string,
  errors: FieldError[],
): ApiError {
  const { status } = invalid(info.kind, info.group, name, errors);
  const qualified = info.group ? `${info.kind}.${info.group}` : info.kind;
  const message = (status.message ?? '').replace(info.kind, qualified);
  return new ApiError({
    message,
    reason: status.reason ?? 'Invalid',
    ...(status.details ? { details: status.details } : {}),
    code: status.code,
  });
}

/** Strings of a decoded object, read defensively. */
export function str(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

export function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

export function record(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}
