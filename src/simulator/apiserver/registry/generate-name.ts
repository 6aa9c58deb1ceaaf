import { randomInt } from 'node:crypto';

/** The alphabet of `names.SimpleNameGenerator`: no vowels, no look-alike characters. */
const ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

export function generateNameSuffix(length = 5) {
  let suffix = '';
  for (let i = 0; i < length; i++) suffix += ALPHABET[randomInt(ALPHABET.length)];
  return suffix;
}
