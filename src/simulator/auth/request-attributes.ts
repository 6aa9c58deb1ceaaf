/**
 * What an authorizer is asked about a request: apiserver's `RequestInfoFactory.NewRequestInfo`
 * (`k8s.io/apiserver/pkg/endpoints/request/requestinfo.go`) applied to the method and URL,
 * before any routing — so a path nothing serves is still a resource request, and a
 * ServiceAccount asking for it is refused before it could learn that.
 */
import type { UserInfo } from './user-info.js';

export interface RequestAttributes {
  user: UserInfo;
  /** `get list watch create update patch delete deletecollection impersonate …`, or for a
   * non-resource request the lower-case HTTP method. */
  verb: string;
  resourceRequest: boolean;
  /** The URL path, for non-resource requests (`/api`, `/healthz`). */
  path: string;
  namespace: string;
  apiGroup: string;
  apiVersion: string;
  resource: string;
  subresource: string;
  name: string;
}

export type RequestInfo = Omit<RequestAttributes, 'user'>;

const SPECIAL_VERBS = new Set(['proxy', 'watch']);
const NAMESPACE_SUBRESOURCES = new Set(['status', 'finalize']);
const VERB_OF_METHOD: Record<string, string> = {
  POST: 'create',
  GET: 'get',
  HEAD: 'get',
  PUT: 'update',
  PATCH: 'patch',
  DELETE: 'delete',
};

export function requestInfo(method: string, url: URL): RequestInfo {
  const path = url.pathname;
  const nonResource: RequestInfo = {
    verb: method.toLowerCase(),
    resourceRequest: false,
    path,
    namespace: '',
    apiGroup: '',
    apiVersion: '',
    resource: '',
    subresource: '',
    name: '',
  };
  let parts = splitPath(path);
  if (parts.length < 3) return nonResource;
  const prefix = parts[0];
  if (prefix !== 'api' && prefix !== 'apis') return nonResource;
  parts = parts.slice(1);
  let apiGroup = '';
  if (prefix === 'apis') {
    if (parts.length < 3) return nonResource;
    apiGroup = parts[0] ?? '';
    parts = parts.slice(1);
  }
  const apiVersion = parts[0] ?? '';
  parts = parts.slice(1);
  let verb: string;
  let viaMethod = false;
  if (SPECIAL_VERBS.has(parts[0] ?? '') && parts.length >= 2) {
    verb = parts[0] ?? '';
    parts = parts.slice(1);
  } else {
    viaMethod = true;
    verb = VERB_OF_METHOD[method] ?? '';
  }
  let namespace = '';
  if (parts[0] === 'namespaces' && parts.length > 1) {
    namespace = parts[1] ?? '';
    // `namespaces/<ns>/<resource>/…` names a resource inside it, unless it is the namespace's
    // own subresource (`namespaces/<ns>/status`).
    if (parts.length > 2 && !NAMESPACE_SUBRESOURCES.has(parts[2] ?? '')) parts = parts.slice(2);
  }
  const resource = parts[0] ?? '';
  let name = parts[1] ?? '';
  const subresource = parts.length >= 3 && verb !== 'proxy' ? (parts[2] ?? '') : '';
  if (viaMethod && name === '' && verb === 'delete') verb = 'deletecollection';
  if (viaMethod && name === '' && verb === 'get') {
    const watch = url.searchParams.get('watch');
    verb = watch !== null && /^(1|t|T|true|TRUE|True)$/.test(watch) ? 'watch' : 'list';
  }
  // A list or watch of one object by name (`kubectl get pod x -w`, `kubectl wait`) is
  // authorized as that object's, so a rule with resourceNames can allow it.
  if (name === '' && (verb === 'list' || verb === 'watch')) {
    const byName = exactName(url.searchParams.get('fieldSelector'));
    if (byName !== undefined && isPathSegmentName(byName)) name = byName;
  }
  return {
    verb,
    resourceRequest: true,
    path,
    namespace,
    apiGroup,
    apiVersion,
    resource,
    subresource,
    name,
  };
}

function splitPath(path: string): string[] {
  const trimmed = path.replace(/^\/+|\/+$/g, '');
  if (trimmed === '') return [];
  // Go reads the decoded path: `%3A` in a name is a colon.
  return trimmed.split('/').map((segment) => {
    try {
      return decodeURIComponent(segment);
    } catch {
      return segment;
    }
  });
}

/** `fields.Selector.RequiresExactMatch("metadata.name")`: a `metadata.name=x` term. */
function exactName(selector: string | null): string | undefined {
  if (!selector) return undefined;
  for (const term of selector.split(/(?<!\\),/)) {
    const match = /^metadata\.name==?(.*)$/.exec(term.trim());
    if (match) return (match[1] ?? '').replace(/\\(.)/g, '$1');
  }
  return undefined;
}

function isPathSegmentName(name: string): boolean {
  return name !== '.' && name !== '..' && !name.includes('/') && !name.includes('%');
}
