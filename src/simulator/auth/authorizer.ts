/**
 * The authorizer chain of a kubeadm cluster (`--authorization-mode=Node,RBAC`, behind the
 * built-in privileged-group authorizer): `system:masters` may do anything, everyone else gets
 * what RBAC grants. The Node authorizer has no opinion on anyone but kubelets, which here are
 * not clients, so it is left out.
 */
import { type Decision, RbacAuthorizer, type RbacSource } from './rbac-authorizer.js';
import type { RequestAttributes } from './request-attributes.js';
import { KUBEADM_CLUSTER_ADMINS, SYSTEM_MASTERS } from './user-info.js';

export class Authorizer {
  readonly rbac: RbacAuthorizer;

  constructor(source: RbacSource) {
    this.rbac = new RbacAuthorizer(source);
  }

  authorize(attributes: RequestAttributes): Decision {
    const { groups } = attributes.user;
    if (groups.includes(SYSTEM_MASTERS)) return { allowed: true, reason: '' };
    const decision = this.rbac.authorize(attributes);
    if (decision.allowed) return decision;
    // A simulator safeguard, not kube-apiserver behaviour: the kubeconfig's admin reaches
    // cluster-admin through the `kubeadm:cluster-admins` binding, and a learner who deletes or
    // edits that binding must not lock the course engine (which uses the same kubeconfig) out.
    if (groups.includes(KUBEADM_CLUSTER_ADMINS)) return { allowed: true, reason: '' };
    return decision;
  }
}
