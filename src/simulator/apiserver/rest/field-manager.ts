/** `validation.FieldManagerMaxLength`: a manager name is at most this many bytes. */
const FIELD_MANAGER_MAX_LENGTH = 128;

/** Go's `unicode.IsPrint`: letters, marks, numbers, punctuation, symbols and the ASCII space. */
const PRINTABLE = /^[\p{L}\p{M}\p{N}\p{P}\p{S} ]$/u;

/**
 * `prefixFromUserAgent` (apiserver handlers/rest.go): the User-Agent up to its first `/`,
 * unprintable characters dropped, cut to 128 bytes without splitting a character.
 * `node-fetch/1.0 (+https://github.com/bitinn/node-fetch)` → `node-fetch`.
 */
export function managerFromUserAgent(userAgent: string): string {
  const product = userAgent.split('/')[0] ?? '';
  let out = '';
  let bytes = 0;
  for (const char of product) {
    if (!PRINTABLE.test(char)) continue;
    const size = Buffer.byteLength(char);
    if (bytes + size > FIELD_MANAGER_MAX_LENGTH) break;
    out += char;
    bytes += size;
  }
  return out;
}
