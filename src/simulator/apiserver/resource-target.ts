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
      if (rest.length > 5 || !servesSubresource(inner, rest[4])) return undefined;
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
  // A path under an object names one of its subresources or no route at all.
  if (!servesSubresource(info, rest[2])) return undefined;
  return {
    info,
    ...(rest[1] !== undefined ? { name: rest[1] } : {}),
    ...(rest[2] !== undefined ? { subresource: rest[2] } : {}),
    watchPrefix,
  };
}

function servesSubresource(info: ResourceInfo, subresource: string | undefined) {
  return subresource === undefined || info.subresources.some((s) => s.subresource === subresource);
}

const METHOD_OF_VERB: Record<string, string[]> = {
  get: ['GET'],
  list: ['GET'],
  watch: ['GET'],
  create: ['POST'],
  update: ['PUT'],
  patch: ['PATCH'],
  delete: ['DELETE'],
  deletecollection: ['DELETE'],
};

/**
 * The HTTP methods the real API server registers a route for on this path. Any other method is
 * refused by its router (go-restful) with a bare 405, before any handler runs: `DELETE` on the
 * namespace collection, `POST` on the all-namespaces pod list, `PUT` on a collection.
 */
export function allowedMethods(target: ResourceTarget): Set<string> {
  const { info } = target;
  const verbs = new Set<string>();
  if (target.watchPrefix) {
    verbs.add('watch');
  } else if (target.subresource !== undefined) {
    const sub = info.subresources.find((s) => s.subresource === target.subresource);
    for (const verb of sub?.verbs ?? []) verbs.add(verb);
  } else if (target.name !== undefined) {
    for (const verb of ['get', 'update', 'patch', 'delete']) {
      if (info.verbs.includes(verb)) verbs.add(verb);
    }
  } else if (info.namespaced && target.namespace === undefined) {
    // `/api/v1/pods`: only list and watch across namespaces.
    for (const verb of ['list', 'watch']) if (info.verbs.includes(verb)) verbs.add(verb);
  } else {
    for (const verb of ['list', 'watch', 'create', 'deletecollection']) {
      if (info.verbs.includes(verb)) verbs.add(verb);
    }
  }
  const methods = new Set<string>();
  for (const verb of verbs) for (const method of METHOD_OF_VERB[verb] ?? []) methods.add(method);
  return methods;
}
