/**
 * `kubectl --as=… --as-group=…` sends `Impersonate-User` / `Impersonate-Group` (and
 * `Impersonate-Uid`, `Impersonate-Extra-<key>`). As apiserver's `WithImpersonation` filter
 * does, every requested identity is authorized as verb `impersonate` on `users`, `groups`,
 * `serviceaccounts`, `uids` or `userextras/<key>` for the real requester, and the request then
 * proceeds as the impersonated user.
 */
import type { IncomingMessage } from 'node:http';
import { internalError } from '../apiserver/status.js';
import type { Authorizer } from './authorizer.js';
import { forbidden } from './forbidden.js';
import type { RequestAttributes } from './request-attributes.js';
import {
  ALL_AUTHENTICATED,
  ALL_UNAUTHENTICATED,
  serviceAccountGroups,
  serviceAccountUsername,
  splitServiceAccountUsername,
  type UserInfo,
} from './user-info.js';

const EXTRA_PREFIX = 'impersonate-extra-';
const AUTHENTICATION_GROUP = 'authentication.k8s.io';

/** Whether a request asks to impersonate anyone. */
export function wantsImpersonation(req: IncomingMessage): boolean {
  return Object.keys(req.headers).some(
    (header) =>
      header === 'impersonate-user' ||
      header === 'impersonate-group' ||
      header === 'impersonate-uid' ||
      header.startsWith(EXTRA_PREFIX),
  );
}

/**
 * The user the request acts as: `requester` itself without impersonation headers, else the
 * impersonated user. Throws 403 (as the requester) for an identity it may not impersonate.
 */
export function impersonate(
  req: IncomingMessage,
  requester: UserInfo,
  authorizer: Authorizer,
): UserInfo {
  if (!wantsImpersonation(req)) return requester;
  const headers = req.headersDistinct;
  const requestedUser = headers['impersonate-user']?.[0] ?? '';
  const requestedGroups = (headers['impersonate-group'] ?? []).filter((g) => g !== '');
  const requestedUid = headers['impersonate-uid']?.[0] ?? '';
  const extras = Object.entries(headers)
    .filter(([header]) => header.startsWith(EXTRA_PREFIX))
    .map(
      ([header, values]) =>
        [decodeExtraKey(header.slice(EXTRA_PREFIX.length)), values ?? []] as const,
    );
  if (!requestedUser) {
    throw internalError('requested impersonation without impersonating a user');
  }
  const check = (fields: Partial<RequestAttributes>) => {
    const attributes: RequestAttributes = {
      user: requester,
      verb: 'impersonate',
      resourceRequest: true,
      path: '',
      namespace: '',
      apiGroup: '',
      apiVersion: 'v1',
      resource: '',
      subresource: '',
      name: '',
      ...fields,
    };
    const decision = authorizer.authorize(attributes);
    if (!decision.allowed) throw forbidden(attributes, decision.reason);
  };

  let name: string;
  let groups: string[] = [];
  const account = splitServiceAccountUsername(requestedUser);
  if (account) {
    check({ resource: 'serviceaccounts', namespace: account.namespace, name: account.name });
    name = serviceAccountUsername(account.namespace, account.name);
    // An account's groups are known; they are only added when no group was asked for.
    if (requestedGroups.length === 0) groups = serviceAccountGroups(account.namespace);
  } else {
    check({ resource: 'users', name: requestedUser });
    name = requestedUser;
  }
  for (const group of requestedGroups) {
    check({ resource: 'groups', name: group });
    groups.push(group);
  }
  const extra: Record<string, string[]> = {};
  for (const [key, values] of extras) {
    for (const value of values) {
      check({
        apiGroup: AUTHENTICATION_GROUP,
        resource: 'userextras',
        subresource: key,
        name: value,
      });
      extra[key] = [...(extra[key] ?? []), value];
    }
  }
  if (requestedUid) {
    check({ apiGroup: AUTHENTICATION_GROUP, resource: 'uids', name: requestedUid });
  }
  if (name !== 'system:anonymous') {
    if (!groups.includes(ALL_AUTHENTICATED) && !groups.includes(ALL_UNAUTHENTICATED)) {
      groups.push(ALL_AUTHENTICATED);
    }
  } else if (!groups.includes(ALL_UNAUTHENTICATED)) {
    groups.push(ALL_UNAUTHENTICATED);
  }
  return {
    name,
    ...(requestedUid ? { uid: requestedUid } : {}),
    groups,
    ...(Object.keys(extra).length ? { extra } : {}),
  };
}

/** Extra keys travel percent-encoded (`Impersonate-Extra-Scopes`, lower-cased by HTTP). */
function decodeExtraKey(key: string): string {
  try {
    return decodeURIComponent(key).toLowerCase();
  } catch {
    return key.toLowerCase();
  }
}
