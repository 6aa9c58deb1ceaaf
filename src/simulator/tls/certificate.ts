import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../../util/atomic-write.js';

/** The serving certificate and key, PEM-encoded. The certificate is its own CA. */
export interface ServingCertificate {
  certPem: string;
  keyPem: string;
}

const CERT_FILE = 'serving.crt';
const KEY_FILE = 'serving.key';

/**
 * Loads the simulator's self-signed certificate from the state directory, or creates one.
 * kubectl only sends its bearer token over HTTPS, so TLS is not optional; keeping the
 * certificate across restarts keeps start-up fast and kubeconfigs already handed out valid.
 */
export async function loadOrCreateCertificate(stateDir: string): Promise<ServingCertificate> {
  const certPath = join(stateDir, CERT_FILE);
  const keyPath = join(stateDir, KEY_FILE);
  try {
    const [certPem, keyPem] = await Promise.all([
      readFile(certPath, 'utf8'),
      readFile(keyPath, 'utf8'),
    ]);
    if (certPem.includes('BEGIN CERTIFICATE') && keyPem.includes('PRIVATE KEY')) {
      return { certPem, keyPem };
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const created = await createSelfSignedCertificate();
  await writeFileAtomic(keyPath, created.keyPem, 0o600);
  await writeFileAtomic(certPath, created.certPem, 0o644);
  return created;
}

/** An EC P-256 certificate for 127.0.0.1 and localhost, valid for ten years. */
export async function createSelfSignedCertificate(): Promise<ServingCertificate> {
  // Loaded lazily: only the first start of a state directory pays for the X.509 library.
  await import('reflect-metadata');
  const x509 = await import('@peculiar/x509');
  const { webcrypto } = await import('node:crypto');
  x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);
  const algorithm = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };
  const keys = await webcrypto.subtle.generateKey(algorithm, true, ['sign', 'verify']);
  const now = Date.now();
  const certificate = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: webcrypto.getRandomValues(Buffer.alloc(8)).toString('hex'),
    name: 'CN=pod-course-sim',
    notBefore: new Date(now - 60 * 60 * 1000),
    notAfter: new Date(now + 10 * 365 * 24 * 60 * 60 * 1000),
    keys: keys as unknown as Parameters<
      typeof x509.X509CertificateGenerator.createSelfSigned
    >[0]['keys'],
    signingAlgorithm: algorithm,
    extensions: [
      new x509.BasicConstraintsExtension(true, undefined, true),
      new x509.KeyUsagesExtension(
        x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyCertSign,
        true,
      ),
      new x509.SubjectAlternativeNameExtension([
        { type: 'ip', value: '127.0.0.1' },
        { type: 'dns', value: 'localhost' },
      ]),
    ],
  });
  const pkcs8 = await webcrypto.subtle.exportKey('pkcs8', keys.privateKey);
  const keyBase64 = Buffer.from(pkcs8).toString('base64');
  const keyLines = keyBase64.match(/.{1,64}/g) ?? [];
  return {
    certPem: `${certificate.toString('pem')}\n`,
    keyPem: `-----BEGIN PRIVATE KEY-----\n${keyLines.join('\n')}\n-----END PRIVATE KEY-----\n`,
  };
}
