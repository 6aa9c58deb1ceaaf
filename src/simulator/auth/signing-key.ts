/**
 * The ServiceAccount token signing key: kubeadm's `/etc/kubernetes/pki/sa.key`, an RSA key the
 * API server signs tokens with and verifies them by. Kept in the state directory so tokens
 * handed out (`kubectl create token`, a pod's projected token) stay valid across restarts.
 */
import { createPrivateKey, generateKeyPair, generateKeyPairSync } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { writeFileAtomic } from '../../util/atomic-write.js';
import { type SigningKey, signingKeyFrom } from './jwt.js';

const KEY_FILE = 'sa.key';
const MODULUS_BITS = 2048;

export async function loadOrCreateSigningKey(stateDir: string): Promise<SigningKey> {
  const path = join(stateDir, KEY_FILE);
  try {
    const pem = await readFile(path, 'utf8');
    if (pem.includes('PRIVATE KEY')) return signingKeyFrom(createPrivateKey(pem));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  // Generated off the event loop: an RSA key takes a tenth of a second.
  const { privateKey } = await promisify(generateKeyPair)('rsa', { modulusLength: MODULUS_BITS });
  await writeFileAtomic(path, privateKey.export({ type: 'pkcs1', format: 'pem' }), 0o600);
  return signingKeyFrom(privateKey);
}

let processKey: SigningKey | undefined;

/**
 * One key for every cluster of this process that was given none (tests, a bare API server):
 * generated once, on first use, and never written anywhere.
 */
export function processSigningKey(): SigningKey {
  if (!processKey) {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: MODULUS_BITS });
    processKey = signingKeyFrom(privateKey);
  }
  return processKey;
}
