/**
 * Bound ServiceAccount tokens: minted by the TokenRequest API (`kubectl create token`) and by
 * the kubelet for a pod's projected `token` file, and accepted back as bearer tokens that
 * authenticate as `system:serviceaccount:<ns>:<name>` while the account (and the pod or secret
 * the token is bound to) still exists with the same UID (`pkg/serviceaccount/claims.go`).
 */
import { randomUUID } from 'node:crypto';
import type { Storage } from '../apiserver/storage.js';
import type { KubeObject } from '../kube-object.js';
import { type SigningKey, signJwt, verifyJwt } from './jwt.js';
import { processSigningKey } from './signing-key.js';
import {
  ALL_AUTHENTICATED,
  serviceAccountGroups,
  serviceAccountUsername,
  type UserInfo,
} from './user-info.js';

/** kubeadm's `--service-account-issuer`, which is also the API server's only audience. */
export const ISSUER = 'https://kubernetes.default.svc.cluster.local';
export const API_AUDIENCES: readonly string[] = [ISSUER];
/** `WarnOnlyBoundTokenExpirationSeconds`: what admission asks for in `kube-api-access-*`. */
export const WARN_ONLY_EXPIRATION_SECONDS = 3607;
/** `ExpirationExtensionSeconds`: such a token really lasts a year, warning after the hour. */
export const EXTENDED_EXPIRATION_SECONDS = 365 * 24 * 60 * 60;
/** A token of an object deleted less than this long ago still authenticates. */
const DELETION_GRACE_MS = 60_000;

export interface ObjectRef {
  name: string;
  uid?: string;
}

export interface TokenSpec {
  serviceAccount: KubeObject;
  audiences: readonly string[];
  expirationSeconds: number;
  pod?: ObjectRef;
  secret?: ObjectRef;
  node?: ObjectRef;
  now: Date;
}

interface KubernetesClaims {
  namespace?: string;
  node?: ObjectRef;
  pod?: ObjectRef;
  secret?: ObjectRef;
  serviceaccount?: ObjectRef;
  warnafter?: number;
}

export class ServiceAccountTokens {
  constructor(
    private readonly storage: Storage,
    private readonly key: SigningKey,
  ) {}

  /**
   * Signs a token, extending a pod-bound 3607-second request for the API server to a year
   * (the `warnafter` claim keeps the hour), as `--service-account-extend-token-expiration`
   * does. Returns the expiration the TokenRequest reports: the requested one.
   */
  issue(spec: TokenSpec): { token: string; expirationTimestamp: Date } {
    const seconds = (date: Date) => Math.floor(date.getTime() / 1000);
    const iat = seconds(spec.now);
    const forApiServer = spec.audiences.every((a) => API_AUDIENCES.includes(a));
    const extend =
      spec.pod !== undefined &&
      spec.expirationSeconds === WARN_ONLY_EXPIRATION_SECONDS &&
      forApiServer;
    const lifetime = extend ? EXTENDED_EXPIRATION_SECONDS : spec.expirationSeconds;
    const meta = spec.serviceAccount.metadata;
    const kubernetes: KubernetesClaims = {
      namespace: meta.namespace ?? '',
      ...(spec.node ? { node: compactRef(spec.node) } : {}),
      ...(spec.pod ? { pod: compactRef(spec.pod) } : {}),
      ...(spec.secret ? { secret: compactRef(spec.secret) } : {}),
      serviceaccount: compactRef({ name: meta.name ?? '', uid: meta.uid ?? '' }),
      ...(extend ? { warnafter: iat + spec.expirationSeconds } : {}),
    };
    // Keys in the order go-jose writes them: it marshals the claims through a sorted map.
    const token = signJwt(this.key, {
      aud: [...spec.audiences],
      exp: iat + lifetime,
      iat,
      iss: ISSUER,
      jti: randomUUID(),
      'kubernetes.io': kubernetes,
      nbf: iat,
      sub: serviceAccountUsername(meta.namespace ?? '', meta.name ?? ''),
    });
    return {
      token,
      expirationTimestamp: new Date((iat + spec.expirationSeconds) * 1000),
    };
  }

  /** The user a token authenticates as, or undefined when it is not (or no longer) valid. */
  authenticate(token: string, now: Date): UserInfo | undefined {
    const claims = verifyJwt(this.key, token);
    if (!claims || claims.iss !== ISSUER) return undefined;
    const audiences = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
    if (!audiences.some((a) => typeof a === 'string' && API_AUDIENCES.includes(a)))
      return undefined;
    const nowSeconds = now.getTime() / 1000;
    // go-jose validates with a minute of leeway either side.
    if (typeof claims.exp !== 'number' || claims.exp + 60 < nowSeconds) return undefined;
    if (typeof claims.nbf === 'number' && claims.nbf - 60 > nowSeconds) return undefined;
    const k8s = (claims['kubernetes.io'] ?? {}) as KubernetesClaims;
    const namespace = k8s.namespace ?? '';
    const account = k8s.serviceaccount;
    if (!namespace || !account?.name) return undefined;
    const live = (resource: string, ref: ObjectRef, ns: string) =>
      this.isLive(resource, ns, ref, now);
    if (!live('serviceaccounts', account, namespace)) return undefined;
    if (k8s.pod && !live('pods', k8s.pod, namespace)) return undefined;
    if (k8s.secret && !live('secrets', k8s.secret, namespace)) return undefined;
    if (k8s.node && !k8s.pod && !live('nodes', k8s.node, '')) return undefined;
    const extra: Record<string, string[]> = {};
    if (typeof claims.jti === 'string') {
      extra['authentication.kubernetes.io/credential-id'] = [`JTI=${claims.jti}`];
    }
    if (k8s.node?.name) {
      extra['authentication.kubernetes.io/node-name'] = [k8s.node.name];
      if (k8s.node.uid) extra['authentication.kubernetes.io/node-uid'] = [k8s.node.uid];
    }
    if (k8s.pod?.name && k8s.pod.uid) {
      extra['authentication.kubernetes.io/pod-name'] = [k8s.pod.name];
      extra['authentication.kubernetes.io/pod-uid'] = [k8s.pod.uid];
    }
    return {
      name: serviceAccountUsername(namespace, account.name),
      ...(account.uid ? { uid: account.uid } : {}),
      groups: [...serviceAccountGroups(namespace), ALL_AUTHENTICATED],
      ...(Object.keys(extra).length ? { extra } : {}),
    };
  }

  /** The object exists with the token's UID and was not deleted over a minute ago. */
  private isLive(resource: string, namespace: string, ref: ObjectRef, now: Date): boolean {
    const object = this.storage.get(resource, namespace, ref.name);
    if (!object) return false;
    if (ref.uid && object.metadata.uid !== ref.uid) return false;
    const deleted = object.metadata.deletionTimestamp;
    return !deleted || Date.parse(deleted) + DELETION_GRACE_MS > now.getTime();
  }
}

/** Go's `omitempty` on the claim's name and uid. */
function compactRef(ref: ObjectRef): ObjectRef {
  return { name: ref.name, ...(ref.uid ? { uid: ref.uid } : {}) };
}

const byStorage = new WeakMap<Storage, ServiceAccountTokens>();

/**
 * Chooses the signing key of a cluster's tokens (the state directory's `sa.key`). Call it
 * before anything issues or checks a token; without it the process-wide key is used.
 */
export function useSigningKey(storage: Storage, key: SigningKey): ServiceAccountTokens {
  const tokens = new ServiceAccountTokens(storage, key);
  byStorage.set(storage, tokens);
  return tokens;
}

/**
 * The token issuer of the cluster kept in `storage`: the API server (TokenRequest,
 * authentication) and the kubelets (projected tokens) share it through the storage they share.
 */
export function serviceAccountTokens(storage: Storage): ServiceAccountTokens {
  return byStorage.get(storage) ?? useSigningKey(storage, processSigningKey());
}

/**
 * The token the kubelet writes into a pod's projected `serviceAccountToken` source: bound to
 * the pod (and its node), for the API server unless the projection names an audience.
 */
export function kubeletServiceAccountToken(
  storage: Storage,
  pod: KubeObject,
  now: Date,
  projection: { audience?: string; expirationSeconds?: number } = {},
): string {
  const namespace = pod.metadata.namespace ?? '';
  const spec = (pod.spec ?? {}) as { serviceAccountName?: string; nodeName?: string };
  const name = spec.serviceAccountName || 'default';
  const serviceAccount = storage.get('serviceaccounts', namespace, name) ?? {
    apiVersion: 'v1',
    kind: 'ServiceAccount',
    metadata: { name, namespace },
  };
  const node = spec.nodeName ? storage.get('nodes', '', spec.nodeName) : undefined;
  return serviceAccountTokens(storage).issue({
    serviceAccount,
    audiences: projection.audience ? [projection.audience] : API_AUDIENCES,
    expirationSeconds: projection.expirationSeconds ?? WARN_ONLY_EXPIRATION_SECONDS,
    pod: { name: pod.metadata.name ?? '', uid: pod.metadata.uid ?? '' },
    ...(spec.nodeName ? { node: { name: spec.nodeName, uid: node?.metadata.uid ?? '' } } : {}),
    now,
  }).token;
}
