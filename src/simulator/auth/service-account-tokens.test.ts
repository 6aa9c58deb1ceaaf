import { generateKeyPairSync } from 'node:crypto';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Registry } from '../apiserver/registry/registry.js';
import { findResource, type ResourceInfo } from '../apiserver/resources.js';
import { bootstrapCluster } from '../bootstrap.js';
import { Store } from '../store/index.js';
import { signingKeyFrom, signJwt, verifyJwt } from './jwt.js';
import {
  EXTENDED_EXPIRATION_SECONDS,
  kubeletServiceAccountToken,
  serviceAccountTokens,
  useSigningKey,
} from './service-account-tokens.js';
import { loadOrCreateSigningKey, processSigningKey } from './signing-key.js';

const core = (resource: string) => findResource('', 'v1', resource) as ResourceInfo;
const T0 = new Date('2026-03-01T10:00:00Z');

async function cluster() {
  const registry = new Registry(Store.memory(), () => T0);
  await bootstrapCluster(registry, T0);
  const account = await registry.create(core('serviceaccounts'), 'default', {
    apiVersion: 'v1',
    kind: 'ServiceAccount',
    metadata: { name: 'robot' },
  });
  const pod = await registry.create(core('pods'), 'default', {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'web' },
    spec: {
      serviceAccountName: 'robot',
      nodeName: 'pod-course-worker',
      containers: [{ name: 'app', image: 'nginx' }],
    },
  });
  return { registry, account, pod, tokens: serviceAccountTokens(registry.storage) };
}

function claimsOf(token: string) {
  return JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8'));
}

describe('JWT signing', () => {
  it('signs RS256 with the key id of the public key, and rejects any other key or edit', () => {
    const key = processSigningKey();
    const token = signJwt(key, { sub: 'x' });
    expect(JSON.parse(Buffer.from(token.split('.')[0] ?? '', 'base64url').toString())).toEqual({
      alg: 'RS256',
      kid: key.keyId,
    });
    expect(verifyJwt(key, token)).toEqual({ sub: 'x' });
    const other = signingKeyFrom(generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey);
    expect(verifyJwt(other, token)).toBeUndefined();
    const [h, , s] = token.split('.');
    const forged = `${h}.${Buffer.from('{"sub":"admin"}').toString('base64url')}.${s}`;
    expect(verifyJwt(key, forged)).toBeUndefined();
    expect(verifyJwt(key, 'not-a-jwt')).toBeUndefined();
  });

  it('keeps the signing key in the state directory, readable only by its owner', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sa-key-'));
    try {
      const first = await loadOrCreateSigningKey(dir);
      const again = await loadOrCreateSigningKey(dir);
      expect(again.keyId).toBe(first.keyId);
      expect(await readFile(join(dir, 'sa.key'), 'utf8')).toContain('BEGIN RSA PRIVATE KEY');
      expect((await stat(join(dir, 'sa.key'))).mode & 0o777).toBe(0o600);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('ServiceAccount tokens', () => {
  it('puts the real claims in a pod-bound token and extends the hour to a year', async () => {
    const { registry, account, pod } = await cluster();
    const token = kubeletServiceAccountToken(registry.storage, pod, T0);
    const iat = T0.getTime() / 1000;
    const node = registry.storage.get('nodes', '', 'pod-course-worker');
    const claims = claimsOf(token);
    expect(claims).toEqual({
      aud: ['https://kubernetes.default.svc.cluster.local'],
      exp: iat + EXTENDED_EXPIRATION_SECONDS,
      iat,
      iss: 'https://kubernetes.default.svc.cluster.local',
      jti: expect.stringMatching(/^[0-9a-f-]{36}$/),
      'kubernetes.io': {
        namespace: 'default',
        node: { name: 'pod-course-worker', uid: node?.metadata.uid },
        pod: { name: 'web', uid: pod.metadata.uid },
        serviceaccount: { name: 'robot', uid: account.metadata.uid },
        warnafter: iat + 3607,
      },
      nbf: iat,
      sub: 'system:serviceaccount:default:robot',
    });
    // Keys in go-jose's (sorted) order, as a decoded real token shows them.
    expect(Object.keys(claims)).toEqual([...Object.keys(claims)].sort());
  });

  it('authenticates as the account while the account and the pod exist', async () => {
    const { registry, account, pod, tokens } = await cluster();
    const token = kubeletServiceAccountToken(registry.storage, pod, T0);
    const user = tokens.authenticate(token, T0);
    expect(user).toEqual({
      name: 'system:serviceaccount:default:robot',
      uid: account.metadata.uid,
      groups: ['system:serviceaccounts', 'system:serviceaccounts:default', 'system:authenticated'],
      extra: {
        'authentication.kubernetes.io/credential-id': [`JTI=${claimsOf(token).jti}`],
        'authentication.kubernetes.io/node-name': ['pod-course-worker'],
        'authentication.kubernetes.io/node-uid': [
          registry.storage.get('nodes', '', 'pod-course-worker')?.metadata.uid,
        ],
        'authentication.kubernetes.io/pod-name': ['web'],
        'authentication.kubernetes.io/pod-uid': [pod.metadata.uid],
      },
    });
    await registry.delete(core('pods'), 'default', 'web', { gracePeriodSeconds: 0 });
    expect(tokens.authenticate(token, T0)).toBeUndefined();
  });

  it('stops authenticating a token when its account is deleted and recreated', async () => {
    const { registry, account, tokens } = await cluster();
    const { token } = tokens.issue({
      serviceAccount: account,
      audiences: ['https://kubernetes.default.svc.cluster.local'],
      expirationSeconds: 600,
      now: T0,
    });
    expect(tokens.authenticate(token, T0)?.name).toBe('system:serviceaccount:default:robot');
    await registry.delete(core('serviceaccounts'), 'default', 'robot');
    await registry.create(core('serviceaccounts'), 'default', {
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: { name: 'robot' },
    });
    expect(tokens.authenticate(token, T0)).toBeUndefined();
  });

  it('refuses expired tokens and tokens for another audience', async () => {
    const { account, tokens } = await cluster();
    const issue = (audiences: string[]) =>
      tokens.issue({ serviceAccount: account, audiences, expirationSeconds: 600, now: T0 }).token;
    const token = issue(['https://kubernetes.default.svc.cluster.local']);
    const later = (seconds: number) => new Date(T0.getTime() + seconds * 1000);
    // go-jose allows a minute of clock skew past `exp`.
    expect(tokens.authenticate(token, later(650))).toBeDefined();
    expect(tokens.authenticate(token, later(661))).toBeUndefined();
    expect(tokens.authenticate(issue(['vault']), T0)).toBeUndefined();
  });

  it('does not accept a token signed with another cluster key', async () => {
    const { registry, account } = await cluster();
    const elsewhere = useSigningKey(
      Store.memory(),
      signingKeyFrom(generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey),
    );
    const { token } = elsewhere.issue({
      serviceAccount: account,
      audiences: ['https://kubernetes.default.svc.cluster.local'],
      expirationSeconds: 600,
      now: T0,
    });
    expect(serviceAccountTokens(registry.storage).authenticate(token, T0)).toBeUndefined();
  });
});
