/**
 * The `pod-template-hash` label and the `<deployment>-<hash>` ReplicaSet name
 * (`controller.ComputeHash`): FNV-1a 32 over the Deployment's pod template and, after a name
 * collision, its `status.collisionCount`; the number's decimal digits are then spelled in the
 * alphabet of generated names (`rand.SafeEncodeString`), so `1234567890` reads `56789bcdf4`.
 *
 * Go hashes a `spew` dump of its struct, which no JSON reproduces; this hashes the template's
 * canonical JSON (keys sorted) instead. The result has the real shape (up to ten characters of
 * `[4-9bcdf]`), is the same for equal templates and changes when the template changes — which is
 * all the controllers and a learner rely on.
 */

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;
/** `rand.alphanums`: no vowels, no look-alikes. */
const ALPHANUMS = 'bcdfghjklmnpqrstvwxz2456789';

/** FNV-1a, 32 bits, over `bytes`, continuing from `hash`. */
export function fnv1a32(bytes: Uint8Array, hash = FNV_OFFSET): number {
  let h = hash;
  for (const byte of bytes) {
    h ^= byte;
    h = Math.imul(h, FNV_PRIME) >>> 0;
  }
  return h >>> 0;
}

/** `rand.SafeEncodeString`: each character mapped to `alphanums[code % 27]`. */
export function safeEncodeString(text: string): string {
  let out = '';
  for (const char of text) out += ALPHANUMS[(char.codePointAt(0) ?? 0) % ALPHANUMS.length];
  return out;
}

/** JSON with object keys sorted at every level: equal templates give equal text. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.keys(value)
      .sort()
      .filter((key) => (value as Record<string, unknown>)[key] !== undefined)
      .map(
        (key) => `${JSON.stringify(key)}:${canonicalJson((value as Record<string, unknown>)[key])}`,
      );
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** `ComputeHash(template, collisionCount)`, encoded. */
export function computeHash(template: unknown, collisionCount?: number): string {
  let hash = fnv1a32(new TextEncoder().encode(canonicalJson(template)));
  if (collisionCount !== undefined) {
    // Go writes the uint32 into an 8-byte buffer, little-endian, and hashes all eight bytes.
    const buffer = new Uint8Array(8);
    new DataView(buffer.buffer).setUint32(0, collisionCount >>> 0, true);
    hash = fnv1a32(buffer, hash);
  }
  return safeEncodeString(String(hash));
}
