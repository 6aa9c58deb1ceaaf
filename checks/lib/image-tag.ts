/**
 * The tag of an image reference as written in a Pod (`busybox:1.36` → `1.36`,
 * `registry:5000/team/app:v2` → `v2`), undefined when it names none (`busybox`,
 * `busybox@sha256:…`). A registry's port is no tag: only the last path part can carry one.
 */
export function imageTag(image: string): string | undefined {
  const name = image.split('@')[0] ?? '';
  const last = name.slice(name.lastIndexOf('/') + 1);
  const colon = last.indexOf(':');
  return colon < 0 ? undefined : last.slice(colon + 1);
}
