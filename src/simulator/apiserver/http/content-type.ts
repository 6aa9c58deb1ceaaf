/** Media types the API server reads and writes. */

export const JSON_TYPE = 'application/json';
export const YAML_TYPE = 'application/yaml';
export const PROTOBUF_TYPE = 'application/vnd.kubernetes.protobuf';

export function mediaType(header: string | undefined) {
  return (header ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
}

/** `application/json;as=Table;v=v1;g=meta.k8s.io` anywhere in Accept: kubectl wants a Table. */
export function wantsTable(accept: string | undefined) {
  return (accept ?? '').split(',').some((part) => {
    const params = part.split(';').map((p) => p.trim());
    return params.includes('as=Table') && params.includes('g=meta.k8s.io');
  });
}
