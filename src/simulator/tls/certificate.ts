import { X509Certificate } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../../util/atomic-write.js';

/**
 * The cluster's certificate authority and the API server's serving certificate, PEM-encoded,
 * laid out as kubeadm (and so kind) lays them out: a self-signed CA named `kubernetes`, and a
 * `kube-apiserver` certificate it signed, valid for every name a client inside or outside the
 * cluster uses. Clients trust `caPem` (the kubeconfig, every pod's `ca.crt`); the server presents
 * `certPem` alone, so a client without the CA fails the way it does against a real cluster
 * (`unable to get local issuer certificate`).
 */
export interface ServingCertificate {
  certPem: string;
  keyPem: string;
  caPem: string;
}

const CA_FILE = 'ca.crt';
const CERT_FILE = 'serving.crt';
const KEY_FILE = 'serving.key';

/**
 * The serving certificate's names: the loopback address kubectl dials, and the `kubernetes`
 * Service's address and DNS names a pod dials (kubeadm's `apiserver` certificate list).
 */
export const SERVING_DNS_NAMES = [
  'kubernetes',
  'kubernetes.default',
  'kubernetes.default.svc',
  'kubernetes.default.svc.cluster.local',
  'localhost',
];
export const SERVING_IPS = ['10.96.0.1', '127.0.0.1'];

/**
 * Loads the simulator's CA and serving certificate from the state directory, or creates them.
 * kubectl only sends its bearer token over HTTPS, so TLS is not optional; keeping them across
 * restarts keeps start-up fast and kubeconfigs already handed out valid. A state directory from
 * before the CA existed (a self-signed serving certificate) gets a new pair.
 */
export async function loadOrCreateCertificate(stateDir: string): Promise<ServingCertificate> {
  const caPath = join(stateDir, CA_FILE);
  const certPath = join(stateDir, CERT_FILE);
  const keyPath = join(stateDir, KEY_FILE);
  try {
    const [caPem, certPem, keyPem] = await Promise.all([
      readFile(caPath, 'utf8'),
      readFile(certPath, 'utf8'),
      readFile(keyPath, 'utf8'),
    ]);
    if (keyPem.includes('PRIVATE KEY') && isCurrentLayout(caPem, certPem)) {
      return { caPem, certPem, keyPem };
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const created = await createSelfSignedCertificate();
  await writeFileAtomic(keyPath, created.keyPem, 0o600);
  await writeFileAtomic(certPath, created.certPem, 0o644);
  await writeFileAtomic(caPath, created.caPem, 0o644);
  return created;
}

/** A serving certificate that the CA signed and that names the in-cluster addresses. */
function isCurrentLayout(caPem: string, certPem: string): boolean {
  try {
    const ca = new X509Certificate(caPem);
    const cert = new X509Certificate(certPem);
    return (
      cert.checkIssued(ca) &&
      cert.verify(ca.publicKey) &&
      cert.checkHost('kubernetes.default.svc') !== undefined &&
      cert.checkIP(SERVING_IPS[0] as string) !== undefined
    );
  } catch {
    return false;
  }
}

/**
 * A CA (`CN=kubernetes`) and a serving certificate it signs (`CN=kube-apiserver`), EC P-256,
 * valid for ten years.
 */
export async function createSelfSignedCertificate(): Promise<ServingCertificate> {
  // Loaded lazily: only the first start of a state directory pays for the X.509 library.
  await import('reflect-metadata');
  const x509 = await import('@peculiar/x509');
  const { webcrypto } = await import('node:crypto');
  x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);
  type Keys = Parameters<typeof x509.X509CertificateGenerator.createSelfSigned>[0]['keys'];
  const algorithm = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };
  const newKeys = async () =>
    (await webcrypto.subtle.generateKey(algorithm, true, ['sign', 'verify'])) as unknown as Keys;
  const [caKeys, keys] = await Promise.all([newKeys(), newKeys()]);
  const now = Date.now();
  const validity = {
    notBefore: new Date(now - 60 * 60 * 1000),
    notAfter: new Date(now + 10 * 365 * 24 * 60 * 60 * 1000),
  };
  const serial = () => webcrypto.getRandomValues(Buffer.alloc(8)).toString('hex');
  const ca = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: serial(),
    name: 'CN=kubernetes',
    ...validity,
    keys: caKeys,
    signingAlgorithm: algorithm,
    extensions: [
      new x509.BasicConstraintsExtension(true, undefined, true),
      new x509.KeyUsagesExtension(
        x509.KeyUsageFlags.digitalSignature |
          x509.KeyUsageFlags.keyEncipherment |
          x509.KeyUsageFlags.keyCertSign,
        true,
      ),
      await x509.SubjectKeyIdentifierExtension.create(caKeys.publicKey),
    ],
  });
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: serial(),
    subject: 'CN=kube-apiserver',
    issuer: ca.subject,
    ...validity,
    publicKey: keys.publicKey,
    signingKey: caKeys.privateKey,
    signingAlgorithm: algorithm,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(
        x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment,
        true,
      ),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
      await x509.AuthorityKeyIdentifierExtension.create(caKeys.publicKey),
      new x509.SubjectAlternativeNameExtension([
        ...SERVING_DNS_NAMES.map((value) => ({ type: 'dns' as const, value })),
        ...SERVING_IPS.map((value) => ({ type: 'ip' as const, value })),
      ]),
    ],
  });
  const pkcs8 = await webcrypto.subtle.exportKey('pkcs8', keys.privateKey);
  const keyBase64 = Buffer.from(pkcs8).toString('base64');
  const keyLines = keyBase64.match(/.{1,64}/g) ?? [];
  return {
    caPem: `${ca.toString('pem')}\n`,
    certPem: `${cert.toString('pem')}\n`,
    keyPem: `-----BEGIN PRIVATE KEY-----\n${keyLines.join('\n')}\n-----END PRIVATE KEY-----\n`,
  };
}
