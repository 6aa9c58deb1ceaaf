/**
 * Who a request acts as, the way `k8s.io/apiserver/pkg/authentication/user.Info` carries it,
 * and the fixed names Kubernetes gives users and groups.
 */

export interface UserInfo {
  /** `kubernetes-admin`, `system:serviceaccount:default:default`. */
  name: string;
  uid?: string;
  groups: string[];
  /** Authenticator-provided facts, e.g. `authentication.kubernetes.io/pod-name`. */
  extra?: Record<string, string[]>;
}

/** `user.SystemPrivilegedGroup`: always allowed, before any authorizer looks. */
export const SYSTEM_MASTERS = 'system:masters';
export const ALL_AUTHENTICATED = 'system:authenticated';
export const ALL_UNAUTHENTICATED = 'system:unauthenticated';
export const ALL_SERVICE_ACCOUNTS = 'system:serviceaccounts';
/** kubeadm (1.29+) puts admin.conf's user in this group and binds it to `cluster-admin`. */
export const KUBEADM_CLUSTER_ADMINS = 'kubeadm:cluster-admins';

/**
 * The kubeconfig's user: kind writes kubeadm's admin.conf, whose client certificate has
 * CN=kubernetes-admin, O=kubeadm:cluster-admins since kubeadm 1.29 (before: O=system:masters).
 */
export const ADMIN_USER: UserInfo = {
  name: 'kubernetes-admin',
  groups: [KUBEADM_CLUSTER_ADMINS, ALL_AUTHENTICATED],
};

const SA_PREFIX = 'system:serviceaccount:';

/** `serviceaccount.MakeUsername`. */
export function serviceAccountUsername(namespace: string, name: string): string {
  return `${SA_PREFIX}${namespace}:${name}`;
}

/** `serviceaccount.MakeGroupNames`: every account is in both groups. */
export function serviceAccountGroups(namespace: string): string[] {
  return [ALL_SERVICE_ACCOUNTS, `${ALL_SERVICE_ACCOUNTS}:${namespace}`];
}

/**
 * `serviceaccount.SplitUsername`: `system:serviceaccount:<ns>:<name>` with exactly two
 * non-empty parts after the prefix, or undefined for any other user name.
 */
export function splitServiceAccountUsername(
  username: string,
): { namespace: string; name: string } | undefined {
  if (!username.startsWith(SA_PREFIX)) return undefined;
  const parts = username.slice(SA_PREFIX.length).split(':');
  if (parts.length !== 2) return undefined;
  const [namespace = '', name = ''] = parts;
  if (!namespace || !name) return undefined;
  return { namespace, name };
}
