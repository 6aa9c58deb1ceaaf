import protobuf from 'protobufjs/minimal.js';
import { API_GROUPS, RESOURCES } from './resources.js';

/**
 * Just enough OpenAPI v3 for kubectl's default `--validate=strict`: when the PATCH operation of
 * a kind declares the `fieldValidation` parameter, kubectl hands validation to the server
 * (`?fieldValidation=Strict`) instead of downloading a protobuf OpenAPI v2 document.
 */

const HASH = '0000000000000000000000000000000000000000000000000000000000000000';

function pathKey(group: string, version: string) {
  return group ? `apis/${group}/${version}` : `api/${version}`;
}

export function openApiRoot() {
  const paths: Record<string, { serverRelativeURL: string }> = {};
  for (const { group, version } of [
    { group: '', version: 'v1' },
    ...API_GROUPS.map((g) => ({ group: g.name, version: g.version })),
  ]) {
    const key = pathKey(group, version);
    paths[key] = { serverRelativeURL: `/openapi/v3/${key}?hash=${HASH}` };
  }
  return { paths };
}

/** The document for `/openapi/v3/api/v1` or `/openapi/v3/apis/<group>/<version>`. */
export function openApiGroupVersion(path: string) {
  const resources = RESOURCES.filter((r) => pathKey(r.group, r.version) === path);
  if (resources.length === 0) return undefined;
  const paths: Record<string, unknown> = {};
  for (const r of resources) {
    const base = r.group ? `/apis/${r.group}/${r.version}` : `/api/${r.version}`;
    const item = r.namespaced
      ? `${base}/namespaces/{namespace}/${r.resource}/{name}`
      : `${base}/${r.resource}/{name}`;
    paths[item] = {
      patch: {
        'x-kubernetes-group-version-kind': { group: r.group, version: r.version, kind: r.kind },
        parameters: [
          { name: 'fieldValidation', in: 'query', schema: { type: 'string', uniqueItems: true } },
        ],
      },
    };
  }
  return {
    openapi: '3.0.0',
    info: { title: 'Kubernetes', version: 'v1.32.4' },
    paths,
    components: { schemas: {} },
  };
}

export const OPENAPI_V2_PROTOBUF = 'application/com.github.proto-openapi.spec.v2.v1.0+protobuf';

/**
 * `GET /openapi/v2`: an OpenAPI v2 document (gnostic `openapi_v2.Document`, protobuf) with no
 * paths and no definitions. kubectl falls back to it for kinds the server does not serve; with
 * no schema for them it skips client-side validation and reports the real
 * `no matches for kind "PodPreset" in version "settings.k8s.io/v1alpha1"`.
 */
export function openApiV2Protobuf(): Buffer {
  const writer = protobuf.Writer.create();
  writer.uint32((1 << 3) | 2).string('2.0'); // swagger
  writer.uint32((2 << 3) | 2).fork(); // info
  writer.uint32((1 << 3) | 2).string('Kubernetes'); // info.title
  writer.uint32((2 << 3) | 2).string('v1.32.4'); // info.version
  writer.ldelim();
  writer
    .uint32((8 << 3) | 2)
    .fork()
    .ldelim(); // paths: empty
  return Buffer.from(writer.finish());
}
