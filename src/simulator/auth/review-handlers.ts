/**
 * The create-only review APIs: authorization.k8s.io/v1 SelfSubjectAccessReview (`kubectl auth
 * can-i`), SubjectAccessReview, LocalSubjectAccessReview, SelfSubjectRulesReview (`kubectl auth
 * can-i --list`), and authentication.k8s.io/v1 SelfSubjectReview (`kubectl auth whoami`) and
 * TokenReview. Nothing is stored: each answers its question and echoes the request.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { child, fieldInvalid } from '../admission/field-errors.js';
import { sendJson } from '../apiserver/http/respond.js';
import type { ResourceTarget } from '../apiserver/resource-target.js';
import { badRequest } from '../apiserver/status.js';
import type { Authorizer } from './authorizer.js';
import type { PolicyRule } from './policy-rules.js';
import type { RequestAttributes } from './request-attributes.js';
import { invalidReview, readReviewBody, record, str, strings } from './review-body.js';
import { API_AUDIENCES } from './service-account-tokens.js';
import type { UserInfo } from './user-info.js';

export const AUTHORIZATION_GROUP = 'authorization.k8s.io';
export const AUTHENTICATION_GROUP = 'authentication.k8s.io';

export interface ReviewContext {
  /** Who asks (after impersonation). */
  user: UserInfo;
  authorizer: Authorizer;
  /** A bearer token's user, as the server's own authenticator sees it (TokenReview). */
  authenticateToken(token: string): UserInfo | undefined;
  now(): Date;
}

export function isReviewResource(target: ResourceTarget): boolean {
  const { group } = target.info;
  return group === AUTHORIZATION_GROUP || group === AUTHENTICATION_GROUP;
}

export async function handleReview(
  req: IncomingMessage,
  res: ServerResponse,
  target: ResourceTarget,
  context: ReviewContext,
): Promise<void> {
  const { info } = target;
  const object = await readReviewBody(req, info);
  const spec = record(object.spec);
  let answer: Record<string, unknown>;
  switch (info.resource) {
    case 'selfsubjectaccessreviews':
      answer = accessReview(info.kind, { ...spec, ...specUser(context.user) }, context, false);
      break;
    case 'subjectaccessreviews':
      answer = accessReview(info.kind, spec, context, true);
      break;
    case 'localsubjectaccessreviews': {
      const attributes = record(spec.resourceAttributes);
      const namespace = str(attributes.namespace);
      if (namespace && namespace !== target.namespace) {
        throw badRequest(
          `spec.resourceAttributes.namespace must match namespace: ${target.namespace ?? ''}`,
        );
      }
      const withNamespace = spec.resourceAttributes
        ? { ...spec, resourceAttributes: { ...attributes, namespace: target.namespace ?? '' } }
        : spec;
      answer = accessReview(info.kind, withNamespace, context, true);
      break;
    }
    case 'selfsubjectrulesreviews':
      answer = rulesReview(str(spec.namespace), context);
      break;
    case 'selfsubjectreviews':
      answer = { status: { userInfo: userInfoJson(context.user) } };
      break;
    case 'tokenreviews':
      answer = tokenReview(spec, context);
      break;
    default:
      throw badRequest(`${info.resource} cannot be created`);
  }
  const metadata =
    info.resource === 'selfsubjectreviews'
      ? {
          creationTimestamp: context
            .now()
            .toISOString()
            .replace(/\.\d+Z$/, 'Z'),
        }
      : { ...record(object.metadata), creationTimestamp: null };
  sendJson(res, 201, { kind: info.kind, apiVersion: object.apiVersion, metadata, ...answer });
}

/** A SelfSubjectAccessReview is a SubjectAccessReview of the requester. */
function specUser(user: UserInfo): Record<string, unknown> {
  return {
    user: user.name,
    groups: user.groups,
    ...(user.extra ? { extra: user.extra } : {}),
    ...(user.uid ? { uid: user.uid } : {}),
  };
}

function accessReview(
  kind: string,
  spec: Record<string, unknown>,
  context: ReviewContext,
  echoUser: boolean,
): Record<string, unknown> {
  const resource = spec.resourceAttributes ? record(spec.resourceAttributes) : undefined;
  const nonResource = spec.nonResourceAttributes ? record(spec.nonResourceAttributes) : undefined;
  const info = { kind, group: AUTHORIZATION_GROUP } as const;
  if (resource && nonResource) {
    throw invalidReview(info, '', [
      fieldInvalid(
        child('spec', 'nonResourceAttributes'),
        goStruct(nonResource),
        'cannot be specified in combination with resourceAttributes',
      ),
    ]);
  }
  if (!resource && !nonResource) {
    throw invalidReview(info, '', [
      fieldInvalid(
        child('spec', 'resourceAttributes'),
        'null',
        'exactly one of nonResourceAttributes or resourceAttributes must be specified',
      ),
    ]);
  }
  const extra = Object.fromEntries(
    Object.entries(record(spec.extra)).map(([key, values]) => [key, strings(values)]),
  );
  const user: UserInfo = {
    name: str(spec.user),
    groups: strings(spec.groups),
    ...(str(spec.uid) ? { uid: str(spec.uid) } : {}),
    ...(Object.keys(extra).length ? { extra } : {}),
  };
  if (echoUser && !user.name && user.groups.length === 0) {
    throw invalidReview(info, '', [
      fieldInvalid(child('spec', 'user'), '', 'at least one of user or group must be specified'),
    ]);
  }
  const attributes: RequestAttributes = resource
    ? {
        user,
        verb: str(resource.verb),
        resourceRequest: true,
        path: '',
        namespace: str(resource.namespace),
        apiGroup: str(resource.group),
        apiVersion: str(resource.version),
        resource: str(resource.resource),
        subresource: str(resource.subresource),
        name: str(resource.name),
      }
    : {
        user,
        verb: str(nonResource?.verb),
        resourceRequest: false,
        path: str(nonResource?.path),
        namespace: '',
        apiGroup: '',
        apiVersion: '',
        resource: '',
        subresource: '',
        name: '',
      };
  const decision = context.authorizer.authorize(attributes);
  const echoed = {
    ...(resource ? { resourceAttributes: compact(resource) } : {}),
    ...(nonResource ? { nonResourceAttributes: compact(nonResource) } : {}),
    ...(echoUser ? specUser(user) : {}),
  };
  return {
    spec: echoed,
    status: { allowed: decision.allowed, ...(decision.reason ? { reason: decision.reason } : {}) },
  };
}

/** What `kubectl auth can-i --list` shows: every RBAC rule that applies in the namespace. */
function rulesReview(namespace: string, context: ReviewContext): Record<string, unknown> {
  const { rules, errors } = context.authorizer.rbac.rulesFor(context.user, namespace);
  const resourceRules = rules.filter((r) => (r.resources ?? []).length > 0).map(resourceRule);
  const nonResourceRules = rules
    .filter((r) => (r.nonResourceURLs ?? []).length > 0)
    .map((r) => ({ verbs: r.verbs, nonResourceURLs: r.nonResourceURLs }));
  const unique = [...new Set(errors)];
  const evaluationError =
    unique.length === 1 ? unique[0] : unique.length ? `[${unique.join(', ')}]` : '';
  return {
    spec: { namespace },
    status: {
      resourceRules,
      nonResourceRules,
      incomplete: false,
      ...(evaluationError ? { evaluationError } : {}),
    },
  };
}

function resourceRule(rule: PolicyRule) {
  return {
    verbs: rule.verbs,
    ...(rule.apiGroups?.length ? { apiGroups: rule.apiGroups } : {}),
    ...(rule.resources?.length ? { resources: rule.resources } : {}),
    ...(rule.resourceNames?.length ? { resourceNames: rule.resourceNames } : {}),
  };
}

function tokenReview(spec: Record<string, unknown>, context: ReviewContext) {
  const token = str(spec.token);
  const wanted = strings(spec.audiences);
  const audiences = wanted.length
    ? wanted.filter((a) => API_AUDIENCES.includes(a))
    : [...API_AUDIENCES];
  const user = token && audiences.length ? context.authenticateToken(token) : undefined;
  return {
    spec: { ...(token ? { token } : {}), ...(wanted.length ? { audiences: wanted } : {}) },
    status: user
      ? { authenticated: true, user: userInfoJson(user), audiences }
      : {
          user: {},
          ...(token ? { error: '[invalid bearer token, service account token is not valid]' } : {}),
        },
  };
}

function userInfoJson(user: UserInfo) {
  return {
    username: user.name,
    ...(user.uid ? { uid: user.uid } : {}),
    groups: user.groups,
    ...(user.extra ? { extra: user.extra } : {}),
  };
}

/** Go's omitempty on the attribute structs: empty strings are not echoed. */
function compact(attributes: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(attributes).filter(([, v]) => v !== '' && v !== null));
}

/** A struct in a field error, as `%v` prints a pointer to it: `&{path verb}`. */
function goStruct(attributes: Record<string, unknown>) {
  return { go: `&{${str(attributes.path)} ${str(attributes.verb)}}` };
}
