/**
 * Docker reference normalisation, as containerd and the kubelet do it: `nginx` →
 * `docker.io/library/nginx:latest`, `k8s.gcr.io/pause:3.9` stays as is, a digest suffix is kept.
 */
export interface ImageReference {
  /** `docker.io/library/nginx`. */
  repository: string;
  /** `latest` when none was given (and no digest). */
  tag: string;
  digest?: string;
  /** `docker.io/library/nginx:1.27` (or `…@sha256:…`). */
  canonical: string;
}

const COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;

export function parseImageReference(reference: string): ImageReference | undefined {
  let rest = reference;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!/^sha256:[a-f0-9]{64}$/.test(digest)) return undefined;
  }
  let tag: string | undefined;
  const colon = rest.lastIndexOf(':');
  if (colon > rest.lastIndexOf('/')) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
    if (!/^[\w][\w.-]{0,127}$/.test(tag)) return undefined;
  }
  const parts = rest.split('/');
  const first = parts[0] ?? '';
  const hasRegistry =
    parts.length > 1 && (first.includes('.') || first.includes(':') || first === 'localhost');
  const registry = hasRegistry ? first : 'docker.io';
  const path = hasRegistry ? parts.slice(1) : parts;
  if (path.length === 0 || !path.every((part) => COMPONENT.test(part))) return undefined;
  if (registry === 'docker.io' && path.length === 1) path.unshift('library');
  const repository = `${registry}/${path.join('/')}`;
  const finalTag = tag ?? (digest ? '' : 'latest');
  const canonical = digest
    ? `${repository}${finalTag ? `:${finalTag}` : ''}@${digest}`
    : `${repository}:${finalTag}`;
  return { repository, tag: finalTag, canonical, ...(digest ? { digest } : {}) };
}
