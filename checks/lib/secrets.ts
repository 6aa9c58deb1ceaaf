import type { V1Secret } from '@kubernetes/client-node';
import type { CheckContext } from './check-context.js';

/** The Secret, or undefined when it does not exist (or is being deleted). */
export async function readSecret(ctx: CheckContext, name: string): Promise<V1Secret | undefined> {
  const secret = await ctx.object<V1Secret>('Secret', name);
  return secret && !secret.metadata?.deletionTimestamp ? secret : undefined;
}

/** The keys of a Secret's `data`, sorted as `kubectl get -o yaml` shows them. */
export function secretKeys(secret: V1Secret | undefined): string[] {
  return Object.keys(secret?.data ?? {}).sort();
}

/**
 * The decoded value of `key` (what a mounted file or an env var receives), or undefined when
 * the Secret has no such key. The API always returns `data` base64-encoded; `stringData` is
 * write-only and already merged into `data` by the API server.
 */
export function secretText(secret: V1Secret | undefined, key: string): string | undefined {
  const encoded = secret?.data?.[key];
  if (encoded === undefined) return undefined;
  return Buffer.from(encoded, 'base64').toString('utf8');
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/**
 * The text `value` stands for when it is itself base64 (canonical, decoding to printable
 * text): the sign of a value encoded once too often, such as base64 written into `stringData`,
 * which the API server encodes again. Undefined for anything else.
 */
export function base64Inside(value: string): string | undefined {
  const text = value.replace(/\r?\n$/, '');
  if (text.length < 4 || !BASE64.test(text)) return undefined;
  const bytes = Buffer.from(text, 'base64');
  if (bytes.toString('base64') !== text) return undefined;
  const decoded = bytes.toString('utf8');
  // Printable ASCII, and at most one trailing newline (echo without -n).
  return /^[\x20-\x7e]+\n?$/.test(decoded) ? decoded.replace(/\n$/, '') : undefined;
}
