/**
 * The 403 a denied request gets (`responsewriters.Forbidden` → `apierrors.NewForbidden`):
 * `pods is forbidden: User "…" cannot list resource "pods" in API group "" in the namespace
 * "default"`, with the authorizer's reason appended after a colon when it gave one.
 */
import { goQuote } from '../admission/go-text.js';
import { ApiError } from '../apiserver/status.js';
import type { RequestAttributes } from './request-attributes.js';

export function forbiddenMessage(attributes: RequestAttributes): string {
  const user = goQuote(attributes.user.name);
  if (!attributes.resourceRequest) {
    return `User ${user} cannot ${attributes.verb} path ${goQuote(attributes.path)}`;
  }
  const resource = attributes.subresource
    ? `${attributes.resource}/${attributes.subresource}`
    : attributes.resource;
  const what = `User ${user} cannot ${attributes.verb} resource ${goQuote(resource)} in API group ${goQuote(attributes.apiGroup)}`;
  return attributes.namespace
    ? `${what} in the namespace ${goQuote(attributes.namespace)}`
    : `${what} at the cluster scope`;
}

export function forbidden(attributes: RequestAttributes, reason: string): ApiError {
  const detail = reason
    ? `${forbiddenMessage(attributes)}: ${reason}`
    : forbiddenMessage(attributes);
  const { apiGroup: group, resource, name } = attributes;
  let message: string;
  if (!resource) message = `forbidden: ${detail}`;
  else {
    const qualified = group ? `${resource}.${group}` : resource;
    message = name
      ? `${qualified} ${goQuote(name)} is forbidden: ${detail}`
      : `${qualified} is forbidden: ${detail}`;
  }
  return new ApiError({
    message,
    reason: 'Forbidden',
    details: {
      ...(name ? { name } : {}),
      ...(group ? { group } : {}),
      ...(resource ? { kind: resource } : {}),
    },
    code: 403,
  });
}
