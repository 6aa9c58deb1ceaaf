import { API_GROUPS, groupVersion, RESOURCES, type ResourceInfo } from './resources.js';

/**
 * API discovery in both forms kubectl understands. Aggregated discovery (one request for
 * everything) must be answered with its exact content type or kubectl misreads the body;
 * legacy discovery answers clients that ask for plain JSON (client-go's older paths, curl).
 */

export const AGGREGATED_V2 = 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList';
export const AGGREGATED_V2BETA1 =
  'application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList';

/** Which aggregated form, if any, the Accept header asks for, honouring its order. */
export function negotiateAggregated(accept: string | undefined): 'v2' | 'v2beta1' | undefined {
  for (const part of (accept ?? '').split(',')) {
    const params = part.split(';').map((p) => p.trim());
    if (!params.includes('g=apidiscovery.k8s.io') || !params.includes('as=APIGroupDiscoveryList')) {
      continue;
    }
    if (params.includes('v=v2')) return 'v2';
    if (params.includes('v=v2beta1')) return 'v2beta1';
  }
  return undefined;
}

function aggregatedResource(r: ResourceInfo) {
  return {
    resource: r.resource,
    responseKind: { group: r.group, version: r.version, kind: r.kind },
    scope: r.namespaced ? 'Namespaced' : 'Cluster',
    singularResource: r.singular,
    verbs: r.verbs,
    ...(r.shortNames.length ? { shortNames: r.shortNames } : {}),
    ...(r.categories.length ? { categories: r.categories } : {}),
    ...(r.subresources.length
      ? {
          subresources: r.subresources.map((s) => ({
            subresource: s.subresource,
            responseKind: {
              group: s.group ?? (s.kind === 'Binding' ? '' : r.group),
              version: s.version ?? 'v1',
              kind: s.kind,
            },
            verbs: s.verbs,
          })),
        }
      : {}),
  };
}

function aggregatedGroup(name: string, version: string) {
  const resources = RESOURCES.filter((r) => r.group === name && r.version === version);
  return {
    metadata: name ? { name } : {},
    versions: [{ version, resources: resources.map(aggregatedResource), freshness: 'Current' }],
  };
}

export function aggregatedDiscovery(path: '/api' | '/apis', form: 'v2' | 'v2beta1') {
  const items =
    path === '/api'
      ? [aggregatedGroup('', 'v1')]
      : API_GROUPS.map((g) => aggregatedGroup(g.name, g.version));
  return {
    kind: 'APIGroupDiscoveryList',
    apiVersion: `apidiscovery.k8s.io/${form}`,
    metadata: {},
    items,
  };
}

export function legacyApiVersions(serverAddress: string) {
  return {
    kind: 'APIVersions',
    versions: ['v1'],
    serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }],
  };
}

function legacyGroup(name: string, version: string) {
  const gv = { groupVersion: `${name}/${version}`, version };
  return { name, versions: [gv], preferredVersion: gv };
}

export function legacyApiGroupList() {
  return {
    kind: 'APIGroupList',
    apiVersion: 'v1',
    groups: API_GROUPS.map((g) => legacyGroup(g.name, g.version)),
  };
}

export function legacyApiGroup(name: string) {
  const group = API_GROUPS.find((g) => g.name === name);
  return group
    ? { kind: 'APIGroup', apiVersion: 'v1', ...legacyGroup(group.name, group.version) }
    : undefined;
}

/** `GET /api/v1`, `GET /apis/<group>/<version>`: undefined when that group/version is not served. */
export function legacyResourceList(group: string, version: string) {
  const served =
    group === ''
      ? version === 'v1'
      : API_GROUPS.some((g) => g.name === group && g.version === version);
  if (!served) return undefined;
  const resources = RESOURCES.filter((r) => r.group === group && r.version === version).flatMap(
    (r) => [
      {
        name: r.resource,
        singularName: r.singular,
        namespaced: r.namespaced,
        kind: r.kind,
        verbs: r.verbs,
        ...(r.shortNames.length ? { shortNames: r.shortNames } : {}),
        ...(r.categories.length ? { categories: r.categories } : {}),
      },
      ...r.subresources.map((s) => ({
        name: `${r.resource}/${s.subresource}`,
        singularName: '',
        namespaced: r.namespaced,
        // APIResource names the group and version only when they differ from the list's.
        ...(s.group !== undefined ? { group: s.group, version: s.version ?? 'v1' } : {}),
        kind: s.kind,
        verbs: s.verbs,
      })),
    ],
  );
  return {
    kind: 'APIResourceList',
    apiVersion: 'v1',
    groupVersion: groupVersion({ group, version }),
    resources,
  };
}
