/**
 * Container image references (`docker.io/library/nginx:1.25@sha256:…`), parsed with the grammar
 * of `github.com/distribution/reference`, which `parsers.ParseImageName` uses when the API
 * server defaults `imagePullPolicy`.
 */

const DOMAIN_COMPONENT = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const DOMAIN = `(?:${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*|\\[[a-fA-F0-9:]+\\])(?::[0-9]+)?`;
const PATH_COMPONENT = '[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*';
const NAME = `(?:${DOMAIN}/)?${PATH_COMPONENT}(?:/${PATH_COMPONENT})*`;
const TAG = '\\w[\\w.-]{0,127}';
const DIGEST = '[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}';
const REFERENCE = new RegExp(`^(${NAME})(?::(${TAG}))?(?:@(${DIGEST}))?$`);
const NAME_MAX_LENGTH = 255;

export interface ImageReference {
  name: string;
  /** The tag; `latest` when neither tag nor digest was given, as the parser fills it in. */
  tag: string;
  digest: string;
}

/** Parses an image reference; undefined when it is not one (the API server then ignores it). */
export function parseImageReference(image: string): ImageReference | undefined {
  const match = REFERENCE.exec(image);
  if (!match?.[1] || match[1].length > NAME_MAX_LENGTH) return undefined;
  const tag = match[2] ?? '';
  const digest = match[3] ?? '';
  return { name: match[1], tag: tag === '' && digest === '' ? 'latest' : tag, digest };
}

/** `SetDefaults_Container`: `Always` for `:latest` or no tag at all, `IfNotPresent` otherwise. */
export function defaultPullPolicy(image: string): 'Always' | 'IfNotPresent' {
  return parseImageReference(image)?.tag === 'latest' ? 'Always' : 'IfNotPresent';
}
