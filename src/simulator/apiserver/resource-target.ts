import { findResource, type ResourceInfo } from './resources.js';

/** A request path resolved against the served resources. */
export interface ResourceTarget {
  info: ResourceInfo;
  /** Set for namespaced requests (`/api/v1/namespaces/default/pods`); absent for all-namespaces lists. */
  namespace?: string;
  name?: string;
  subresource?: string;
  /** The legacy `/watch/` path prefix was used. */
  watchPrefix: boolean;
}

/**
 * Resolves `/api/v1/...` and `/apis/<group>/<version>/...` into a target, or undefined when
 * the path names nothing the server serves (the caller answers 404).
 */
export function resolveResourcePath(pathname: string): ResourceTarget | undefined {
  const segments = pathname
    .split('/')
    .filter((s) => s !== '')
    .map(decodeURIComponent);
  let group: string;
  let version: string;
  let rest: string[];
  if (segments[0] === 'api' && segments.length >= 3) {
    group = '';
    version = segments[1] ?? '';
    rest = segments.slice(2);
  } else if (segments[0] === 'apis' && segments.length >= 4) {
    group = segments[1] ?? '';
    version = segments[2] ?? '';
    rest = segments.slice(3);
  } else {
    return undefined;
  }
  let watchPrefix = false;
  if (rest[0] === 'watch') {
    watchPrefix = true;
    rest = rest.slice(1);
  }
  // `namespaces/<ns>/<resource>…` is a namespaced request unless <resource> is a subresource of
  // the namespace itself (`namespaces/<ns>/status`, `namespaces/<ns>/finalize`).
  if (rest[0] === 'namespaces' && rest.length >= 3) {
    const inner = findResource(group, version, rest[2] ?? '');
    if (inner?.namespaced) {
      if (rest.length > 5) return undefined;
      return {
        info: inner,
        namespace: rest[1] ?? '',
        ...(rest[3] !== undefined ? { name: rest[3] } : {}),
        ...(rest[4] !== undefined ? { subresource: rest[4] } : {}),
        watchPrefix,
      };
    }
  }
  const info = findResource(group, version, rest[0] ?? '');
  if (!info || rest.length > 3) return undefined;
  if (info.namespaced && rest.length > 1) return undefined;
  return {
    info,
    ...(rest[1] !== undefined ? { name: rest[1] } : {}),
    ...(rest[2] !== undefined ? { subresource: rest[2] } : {}),
    watchPrefix,
  };
}
