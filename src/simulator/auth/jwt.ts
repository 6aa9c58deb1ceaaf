/**
 * Compact JWS (RS256) as the API server's token generator writes ServiceAccount tokens:
 * header `{"alg":"RS256","kid":…}`, where the key id is the unpadded base64url SHA-256 of the
 * public key's DER (`keyIDFromPublicKey`), so `kubectl create token | jwt decode` looks real.
 */
import { createHash, createPublicKey, type KeyObject, sign, verify } from 'node:crypto';

export interface SigningKey {
  privateKey: KeyObject;
  publicKey: KeyObject;
  keyId: string;
}

export function signingKeyFrom(privateKey: KeyObject): SigningKey {
  const publicKey = createPublicKey(privateKey);
  const der = publicKey.export({ type: 'spki', format: 'der' });
  const keyId = createHash('sha256').update(der).digest('base64url');
  return { privateKey, publicKey, keyId };
}

const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

export function signJwt(key: SigningKey, claims: Record<string, unknown>): string {
  const input = `${part({ alg: 'RS256', kid: key.keyId })}.${part(claims)}`;
  const signature = sign('sha256', Buffer.from(input), key.privateKey).toString('base64url');
  return `${input}.${signature}`;
}

/**
 * The claims of a token this key signed, or undefined for anything else: another shape,
 * another algorithm, another key, a bad signature. Claims are not checked here.
 */
export function verifyJwt(key: SigningKey, token: string): Record<string, unknown> | undefined {
  const parts = token.split('.');
  if (parts.length !== 3) return undefined;
  const [header = '', payload = '', signature = ''] = parts;
  const decoded = decodePart(header);
  if (decoded?.alg !== 'RS256') return undefined;
  if (decoded.kid !== undefined && decoded.kid !== key.keyId) return undefined;
  const valid = verify(
    'sha256',
    Buffer.from(`${header}.${payload}`),
    key.publicKey,
    Buffer.from(signature, 'base64url'),
  );
  return valid ? decodePart(payload) : undefined;
}

/** Whether a bearer token has the shape of a JWT (three base64url parts, a JSON header). */
export function looksLikeJwt(token: string): boolean {
  const parts = token.split('.');
  return parts.length === 3 && decodePart(parts[0] ?? '') !== undefined;
}

function decodePart(text: string): Record<string, unknown> | undefined {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) return undefined;
  try {
    const value: unknown = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}
